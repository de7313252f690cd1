"""Input of the console's voting pages: a selection's rules, network rules, an invalidation and a
unit's nomination.

Times are typed in the campaign's time zone: the views validate and render these forms inside
`timezone.override(campaign.zone)`, so a naive "2021-05-22T08:00" is read as Beijing time.
"""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vocweek.voting.enums import NetworkRuleKind
from vocweek.voting.models import Candidate, Invalidation, Selection
from vocweek.voting.services import SelectionRules

MOMENT_FORMAT = "%Y-%m-%dT%H:%M"


class MomentInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=MOMENT_FORMAT)


def _limit(label, maximum: int) -> forms.IntegerField:
    """A daily limit; each error names the field (lazily, in the language of the request)."""
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=maximum,
        error_messages={
            "required": format_lazy(_("{field}: enter a number."), field=label),
            "invalid": format_lazy(_("{field}: enter a whole number."), field=label),
            "min_value": format_lazy(_("{field}: at least 1."), field=label),
            "max_value": format_lazy(_("{field}: at most {limit}."), field=label, limit=maximum),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class SelectionForm(forms.Form):
    """A selection's title, description, voting window and limits, and the ranking switch."""

    title = forms.CharField(
        label=_("Title"),
        max_length=Selection._meta.get_field("title").max_length,
        error_messages={"required": _("Title: enter the selection's title.")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=Selection._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    opens_at = forms.DateTimeField(
        label=_("Voting opens at"),
        widget=MomentInput(),
        error_messages={
            "required": _("Opens at: enter when voting opens."),
            "invalid": _("Opens at: enter a date and time."),
        },
    )
    closes_at = forms.DateTimeField(
        label=_("Voting closes at"),
        widget=MomentInput(),
        error_messages={
            "required": _("Closes at: enter when voting closes."),
            "invalid": _("Closes at: enter a date and time."),
        },
    )
    votes_per_day = _limit(_("Votes per voter and day"), 100)
    votes_per_candidate_per_day = _limit(_("Votes per voter, candidate and day"), 100)
    votes_per_network_per_day = _limit(_("Votes per network and day"), 1_000_000)
    votes_per_device_per_day = _limit(_("Votes per device and day"), 1000)
    ranking_visible = forms.BooleanField(
        label=_("Show the votes and the ranking to the public while voting is open"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["votes_per_network_per_day"].help_text = _(
            "A school's or a company's network is shared by many; allow lists lift it."
        )

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("Closes at: voting must close after it opens."))
        per_day = cleaned.get("votes_per_day")
        per_candidate = cleaned.get("votes_per_candidate_per_day")
        if per_day and per_candidate and per_candidate > per_day:
            self.add_error(
                "votes_per_candidate_per_day",
                _("Votes per candidate: from 1 to the votes a voter has per day."),
            )
        return cleaned

    @classmethod
    def initial_from(cls, selection: Selection) -> dict[str, object]:
        return {name: getattr(selection, name) for name in SelectionRules.__dataclass_fields__}

    def rules(self) -> SelectionRules:
        return SelectionRules(
            **{name: self.cleaned_data[name] for name in SelectionRules.__dataclass_fields__}
        )


class NetworkRuleForm(forms.Form):
    """A network (CIDR) to allow beyond the network limit, or to block."""

    network = forms.CharField(
        label=_("Network"),
        max_length=50,
        help_text=_("For example 203.0.113.0/24 or 2001:db8::/48."),
        error_messages={"required": _("Network: write it as 203.0.113.0/24 or 2001:db8::/48.")},
    )
    kind = forms.ChoiceField(
        label=_("Rule"),
        choices=NetworkRuleKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Rule: allow or block the network.")},
    )
    note = forms.CharField(label=_("Note"), max_length=100, required=False)


class InvalidationForm(forms.Form):
    """The votes to set aside: every criterion given must match (at least one), and why."""

    network = forms.CharField(
        label=_("Network"),
        max_length=Invalidation._meta.get_field("network").max_length,
        required=False,
        help_text=_("As the flags and the log write it, e.g. 203.0.113.0/24."),
    )
    voter = forms.CharField(
        label=_("Voter"),
        max_length=64,
        required=False,
        help_text=_("The voter's code as the log keeps it (a keyed hash, never the mobile)."),
    )
    starts_at = forms.DateTimeField(
        label=_("From"),
        required=False,
        widget=MomentInput(attrs={"step": 1}),
        input_formats=[MOMENT_FORMAT, "%Y-%m-%dT%H:%M:%S"],
        error_messages={"invalid": _("From: enter a date and time.")},
    )
    ends_at = forms.DateTimeField(
        label=_("Until"),
        required=False,
        widget=MomentInput(attrs={"step": 1}),
        input_formats=[MOMENT_FORMAT, "%Y-%m-%dT%H:%M:%S"],
        error_messages={"invalid": _("Until: enter a date and time.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=Invalidation._meta.get_field("reason").max_length,
        error_messages={"required": _("Reason: say why these votes are set aside.")},
    )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("network", "voter", "starts_at", "ends_at")):
            raise forms.ValidationError(_("Choose a network, a voter or a time window."))
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("Until: the window must end after it starts."))
        return cleaned


class NominationForm(forms.Form):
    """A unit's nomination: the selection, the person's name, story and photo (checked and
    re-encoded by `services.nominate_candidate`)."""

    selection = forms.TypedChoiceField(
        label=_("Selection"),
        coerce=int,
        error_messages={
            "required": _("Selection: choose the selection."),
            "invalid_choice": _("Selection: choose one from the list."),
        },
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=Candidate._meta.get_field("name").max_length,
        error_messages={"required": _("Name: enter the name of the person you nominate.")},
    )
    story = forms.CharField(
        label=_("Story"),
        max_length=Candidate._meta.get_field("story").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What they did, in a few paragraphs; one paragraph per line."),
        error_messages={"required": _("Story: tell their story.")},
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_(
            "A portrait, JPEG, PNG, WebP or HEIC; it is re-encoded and its metadata dropped."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    def __init__(self, *args, selections: list[Selection], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selection"].choices = [
            (selection.pk, selection.title) for selection in selections
        ]
