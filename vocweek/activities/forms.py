"""Input forms of the activity calendar's console: the activity itself, the organiser's decision,
the calendar rules, a check-in code and the coverage grid's switch.

Forms only read input. The rules that span fields (an on-site activity needs a venue, a skill
service a service type) are the service's (`services.ActivityError`, shown at the top of the
form); times are typed in the campaign's time zone whatever the browser's.
"""

from zoneinfo import ZoneInfo

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vocweek.activities.enums import ActivityKind, Audience, Level, Mode, ServiceType
from vocweek.activities.models import Activity
from vocweek.activities.services import MAX_PARTY_SIZE, ActivityContent
from vocweek.core.forms import ZonedDateTimeField

SUBMIT = "submit"
APPROVE = "approve"
RETURN = "return"


def _max_length(name: str) -> int:
    return Activity._meta.get_field(name).max_length


def _choices(choices, blank) -> list[tuple[str, str]]:
    return [("", blank), *choices]


class LinkField(forms.URLField):
    """A web address on http or https only; without a scheme, https is assumed."""

    default_validators = [URLValidator(schemes=["http", "https"])]

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault(
            "widget",
            # Text, not type=url: browsers refuse an address without https://, which we add.
            forms.TextInput(
                attrs={
                    "inputmode": "url",
                    "autocapitalize": "none",
                    "spellcheck": "false",
                    "placeholder": "https://",
                }
            ),
        )
        super().__init__(**kwargs)


class ActivityForm(forms.Form):
    """What a unit writes about an activity; `content()` hands it to the services.

    `version` is the version of the activity the form was shown with (empty for a new one).
    """

    title = forms.CharField(label=_("Title"), max_length=_max_length("title"))
    description = forms.CharField(
        label=_("Description"),
        max_length=Activity._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What visitors will see and do (at most 2000 characters)."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=_choices(ActivityKind.choices, _("Choose a kind"))
    )
    service_type = forms.ChoiceField(
        label=_("Service type"),
        choices=_choices(ServiceType.choices, _("Not a skill service")),
        required=False,
        help_text=_("Only for a skill service: what it offers."),
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=_choices(Mode.choices, _("Choose a mode")))
    level = forms.ChoiceField(
        label=pgettext_lazy("activity", "Level"),
        choices=_choices(Level.choices, _("Choose a level")),
    )
    audience = forms.ChoiceField(
        label=_("Audience"), choices=_choices(Audience.choices, _("Choose an audience"))
    )
    venue = forms.CharField(label=_("Venue"), max_length=_max_length("venue"), required=False)
    address = forms.CharField(label=_("Address"), max_length=_max_length("address"), required=False)
    online_url = LinkField(
        label=_("Online link"), max_length=_max_length("online_url"), required=False
    )
    livestream_url = LinkField(
        label=_("Livestream link"), max_length=_max_length("livestream_url"), required=False
    )
    livestream_platform = forms.CharField(
        label=_("Livestream platform"),
        max_length=_max_length("livestream_platform"),
        required=False,
        help_text=_("For example 抖音, 快手 or 微信视频号."),
    )
    registration_required = forms.BooleanField(
        label=_("Visitors register in advance"), required=False
    )
    capacity = forms.IntegerField(
        label=pgettext_lazy("activity", "Places"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for no limit."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    max_party_size = forms.IntegerField(
        label=_("People per registration"),
        min_value=1,
        max_value=MAX_PARTY_SIZE,
        initial=1,
        help_text=_("1: everyone registers alone; more lets a visitor bring family or classmates."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    contact_name = forms.CharField(label=_("Contact"), max_length=_max_length("contact_name"))
    contact_phone = forms.CharField(
        label=_("Contact telephone"),
        max_length=_max_length("contact_phone"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, zone: ZoneInfo, zone_label: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name] = ZonedDateTimeField(
                label=_("Starts at") if name == "starts_at" else _("Ends at"),
                zone=zone,
                help_text=_("In %(zone)s.") % {"zone": zone_label},
            )
        self.order_fields(
            [
                *("title", "description", "kind", "service_type", "mode", "level", "audience"),
                *("starts_at", "ends_at"),
            ]
        )
        for field in self.fields.values():
            field.error_messages.update(_messages_naming(field))

    def content(self) -> ActivityContent:
        data = self.cleaned_data
        return ActivityContent(
            title=data["title"].strip(),
            description=data["description"].strip(),
            kind=data["kind"],
            service_type=data["service_type"],
            mode=data["mode"],
            level=data["level"],
            audience=data["audience"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            venue=data["venue"].strip(),
            address=data["address"].strip(),
            online_url=data["online_url"],
            livestream_url=data["livestream_url"],
            livestream_platform=data["livestream_platform"].strip(),
            registration_required=data["registration_required"],
            capacity=data["capacity"],
            max_party_size=data["max_party_size"] or 1,
            contact_name=data["contact_name"].strip(),
            contact_phone=data["contact_phone"].strip(),
        )


def _messages_naming(field: forms.Field) -> dict[str, str]:
    """Error messages that name the field, so a list of them at the top of a phone's screen
    still says which field is wrong."""
    label = field.label
    messages = {
        "required": _("%(field)s: this is required.") % {"field": label},
        "max_length": _("%(field)s: at most %%(limit_value)d characters.") % {"field": label},
        "invalid_choice": _("%(field)s: choose one of the list.") % {"field": label},
    }
    if isinstance(field, forms.IntegerField):
        messages.update(
            invalid=_("%(field)s: enter a whole number.") % {"field": label},
            min_value=_("%(field)s: at least %%(limit_value)s.") % {"field": label},
            max_value=_("%(field)s: at most %%(limit_value)s.") % {"field": label},
        )
    elif isinstance(field, forms.DateTimeField):
        messages["invalid"] = _("%(field)s: enter a date and a time.") % {"field": label}
    elif isinstance(field, forms.URLField):
        messages["invalid"] = _(
            "%(field)s: enter the full address, beginning with https:// or http://."
        ) % {"field": label}
    return messages


def activity_initial(activity: Activity) -> dict[str, object]:
    """The form's values from a stored activity."""
    names = [name for name in ActivityForm.base_fields if name != "version"]
    initial = {name: getattr(activity, name) for name in names}
    initial.update(starts_at=activity.starts_at, ends_at=activity.ends_at, version=activity.version)
    return initial


class DecisionForm(forms.Form):
    """The organiser approves an activity awaiting approval, or returns it with a note."""

    action = forms.ChoiceField(choices=[(APPROVE, APPROVE), (RETURN, RETURN)])
    note = forms.CharField(
        label=_("Note to the unit"),
        max_length=Activity._meta.get_field("review_note").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when returning: say what the unit should change."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CalendarRulesForm(forms.Form):
    approval_required = forms.BooleanField(
        label=_("Activities need the organiser's approval before they are public"),
        required=False,
    )


class CheckInForm(forms.Form):
    """A check-in code as typed or scanned; the service reads it (case, spaces and dashes aside)."""

    code = forms.CharField(
        label=_("Check-in code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "enterkeyhint": "go",
            }
        ),
    )


class CoverageForm(forms.Form):
    include_drafts = forms.BooleanField(
        label=_("Also count activities not yet published"), required=False
    )
