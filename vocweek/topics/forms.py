"""Input of the console's topic pages: a topic's title and question, moderation of a set of
answers, and the sensitive-word list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vocweek.topics.models import Topic
from vocweek.topics.services import REASON_LENGTH, TopicContent


class TopicForm(forms.Form):
    """Title and question; the question is fixed once the topic is open."""

    title = forms.CharField(
        label=_("Title"),
        max_length=Topic._meta.get_field("title").max_length,
        error_messages={"required": _("Title: give the topic a title.")},
    )
    question = forms.CharField(
        label=_("Question"),
        max_length=Topic._meta.get_field("question").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the public is asked; one paragraph per line."),
        error_messages={"required": _("Question: write the question the public answers.")},
    )

    def content(self) -> TopicContent:
        return TopicContent(
            title=self.cleaned_data["title"], question=self.cleaned_data["question"]
        )


class ModerationForm(forms.Form):
    """Publish or reject the ticked answers, with an optional reason for a rejection."""

    PUBLISH = "publish"
    REJECT = "reject"

    action = forms.ChoiceField(choices=[(PUBLISH, _("Publish")), (REJECT, _("Reject"))])
    answers = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={"required": _("Tick at least one answer.")},
    )
    reason = forms.CharField(
        label=_("Reason for rejection"), max_length=REASON_LENGTH, required=False
    )

    def __init__(self, *args, answer_ids: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answers"].choices = [(pk, pk) for pk in answer_ids]


class WordsForm(forms.Form):
    """The whole list, one word or phrase a line."""

    words = forms.CharField(
        label=_("Sensitive words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
        help_text=_(
            "One word or phrase a line. An answer containing one is held for a moderator's look, "
            "also when spaces, punctuation or full-width letters are put in between."
        ),
    )
