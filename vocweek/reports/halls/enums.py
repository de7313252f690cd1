"""Kinds of hall media, levels of majors and kinds of links."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HallMediaKind(models.TextChoices):
    PHOTO = "photo", _("photo")
    VIDEO = "video", _("video")
    PANORAMA = "panorama", _("360° panorama")


class MajorLevel(models.TextChoices):
    SECONDARY = "secondary", _("secondary vocational")
    HIGHER = "higher", _("higher vocational (junior college)")
    UNDERGRADUATE = "undergraduate", _("vocational undergraduate")
    TECHNICIAN = "technician", _("technical school")


class LinkKind(models.TextChoices):
    TOPIC_WEBSITE = "topic_website", _("topic website")
    LIVESTREAM = "livestream", _("livestream")
    ENROLMENT = "enrolment", _("enrolment website")
    OTHER = "other", _("other")
