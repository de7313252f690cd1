"""Input forms of information reporting: a unit's report text, and the captions and order of its media.

Forms only read input. The body may be simple HTML or plain paragraphs; plain text becomes `<p>`
paragraphs here, and the services sanitise whatever arrives.
"""

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from vocweek.campaigns.enums import ActivityLevel
from vocweek.campaigns.models import Campaign, ListedActivity
from vocweek.reports.enums import Category, Focus
from vocweek.reports.models import ReportMedia
from vocweek.reports.services import ReportContent

_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n")
_SIMPLE_PARAGRAPHS = re.compile(r"\s*(?:<p>(?:(?!</?p>).)*</p>\s*)+", re.S)
_ONLY_TEXT_TAGS = {"p", "/p", "br", "br/"}
# The same context as the templates' day headings: a month and day without the year.
DAY_FORMAT_CONTEXT = "month and day (Django date format)"


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def paragraphs_to_html(text: str) -> str:
    """Plain text to paragraphs: a blank line starts a paragraph, a single line break stays one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    paragraphs = [part.strip() for part in _PARAGRAPH_BREAK.split(text) if part.strip()]
    return "\n".join(
        "<p>" + "<br>".join(html.escape(line.strip()) for line in part.split("\n")) + "</p>"
        for part in paragraphs
    )


def body_for_editing(body: str) -> str:
    """A stored body as the unit edits it: plain paragraphs when it is nothing but paragraphs.

    Anything richer (lists, links, bold) stays HTML so that editing never loses it.
    """
    if not body or not _SIMPLE_PARAGRAPHS.fullmatch(body):
        return body
    tags = {match.group(0).strip("<>").split()[0].lower() for match in _TAG.finditer(body)}
    if not tags <= _ONLY_TEXT_TAGS:
        return body
    paragraphs = re.findall(r"<p>(.*?)</p>", body, re.S)
    text = "\n\n".join(
        html.unescape(re.sub(r"<br\s*/?>", "\n", paragraph)).strip() for paragraph in paragraphs
    )
    # Text that would read as markup once unescaped must stay escaped HTML.
    return body if looks_like_html(text) else text


class ListedActivityField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ListedActivity) -> str:
        return f"{obj.position}. {obj.title}"


class ReportForm(forms.Form):
    """What a unit writes: title, category, focus, the listed activity, the body.

    `version` is the report's version the form was shown with; `for_day` appears only while an
    earlier day of the week may still be filed for (补报).
    """

    title = forms.CharField(label=_("Title"), max_length=120)
    category = forms.ChoiceField(label=_("Category"))
    focus = forms.ChoiceField(label=_("Publicity focus"), required=False)
    listed_activity = ListedActivityField(
        label=_("Listed activity"),
        queryset=ListedActivity.objects.none(),
        required=False,
        empty_label=_("Not part of a listed activity"),
        help_text=_("If the report is about an activity of the national or provincial list."),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Write plain text and leave an empty line between paragraphs; simple HTML "
            "(paragraphs, bold, lists, links) is kept as well. Scripts and styles are removed."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    for_day = forms.TypedChoiceField(
        label=_("Counts for"),
        required=False,
        coerce=date.fromisoformat,
        empty_value=None,
        help_text=_("Filing for an earlier day of the week that has no report yet marks it late."),
    )

    def __init__(
        self,
        *args,
        campaign: Campaign,
        late_days: list[date] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Choose a category")), *Category.choices]
        self.fields["focus"].choices = [("", _("None in particular")), *Focus.choices]
        activities = self.fields["listed_activity"]
        activities.queryset = campaign.listed_activities.order_by("level", "position")
        activities.choices = _grouped_activities(activities)
        if late_days:
            self.fields["for_day"].choices = [
                ("", _("Today")),
                *((day.isoformat(), _day_label(campaign, day)) for day in late_days),
            ]
        else:
            del self.fields["for_day"]

    @property
    def offers_late_filing(self) -> bool:
        return "for_day" in self.fields

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        return body if looks_like_html(body) else paragraphs_to_html(body)

    def content(self) -> ReportContent:
        data = self.cleaned_data
        return ReportContent(
            title=data["title"],
            body=data["body"],
            category=data["category"],
            focus=data["focus"],
            listed_activity=data["listed_activity"],
        )


def _grouped_activities(field: ListedActivityField) -> list:
    groups: dict[str, list[tuple[int, str]]] = {}
    for activity in field.queryset:
        groups.setdefault(activity.level, []).append(
            (activity.pk, field.label_from_instance(activity))
        )
    labels = {
        ActivityLevel.NATIONAL: _("National list"),
        ActivityLevel.PROVINCIAL: _("Provincial list"),
    }
    return [("", field.empty_label)] + [
        (labels.get(level, level), options) for level, options in groups.items()
    ]


def _day_label(campaign: Campaign, day: date) -> str:
    return _("Day %(number)s · %(date)s") % {
        "number": campaign.day_number(day),
        "date": date_format(day, pgettext(DAY_FORMAT_CONTEXT, "N j")),
    }


def initial_for(report) -> dict[str, object]:
    """The report form's starting values for an existing report."""
    return {
        "title": report.title,
        "category": report.category,
        "focus": report.focus,
        "listed_activity": report.listed_activity_id,
        "body": body_for_editing(report.body),
        "version": report.version,
    }


