"""Where a works collection and its entries stand, what an entry carries, and the awards."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CollectionState(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for entries")
    JUDGING = "judging", _("judging")
    PUBLISHED = "published", _("results published")


class EntryKind(models.TextChoices):
    """What an entry of a category must carry."""

    VIDEO = "video", _("video")
    PHOTOS = "photos", _("photos")
    ESSAY = "essay", _("essay")


class EntryState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    WITHDRAWN = "withdrawn", _("withdrawn")
    EXCLUDED = "excluded", _("excluded")


class AuthorRole(models.TextChoices):
    STUDENT = "student", _("student")
    TEACHER = "teacher", _("supervising teacher")


class Award(models.TextChoices):
    """Prizes from the highest down; the order of the members is the order of the awards."""

    FIRST = "first", _("first prize")
    SECOND = "second", _("second prize")
    THIRD = "third", _("third prize")
    MERIT = "merit", _("merit award")


class MediaKind(models.TextChoices):
    PHOTO = "photo", _("photo")
    VIDEO = "video", _("video")


class MediaStatus(models.TextChoices):
    PENDING = "pending", _("processing")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")
