"""Interactive topics (网络互动话题): the organiser asks, the public answers, moderators publish.

Every answer is pre-moderated: it waits in a queue (`PENDING`), or, when it contains a word of
the sensitive-word list, is held apart with the words it matched (`HELD`), until a moderator
publishes or rejects it. A retried answer is recognised by the token of the form it came from
(one answer per topic and token), and a like by the device that gave it (one like per answer and
device), so neither counts twice. `Topic.answers` and `Answer.likes` are counters kept by the
writing transactions (docs/counters.md), so a page never counts rows.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vocweek.campaigns.models import Campaign
from vocweek.core.models import TimeStampedModel
from vocweek.topics.enums import AnswerState, TopicState


def new_answer_token() -> str:
    return secrets.token_urlsafe(12)


class TopicQuerySet(models.QuerySet):
    def public(self) -> "TopicQuerySet":
        return self.filter(state__in=[TopicState.OPEN, TopicState.CLOSED])


class Topic(TimeStampedModel):
    """A question put to the public (我心中的大国工匠 …), open for answers until it is closed."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="topics"
    )
    title = models.CharField(_("title"), max_length=80)
    question = models.TextField(_("question"), max_length=2000)
    state = models.CharField(
        _("state"), max_length=8, choices=TopicState.choices, default=TopicState.DRAFT
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    answers = models.PositiveIntegerField(_("published answers"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.title


class Answer(models.Model):
    """One member of the public's answer, shown once a moderator publishes it."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="answer_set"
    )
    nickname = models.CharField(_("nickname"), max_length=20)
    text = models.TextField(_("answer"), max_length=500)
    state = models.CharField(
        _("state"), max_length=10, choices=AnswerState.choices, default=AnswerState.PENDING
    )
    held_words = models.CharField(_("sensitive words found"), max_length=200, blank=True)
    token = models.CharField(_("form token"), max_length=32, default=new_answer_token)
    network = models.CharField(_("network"), max_length=50, blank=True)
    likes = models.PositiveIntegerField(_("likes"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.CharField(_("reason for rejection"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["topic", "state", "-likes", "-id"], name="answer_popular"),
            models.Index(fields=["topic", "state", "-published_at"], name="answer_newest"),
            models.Index(fields=["topic", "state", "submitted_at"], name="answer_queue"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["topic", "token"], name="answer_once_per_form"),
            models.CheckConstraint(
                condition=Q(state=AnswerState.PUBLISHED) | Q(published_at__isnull=True),
                name="answer_published_at_only_when_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nickname}: {self.text[:20]}"


class Like(models.Model):
    """One device's like of a published answer; never two from one device."""

    answer = models.ForeignKey(
        Answer, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="like_set"
    )
    device = models.CharField(_("device's keyed hash"), max_length=64)
    liked_at = models.DateTimeField(_("liked at"))

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [
            models.UniqueConstraint(fields=["answer", "device"], name="like_once_per_device")
        ]

    def __str__(self) -> str:
        return f"{self.answer_id} · {self.device[:8]}"


class SensitiveWord(models.Model):
    """A word or phrase that holds an answer for a moderator's look; one list for the platform,
    kept by the organiser."""

    word = models.CharField(_("word"), max_length=30, unique=True)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sensitive word")
        verbose_name_plural = _("sensitive words")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word
