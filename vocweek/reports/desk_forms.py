"""Input of the review desk (input only): the queue's filters, bulk actions, one report's review.

Which actions a reviewer may take is decided by the permissions of `reports.rules`; the forms only
offer what `offered_actions()` lists for the user and check that what came back is complete.
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from vocweek.campaigns.models import Campaign
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit
from vocweek.orgs.rules import is_city_reviewer
from vocweek.reports.desk_queries import ALL_STATES, AWAITING_MINE, DeskFilters
from vocweek.reports.enums import AdoptionLevel, Category, State
from vocweek.reports.rules import is_province_staff

NOTE_REQUIRED = _("Say what the unit should change: the note is required.")


@dataclass(frozen=True)
class DeskAction:
    """One review verb: its button, the permissions that allow it (any one), what it reports."""

    name: str
    label: Promise
    permissions: tuple[str, ...]
    done: Promise  # ngettext with %(count)s


ADOPT = DeskAction(
    "adopt",
    _("Adopt"),
    ("reports.review_report",),
    ngettext_lazy("%(count)s report adopted", "%(count)s reports adopted", "count"),
)
RETURN = DeskAction(
    "return",
    _("Return for changes"),
    ("reports.review_report", "reports.city_review_report"),
    ngettext_lazy(
        "%(count)s report returned for changes", "%(count)s reports returned for changes", "count"
    ),
)
DECLINE = DeskAction(
    "decline",
    _("Do not adopt"),
    ("reports.review_report",),
    ngettext_lazy("%(count)s report not adopted", "%(count)s reports not adopted", "count"),
)
CITY_APPROVE = DeskAction(
    "city_approve",
    _("Pass city review"),
    ("reports.city_review_report",),
    ngettext_lazy(
        "%(count)s report passed on to the province",
        "%(count)s reports passed on to the province",
        "count",
    ),
)
FEATURE = DeskAction(
    "feature",
    _("Feature"),
    ("reports.feature_report",),
    ngettext_lazy(
        "%(count)s report featured in the publicity column",
        "%(count)s reports featured in the publicity column",
        "count",
    ),
)
UNFEATURE = DeskAction(
    "unfeature",
    _("Take out of the column"),
    ("reports.feature_report",),
    ngettext_lazy(
        "%(count)s report taken out of the publicity column",
        "%(count)s reports taken out of the publicity column",
        "count",
    ),
)
RECORD_ADOPTION = DeskAction(
    "record_adoption",
    _("Record the adoption"),
    ("reports.record_adoption",),
    ngettext_lazy("%(count)s adoption recorded", "%(count)s adoptions recorded", "count"),
)

ACTIONS: dict[str, DeskAction] = {
    action.name: action
    for action in (ADOPT, RETURN, DECLINE, CITY_APPROVE, FEATURE, UNFEATURE, RECORD_ADOPTION)
}


def offered_actions(user, *, city_review: bool) -> list[DeskAction]:
    """The bulk actions the user's role can take at all; each report is still checked itself."""
    if is_province_staff.test(user):
        return [ADOPT, RETURN, DECLINE, FEATURE, UNFEATURE]
    if is_city_reviewer.test(user) and city_review:
        return [CITY_APPROVE, RETURN]
    return []


def may_order_column(user) -> bool:
    """Only province staff arrange the publicity column (they are the ones who feature)."""
    return bool(is_province_staff.test(user))


# ---------- the queue's filters ----------


def day_label(campaign: Campaign, day: date) -> str:
    return str(_("Day %(number)s") % {"number": campaign.day_number(day)})


