"""Input of the public calendar: its filters (GET) and a visitor's registration (POST)."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vocweek.activities.enums import ActivityKind, Audience, Mode
from vocweek.activities.queries import CalendarFilter, CityChoice
from vocweek.core.phones import MOBILE, normalise_mobile

ALL = ("", _("All"))
ALL_DAYS = "all"


class CalendarFilterForm(forms.Form):
    """Day, city, kind, mode and audience. A value that is not one of the choices is ignored, as
    if it had not been given: a shared link with a stale filter still shows a calendar."""

    day = forms.ChoiceField(label=_("Day"), required=False)
    city = forms.ChoiceField(label=pgettext_lazy("coverage", "City"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[ALL, *ActivityKind.choices])
    mode = forms.ChoiceField(label=_("Mode"), required=False, choices=[ALL, *Mode.choices])
    audience = forms.ChoiceField(
        label=_("Audience"), required=False, choices=[ALL, *Audience.choices]
    )

    def __init__(self, data, *, days: list[date], cities: list[CityChoice]):
        super().__init__(data)
        self.fields["day"].choices = [
            (ALL_DAYS, _("All days")),
            *((day.isoformat(), day.isoformat()) for day in days),
        ]
        self.fields["city"].choices = [ALL, *((city.key, city.name) for city in cities)]

    def chosen(self, default_day: date | None) -> CalendarFilter:
        """The valid filters; the day is `default_day` unless a day (or all days) was chosen."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        day_text = cleaned.get("day") or ""
        if day_text == ALL_DAYS:
            day = None
        elif day_text:
            day = date.fromisoformat(day_text)
        else:
            day = default_day
        return CalendarFilter(
            day=day,
            city=cleaned.get("city") or "",
            kind=cleaned.get("kind") or "",
            mode=cleaned.get("mode") or "",
            audience=cleaned.get("audience") or "",
        )

    def narrowed(self) -> bool:
        """Whether anything besides the day was chosen."""
        cleaned = getattr(self, "cleaned_data", {})
        return any(cleaned.get(name) for name in ("city", "kind", "mode", "audience"))


class RegistrationForm(forms.Form):
    """Name and mobile; the number of people only when the activity lets a visitor bring others.
    Each message names its field, as the service's own do."""

    name = forms.CharField(
        label=_("Name"),
        max_length=30,
        error_messages={
            "required": _("Name: enter your name."),
            "max_length": _("Name: at most %(limit_value)d characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    mobile = forms.CharField(
        label=_("Mobile"),
        max_length=20,
        error_messages={
            "required": _("Mobile: enter an 11-digit mainland mobile number."),
            "max_length": _("Mobile: enter an 11-digit mainland mobile number."),
        },
        help_text=_("Your confirmation and check-in code are sent to this number."),
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "inputmode": "tel", "placeholder": "13800000000"}
        ),
    )
    party_size = forms.TypedChoiceField(
        label=_("People"),
        coerce=int,
        error_messages={
            "required": _("People: choose how many people come."),
            "invalid_choice": _("People: choose how many people come."),
        },
    )

    def __init__(self, *args, max_party_size: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        if max_party_size > 1:
            self.fields["party_size"].choices = [
                (number, str(number)) for number in range(1, max_party_size + 1)
            ]
            self.fields["party_size"].help_text = _("Yourself included.")
        else:
            del self.fields["party_size"]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Name: enter your name."))
        return name

    def clean_mobile(self) -> str:
        mobile = normalise_mobile(self.cleaned_data["mobile"])
        if not MOBILE.fullmatch(mobile):
            raise forms.ValidationError(_("Mobile: enter an 11-digit mainland mobile number."))
        return mobile

    @property
    def people(self) -> int:
        return self.cleaned_data.get("party_size", 1)
