"""Log-in input. Django's AuthenticationForm passes the request to `authenticate()`, which the
django-axes back-end needs to count failures per log-in name and address."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Log-in name and password, with a message that does not say which of the two was wrong."""

    username = forms.CharField(
        label=_("Log-in name"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The log-in name or the password is not correct. Passwords are case-sensitive."
        ),
    }