class DeskFilterForm(forms.Form):
    """Narrow the queue (GET parameters); anything invalid is ignored, never an error page."""

    state = forms.ChoiceField(label=_("State"), required=False)
    day = forms.TypedChoiceField(
        label=_("Day"),
        required=False,
        coerce=date.fromisoformat,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    city = forms.ModelChoiceField(
        label=_("City"), queryset=Unit.objects.none(), required=False, empty_label=_("All cities")
    )
    unit = forms.CharField(
        label=_("Unit name"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Part of the name")}),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *Category.choices],
    )

    def __init__(self, data, *, user, campaign: Campaign) -> None:
        super().__init__(data)
        self.campaign = campaign
        filed = [(value, label) for value, label in State.choices if value in State.filed()]
        self.fields["state"].choices = [
            (AWAITING_MINE, _("Awaiting my action")),
            (ALL_STATES, _("All states")),
            *filed,
        ]
        self.fields["day"].choices = [
            ("", _("All days")),
            *((day.isoformat(), day_label(campaign, day)) for day in campaign.days),
        ]
        self.fields["city"].queryset = Unit.objects.visible_to(user).filter(kind=UnitKind.CITY)

    def filters(self) -> DeskFilters:
        """The filters asked for; an invalid value counts as not given."""
        self.is_valid()
        chosen = getattr(self, "cleaned_data", {})
        return DeskFilters(
            state=chosen.get("state") or AWAITING_MINE,
            day=chosen.get("day"),
            city=chosen.get("city"),
            unit=(chosen.get("unit") or "").strip(),
            category=chosen.get("category") or "",
        )

    def day_chips(self) -> list[tuple[str, str, str, bool]]:
        """(value, label, date, chosen) for the day chips."""
        chosen = self.data.get("day", "") if self.is_bound else ""
        chips = [("", str(_("All days")), "", chosen == "")]
        for day in self.campaign.days:
            value = day.isoformat()
            chips.append(
                (value, day_label(self.campaign, day), f"{day.month}/{day.day}", chosen == value)
            )
        return chips


# ---------- actions ----------


class _ActionFields(forms.Form):
    level = forms.ChoiceField(
        label=_("Adoption level"),
        choices=AdoptionLevel.choices,
        initial=AdoptionLevel.PROVINCE_PLATFORM,
        required=False,
    )
    outlet = forms.CharField(
        label=_("Outlet"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. bulletin no. 3, Shanxi Daily")}),
    )
    note = forms.CharField(
        label=_("Note to the unit"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when returning a report; optional when not adopting it."),
    )

    def __init__(self, data=None, *, actions: list[DeskAction], **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.fields["action"] = forms.ChoiceField(
            choices=[(action.name, action.label) for action in actions],
            error_messages={"invalid_choice": _("This action is not open to you.")},
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == RETURN.name and not (cleaned.get("note") or "").strip():
            self.add_error("note", NOTE_REQUIRED)
        if cleaned.get("action") == ADOPT.name and not cleaned.get("level"):
            cleaned["level"] = AdoptionLevel.PROVINCE_PLATFORM  # what adopting means by default
        if cleaned.get("action") == RECORD_ADOPTION.name and not cleaned.get("level"):
            self.add_error("level", _("Choose where the report was adopted."))
        return cleaned


class DeskBulkForm(_ActionFields):
    """Act on the ticked reports of the queue; each comes with the version the reviewer saw."""

    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        selection: list[tuple[int, int]] = []
        for value in self.data.getlist("report"):
            try:
                pk = int(value)
                version = int(self.data.get(f"version-{pk}", ""))
            except ValueError:
                continue
            if (pk, version) not in selection:
                selection.append((pk, version))
        if not selection:
            raise ValidationError(_("Tick at least one report first."))
        cleaned["selection"] = selection
        return cleaned

    def selected_pks(self) -> set[int]:
        return {int(value) for value in self.data.getlist("report") if value.isdigit()}


class ReviewForm(_ActionFields):
    """One action on one report from its review page."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    adopted_on = forms.DateField(
        label=_("Adopted on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    cover = forms.ModelChoiceField(
        label=_("Cover image"),
        queryset=None,
        required=False,
        empty_label=_("No cover"),
        widget=forms.RadioSelect,
    )
    position = forms.IntegerField(label=_("Position in the column"), min_value=1, required=False)

    def __init__(
        self,
        data=None,
        *,
        actions: list[DeskAction],
        photos,
        column_size: int,
        recorded_levels: frozenset[str] = frozenset(),
        **kwargs,
    ) -> None:
        super().__init__(data, actions=actions, **kwargs)
        self.recorded_levels = recorded_levels
        self.fields["cover"].queryset = photos
        self.fields["position"].max_value = column_size + 1
        self.fields["position"].widget.attrs["max"] = column_size + 1
        self.fields["position"].initial = 1
        self.fields["position"].help_text = _("1 is the top of the column.")
        self.record_level_choices = [
            (value, label) for value, label in AdoptionLevel.choices if value not in recorded_levels
        ]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("action") == RECORD_ADOPTION.name
            and cleaned.get("level") in self.recorded_levels
        ):
            self.add_error("level", _("This level is recorded already."))
        return cleaned
