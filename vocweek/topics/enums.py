"""Where a topic stands, and where an answer stands in moderation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TopicState(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for answers")
    CLOSED = "closed", _("closed")


class AnswerState(models.TextChoices):
    PENDING = "pending", _("awaiting moderation")
    HELD = "held", _("held: sensitive words")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")


class AnswerOrder(models.TextChoices):
    POPULAR = "popular", _("most liked")
    NEWEST = "newest", _("newest")
