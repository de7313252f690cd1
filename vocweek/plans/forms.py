"""Input forms of activity plans: the unit's plan and liaison, the organiser's reopening, and the
overview's filters.

Forms only read input. The document is checked by content in the service (`check_document`), so
the form asks only whether one was chosen; the topic website is normalised here (scheme and host
in lower case, no fragment) so that the same address is never checked twice.
"""

from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from vocweek.campaigns.models import Liaison
from vocweek.core.forms import ZonedDateTimeField
from vocweek.core.phones import MOBILE, normalise_mobile
from vocweek.plans.enums import PlanStanding
from vocweek.plans.models import ActivityPlan
from vocweek.plans.services import LiaisonContent, PlanContent

DOCUMENT_ACCEPT = ".pdf,.doc,.docx,.wps"
# What a datetime-local input sends and shows: minutes, no zone.


class WebsiteField(forms.URLField):
    """A web address on http or https only; without a scheme, https is assumed."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {
        "invalid": _("Enter the topic website's full address, beginning with https:// or http://.")
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)

    def to_python(self, value) -> str:
        url = super().to_python(value)
        if not url:
            return url
        parts = urlsplit(url)
        return urlunsplit(
            (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
        )


class PlanForm(forms.Form):
    """What a unit files: the plan document, a summary, its topic website and its liaison.

    The document is required for a first filing and optional when replacing; `version` is the
    version of the plan the form was shown with (empty before the first filing).
    """

    document = forms.FileField(
        label=_("Plan document"),
        widget=forms.FileInput(attrs={"accept": DOCUMENT_ACCEPT}),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=ActivityPlan._meta.get_field("summary").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What your unit plans for the week, in a few sentences (at most 1000 characters)."
        ),
    )
    topic_website = WebsiteField(
        label=_("Topic website"),
        max_length=ActivityPlan._meta.get_field("topic_website").max_length,
        # Text, not type=url: browsers refuse an address without https://, which we add ourselves.
        widget=forms.TextInput(
            attrs={
                "inputmode": "url",
                "autocomplete": "url",
                "autocapitalize": "none",
                "spellcheck": "false",
                "placeholder": "https://",
            }
        ),
        help_text=_("The address of your unit's topic website for the activity week."),
    )
    liaison_name = forms.CharField(
        label=_("Liaison's name"),
        max_length=Liaison._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    liaison_mobile = forms.CharField(
        label=_("Liaison's mobile"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    liaison_email = forms.EmailField(
        label=_("Liaison's e-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    liaison_position = forms.CharField(
        label=_("Liaison's job title"),
        max_length=Liaison._meta.get_field("position").max_length,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, document_required: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        document = self.fields["document"]
        document.required = document_required
        if document_required:
            document.help_text = _("PDF, DOCX, DOC or WPS.")
        else:
            document.help_text = _(
                "Optional: choose a new file only to replace the filed document (PDF, DOCX, DOC "
                "or WPS)."
            )

    def clean_liaison_mobile(self) -> str:
        mobile = normalise_mobile(self.cleaned_data["liaison_mobile"])
        if not MOBILE.fullmatch(mobile):
            raise forms.ValidationError(
                _("The liaison's mobile “%(value)s” is not an 11-digit mobile number."),
                params={"value": self.cleaned_data["liaison_mobile"]},
            )
        return mobile

    def content(self) -> PlanContent:
        data = self.cleaned_data
        return PlanContent(summary=data["summary"], topic_website=data["topic_website"])

    def liaison(self) -> LiaisonContent:
        data = self.cleaned_data
        return LiaisonContent(
            name=data["liaison_name"],
            mobile=data["liaison_mobile"],
            email=data["liaison_email"],
            position=data["liaison_position"],
        )


def plan_initial(plan: ActivityPlan | None, liaison: Liaison | None) -> dict[str, object]:
    """The form's values from the filed plan and the unit's current liaison."""
    initial: dict[str, object] = {}
    if plan is not None:
        initial.update(summary=plan.summary, topic_website=plan.topic_website, version=plan.version)
    if liaison is not None:
        initial.update(
            liaison_name=liaison.name,
            liaison_mobile=liaison.mobile,
            liaison_email=liaison.email,
            liaison_position=liaison.position,
        )
    return initial


class ReopenForm(forms.Form):
    """Until when a unit may replace its plan after the deadline (in the campaign's zone)."""

    def __init__(self, *args, zone: ZoneInfo, zone_label: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["until"] = ZonedDateTimeField(
            label=_("Reopen until"),
            zone=zone,
            help_text=_("In %(zone)s.") % {"zone": zone_label},
        )


class OverviewFilterForm(forms.Form):
    """Narrow the overview to one standing and (above the cities) one city or 省直单位."""

    standing = forms.ChoiceField(
        label=_("Standing"),
        choices=[("", _("All standings")), *PlanStanding.choices],
        required=False,
    )
    city = forms.ChoiceField(label=_("City"), required=False)

    def __init__(self, data, *, cities: list[tuple[str, str]] | None) -> None:
        """`cities` are (key, name) choices; None leaves the city filter out (a city reviewer)."""
        super().__init__(data)
        if cities is None:
            del self.fields["city"]
        else:
            self.fields["city"].choices = [("", _("All cities")), *cities]

    def chosen(self) -> tuple[str, str]:
        """(standing, city) as chosen; an invalid choice counts as no choice."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return cleaned.get("standing", ""), cleaned.get("city", "")
