"""Input of the public pledge page: a student's signature (POST).

The name and the identifier are read by `services.sign`, which answers with a message naming the
field; this form checks only that each field was filled and that the school is one of the list.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from vocweek.pledges.enums import IdentifierKind
from vocweek.pledges.queries import CitySchools


class SignForm(forms.Form):
    """Name, school (grouped by city), student number or mobile, and the identifier."""

    name = forms.CharField(
        label=_("Name"),
        max_length=30,
        error_messages={
            "required": _("Name: enter your name."),
            "max_length": _("Name: at most 30 characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    school = forms.TypedChoiceField(
        label=_("School"),
        coerce=int,
        error_messages={
            "required": _("School: choose your school."),
            "invalid_choice": _("School: choose your school from the list."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Sign with"),
        choices=IdentifierKind.choices,
        initial=IdentifierKind.STUDENT_NUMBER,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Sign with your student number or your mobile."),
            "invalid_choice": _("Sign with your student number or your mobile."),
        },
    )
    identifier = forms.CharField(
        label=_("Student number or mobile"),
        max_length=40,
        error_messages={
            "required": _("Student number or mobile: enter it to sign."),
            "max_length": _("Student number or mobile: at most 40 characters."),
        },
        help_text=_(
            "Used only to recognise a repeat signature; it is not stored, only a keyed hash of it."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, schools: list[CitySchools] | None, **kwargs):
        """`schools=None` checks only that a school number was sent (the signing path, which
        then looks that one school up); the page's form lists them all."""
        super().__init__(*args, **kwargs)
        if schools is None:
            self.fields["school"] = forms.IntegerField(
                min_value=1, error_messages=self.fields["school"].error_messages
            )
            self.fields["school"].error_messages["invalid"] = self.fields["school"].error_messages[
                "invalid_choice"
            ]
            self.fields["school"].error_messages["min_value"] = self.fields[
                "school"
            ].error_messages["invalid_choice"]
            return
        grouped = [
            (
                group.city or _("Other schools"),
                [(school.pk, school.name) for school in group.schools],
            )
            for group in schools
        ]
        self.fields["school"].choices = [("", _("Choose your school")), *grouped]
