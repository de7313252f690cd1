"""Input of the console's pledge pages: a new pledge's title and text."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vocweek.pledges.models import Pledge
from vocweek.pledges.services import PledgeContent


class PledgeForm(forms.Form):
    """Title and text; each paragraph of the text is a line of its own."""

    title = forms.CharField(
        label=_("Title"),
        max_length=Pledge._meta.get_field("title").max_length,
        error_messages={"required": _("Title: enter the pledge's title.")},
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=Pledge._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One paragraph per line. The text cannot change once the pledge is open."),
        error_messages={"required": _("Text: enter the pledge's text.")},
    )

    def content(self) -> PledgeContent:
        return PledgeContent(title=self.cleaned_data["title"], text=self.cleaned_data["text"])
