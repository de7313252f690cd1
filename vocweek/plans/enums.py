"""Where a unit's plan stands, and what the check of its topic website found."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStanding(models.TextChoices):
    """A unit's plan as the overview shows it (computed, never stored)."""

    ON_TIME = "on_time", _("filed on time")
    LATE = "late", _("filed late")
    MISSING = "missing", _("missing")


class WebsiteStatus(models.TextChoices):
    UNCHECKED = "unchecked", _("not checked yet")
    REACHABLE = "reachable", _("answers")
    UNREACHABLE = "unreachable", _("does not answer")
