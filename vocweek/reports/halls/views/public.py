"""The public face of exhibition halls (线上展厅): the directory and one hall's page.

Anyone may read these pages; what they show comes only from `halls.queries`, which returns
published halls alone, so a draft or withdrawn hall answers 404.
"""

from dataclasses import dataclass

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vocweek.core.pagecache import public_fragment
from vocweek.reports.halls import queries
from vocweek.reports.halls.models import HallMedia
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


@dataclass(frozen=True)
class RenderedPart:
    """A rendered part of a public page and the cover photo its share card shows."""

    html: str
    cover: HallMedia | None


def directory_listing(query: QueryDict) -> RenderedPart:
    """The filters and the halls by city for a query, rendered."""
    directory = queries.hall_directory()
    form = DirectoryFilterForm(
        query, cities=directory.group_choices(), kinds=directory.kind_choices()
    )
    filters = form.filters()
    groups = directory.groups(group=filters.get("city", ""), kind=filters.get("kind", ""))
    first = next((card for group in groups for card in group.halls if card.cover), None)
    context = {
        "form": form,
        "filtered": bool(filters),
        "groups": groups,
        "shown": sum(len(group.halls) for group in groups),
        "total": directory.count,
    }
    html = render_to_string("reports/halls/public/index.html#listing", context)
    return RenderedPart(html=html, cover=first.cover if first else None)


def index(request: HttpRequest) -> HttpResponse:
    """Every published hall by city, filtered by city and kind of school."""
    listing = public_fragment(
        "hall-directory", (request.GET.urlencode(),), lambda: directory_listing(request.GET)
    )
    return render(
        request,
        "reports/halls/public/index.html",
        {
            "listing": listing.html,
            "share": share_meta(
                request,
                title=_("Online exhibition halls"),
                description=_(
                    "Visit the vocational schools online: campus panoramas, photos, videos, "
                    "majors and enrolment."
                ),
                cover=listing.cover,
            ),
        },
    )


@dataclass(frozen=True)
class HallPage:
    """A published hall's page, rendered, and what its head and share card show."""

    name: str
    summary: str
    cover: HallMedia | None
    has_panoramas: bool
    html: str


def hall_page(pk: int, path: str, page_url: str) -> HallPage | None:
    """The hall's page as shown at `page_url`, or None when the hall is not published."""
    found = queries.public_hall(pk)
    if found is None:
        return None
    albums = [album for album in found.albums.all() if album.ready_photos]
    cover = queries.hall_cover(found)
    panoramas = queries.panorama_scenes(found)
    context = {
        "hall": found,
        "cover": cover,
        "albums": albums,
        "videos": found.ready_videos,
        "panoramas": panoramas,
        "majors": list(found.majors.all()),
        "links": list(found.links.all()),
        "stories": queries.hall_stories(found),
        "time_zone": HALL_TIME_ZONE,
        "page_path": path,
        "page_url": page_url,
    }
    return HallPage(
        name=found.unit.name,
        summary=queries.hall_summary(found),
        cover=cover,
        has_panoramas=bool(panoramas),
        html=render_to_string("reports/halls/public/hall.html#article", context),
    )


def hall(request: HttpRequest, pk: int) -> HttpResponse:
    """One published hall; a draft or withdrawn hall answers 404."""
    page_url = request.build_absolute_uri(request.path)
    page = public_fragment("hall", (pk, page_url), lambda: hall_page(pk, request.path, page_url))
    if page is None:
        raise Http404
    return render(
        request,
        "reports/halls/public/hall.html",
        {
            "hall": page,
            "panoramas": page.has_panoramas,
            "article": page.html,
            "share": share_meta(
                request, title=page.name, description=page.summary, cover=page.cover
            ),
        },
    )
