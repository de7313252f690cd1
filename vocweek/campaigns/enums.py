"""Phases of a campaign and levels of listed activities."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    SETUP = "setup", _("set-up")
    PLAN_WINDOW = "plan_window", _("plan window")
    WEEK = "week", _("activity week")
    STATISTICS_WINDOW = "statistics_window", _("statistics window")
    ARCHIVED = "archived", _("archived")


class ActivityLevel(models.TextChoices):
    NATIONAL = "national", _("national")
    PROVINCIAL = "provincial", _("provincial")


class Obligation(models.TextChoices):
    PLAN = "plan", _("activity plan")
    DAILY_REPORTS = "daily_reports", _("daily information reports")
    STATISTICS = "statistics", _("statistics table")
