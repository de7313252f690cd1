"""Categories, publicity focuses, review states and adoption levels of information reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    NEWS = "news", _("news article")
    CASE = "case", _("typical case")
    PHOTO_NEWS = "photo_news", _("photo news")
    VIDEO = "video", _("video")
    PRACTICE = "practice", _("good practice")


class Focus(models.TextChoices):
    """The publicity focuses of the notice (§三)."""

    POLICY = "policy", _("policy publicity")
    CONFERENCE = "conference", _("spirit of the national conference")
    ACHIEVEMENTS = "achievements", _("reform achievements")
    EXEMPLARS = "exemplars", _("exemplary groups and people")


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    CITY_APPROVED = "city_approved", _("passed city review")
    RETURNED = "returned", _("returned for changes")
    ADOPTED = "adopted", _("adopted")
    DECLINED = "declined", _("not adopted")
    FEATURED = "featured", _("featured")

    @classmethod
    def filed(cls) -> list[str]:
        """States of a report that was filed and still counts for its day."""
        return [
            cls.SUBMITTED,
            cls.CITY_APPROVED,
            cls.RETURNED,
            cls.ADOPTED,
            cls.DECLINED,
            cls.FEATURED,
        ]

    @classmethod
    def awaiting_review(cls) -> list[str]:
        return [cls.SUBMITTED, cls.CITY_APPROVED]


class AdoptionLevel(models.TextChoices):
    """Where an adopted report was used; scoring counts the highest level of a report."""

    PROVINCE_PLATFORM = "province_platform", _("provincial platform")
    PROVINCIAL_MEDIA = "provincial_media", _("provincial media")
    CENTRAL_MEDIA = "central_media", _("central media")


class MediaKind(models.TextChoices):
    PHOTO = "photo", _("photo")
    VIDEO = "video", _("video")


class MediaStatus(models.TextChoices):
    PENDING = "pending", _("processing")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")
