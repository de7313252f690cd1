"""Kinds of fields and rules of a statistics form, and where a return stands."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldKind(models.TextChoices):
    INTEGER = "integer", _("whole number")
    DECIMAL = "decimal", _("decimal number")
    TEXT = "text", _("text")
    CHOICE = "choice", _("choice")

    @classmethod
    def numeric(cls) -> list[str]:
        return [cls.INTEGER, cls.DECIMAL]


class RuleKind(models.TextChoices):
    """A cross-field check: the sum of the left fields compared with the sum of the right ones."""

    NOT_GREATER = "not_greater", _("not greater than")
    EQUALS = "equals", _("equal to")


class Source(models.TextChoices):
    """Figures the platform fills in itself from the information reports."""

    REPORTS_FILED = "reports_filed", _("information reports filed")
    REPORTS_ADOPTED = "reports_adopted", _("information reports adopted")
    REPORTS_FEATURED = "reports_featured", _("information reports featured")


class ReturnState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for changes")
    CONFIRMED = "confirmed", _("confirmed")
