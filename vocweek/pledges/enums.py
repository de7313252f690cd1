"""Where a pledge stands, and what a signer identifies themselves with."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PledgeState(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open for signing")
    CLOSED = "closed", _("closed")


class IdentifierKind(models.TextChoices):
    STUDENT_NUMBER = "student_number", _("student number")
    MOBILE = "mobile", _("mobile")
