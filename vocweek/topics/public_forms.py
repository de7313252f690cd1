"""Input of the public topic page: an answer (POST). The service reads the text and names the
field it cannot take; this form only carries the fields."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vocweek.topics.services import ANSWER_LENGTH, NICKNAME_LENGTH


class AnswerForm(forms.Form):
    """Nickname (optional), answer, and the token that makes a resent form count once."""

    nickname = forms.CharField(
        label=_("Nickname"),
        required=False,
        max_length=NICKNAME_LENGTH,
        help_text=_("Shown with your answer; leave it empty to appear as “Netizen”."),
        error_messages={"max_length": _("Nickname: at most %(limit_value)d characters.")},
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    text = forms.CharField(
        label=_("Your answer"),
        max_length=ANSWER_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": ANSWER_LENGTH}),
        error_messages={
            "required": _("Answer: write a few words."),
            "max_length": _("Answer: at most %(limit_value)d characters."),
        },
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=32)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = gettext(
            "At most %(length)d characters. Answers appear once a moderator has read them."
        ) % {"length": ANSWER_LENGTH}
