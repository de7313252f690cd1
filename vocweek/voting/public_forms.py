"""Input of the public voting pages: the mobile to verify, then the code texted to it.

The mobile's format is checked by `services.request_code`, whose message names the field; these
forms check only that each field was filled.
"""

from django import forms
from django.utils.translation import gettext_lazy as _


class MobileForm(forms.Form):
    mobile = forms.CharField(
        label=_("Mobile"),
        max_length=20,
        error_messages={
            "required": _("Mobile: enter your mobile number."),
            "max_length": _("Mobile: enter an 11-digit mainland mobile number."),
        },
        help_text=_(
            "We text you a code. Only a keyed hash of the number is kept, never the number."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "inputmode": "tel", "placeholder": "138 0000 0000"}
        ),
    )


class CodeForm(forms.Form):
    mobile = forms.CharField(max_length=20, widget=forms.HiddenInput)
    code = forms.CharField(
        label=_("Code"),
        max_length=6,
        error_messages={
            "required": _("Code: enter the six digits texted to you."),
            "max_length": _("Code: enter the six digits texted to you."),
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
    )
