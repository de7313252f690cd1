"""Channels a message goes out on, and what became of one delivery."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChannelName(models.TextChoices):
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("text message")
    NOTICE = "notice", _("in-app notice")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
