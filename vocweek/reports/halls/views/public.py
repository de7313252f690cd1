"""The public face of exhibition halls (线上展厅): the directory and one hall's page.

Anyone may read these pages; what they show comes only from `halls.queries`, which returns
published halls alone, so a draft or withdrawn hall answers 404.
"""

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vocweek.reports.halls import queries
from vocweek.reports.halls.queries import DirectoryChoice
from vocweek.reports.sharing import share_meta

# Livestream start times are shown as Chinese viewers read them, whatever the server's zone.
HALL_TIME_ZONE = "Asia/Shanghai"
ALL = ("", gettext_lazy("All"))


class DirectoryFilterForm(forms.Form):
    """City and kind of unit (GET); choices come from the published halls, so no filter is empty
    and an unknown value is ignored rather than answered with an error."""

    city = forms.ChoiceField(label=gettext_lazy("City"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of school"), required=False)

    def __init__(self, data, *, cities: list[DirectoryChoice], kinds: list[DirectoryChoice]):
        super().__init__(data)
        self.fields["city"].choices = [ALL, *((city.value, _labelled(city)) for city in cities)]
        self.fields["kind"].choices = [ALL, *((kind.value, _labelled(kind)) for kind in kinds)]

    def filters(self) -> dict[str, str]:
        """Keyword arguments for `HallDirectory.groups`: the valid filters only."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in ("city", "kind") if cleaned.get(name)}


def _labelled(choice: DirectoryChoice) -> str:
    return f"{choice.label} ({choice.count})"


def index(request: HttpRequest) -> HttpResponse:
    """Every published hall by city, filtered by city and kind of school."""
    directory = queries.hall_directory()
    form = DirectoryFilterForm(
        request.GET, cities=directory.group_choices(), kinds=directory.kind_choices()
    )
    filters = form.filters()
    groups = directory.groups(group=filters.get("city", ""), kind=filters.get("kind", ""))
    first = next((card for group in groups for card in group.halls if card.cover), None)
    return render(
        request,
        "reports/halls/public/index.html",
        {
            "form": form,
            "filtered": bool(filters),
            "groups": groups,
            "shown": sum(len(group.halls) for group in groups),
            "total": directory.count,
            "share": share_meta(
                request,
                title=_("Online exhibition halls"),
                description=_(
                    "Visit the vocational schools online: campus panoramas, photos, videos, "
                    "majors and enrolment."
                ),
                cover=first.cover if first else None,
            ),
        },
    )


def hall(request: HttpRequest, pk: int) -> HttpResponse:
    """One published hall; a draft or withdrawn hall answers 404."""
    found = queries.public_hall(pk)
    if found is None:
        raise Http404
    albums = [album for album in found.albums.all() if album.ready_photos]
    cover = queries.hall_cover(found)
    return render(
        request,
        "reports/halls/public/hall.html",
        {
            "hall": found,
            "cover": cover,
            "albums": albums,
            "videos": found.ready_videos,
            "panoramas": queries.panorama_scenes(found),
            "majors": list(found.majors.all()),
            "links": list(found.links.all()),
            "stories": queries.hall_stories(found),
            "time_zone": HALL_TIME_ZONE,
            "share": share_meta(
                request,
                title=found.unit.name,
                description=queries.hall_summary(found),
                cover=cover,
            ),
            "page_url": request.build_absolute_uri(request.path),
        },
    )