@dataclass(frozen=True)
class MediaRow:
    """One existing photo or video with its caption, position and remove fields."""

    media: ReportMedia
    caption: forms.BoundField
    position: forms.BoundField
    remove: forms.BoundField


class MediaEditForm(forms.Form):
    """Captions, order and removal of a report's existing media, one set of fields per item."""

    prefix = "media"

    def __init__(self, *args, media: list[ReportMedia], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.media_items = list(media)
        count = len(self.media_items)
        for index, item in enumerate(self.media_items, start=1):
            self.fields[f"caption_{item.pk}"] = forms.CharField(
                label=_("Caption of %(name)s") % {"name": item.original_name},
                max_length=200,
                required=False,
                initial=item.caption,
            )
            self.fields[f"position_{item.pk}"] = forms.IntegerField(
                label=_("Position of %(name)s") % {"name": item.original_name},
                min_value=1,
                max_value=max(count, 1),
                required=False,
                initial=index,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            self.fields[f"remove_{item.pk}"] = forms.BooleanField(label=_("Remove"), required=False)

    def rows(self) -> Iterator[MediaRow]:
        for item in self.media_items:
            yield MediaRow(
                media=item,
                caption=self[f"caption_{item.pk}"],
                position=self[f"position_{item.pk}"],
                remove=self[f"remove_{item.pk}"],
            )

    def removed(self) -> list[ReportMedia]:
        return [item for item in self.media_items if self.cleaned_data.get(f"remove_{item.pk}")]

    def kept(self) -> list[ReportMedia]:
        removed = {item.pk for item in self.removed()}
        return [item for item in self.media_items if item.pk not in removed]

    def captions(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"caption_{item.pk}"] for item in self.kept()}

    def order(self) -> list[int]:
        """The kept items' ids in their new order, by the position asked for.

        An item moved up goes before the one already at its new position, an item moved down
        after it, so that "move the third to position 1" does what it says.
        """
        removed = {item.pk for item in self.removed()}
        ranked = []
        for index, item in enumerate(self.media_items, start=1):
            if item.pk in removed:
                continue
            wanted = self.cleaned_data.get(f"position_{item.pk}") or index
            direction = (wanted > index) - (wanted < index)
            ranked.append((wanted, direction, index, item.pk))
        return [pk for *_key, pk in sorted(ranked)]

    def reorders_or_recaptions(self) -> bool:
        kept = self.kept()
        changed_captions = any(self.captions()[item.pk] != item.caption for item in kept)
        return changed_captions or self.order() != [item.pk for item in kept]
