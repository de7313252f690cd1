"""Where a selection and its candidates stand, and the kinds of network rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SelectionState(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CLOSED = "closed", _("closed")


class CandidateState(models.TextChoices):
    NOMINATED = "nominated", _("nominated")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("not approved")


class NetworkRuleKind(models.TextChoices):
    ALLOW = "allow", _("allowed without network limit")
    BLOCK = "block", _("blocked")


class FlagState(models.TextChoices):
    OPEN = "open", _("to look at")
    DISMISSED = "dismissed", _("dismissed")
    INVALIDATED = "invalidated", _("votes invalidated")
