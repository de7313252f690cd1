"""Pledges (公约) and their signatures, with counts that are exact at every commit.

The count of a pledge is a column of the pledge (`signers`), and each school's count a row of
`PledgeTally`; both are incremented in the transaction that inserts the signature, which rolls
back as a whole when the insert shows the signer had already signed. A signer's number (第 N 位签署者) is the pledge's count as
that increment returned it, so numbers run 1, 2, 3 … without gaps or repeats, and the count a
signer is shown includes them. Nothing is counted with COUNT(*): reading a count is one row, or
one short sum over the schools of a city. docs/counters.md explains the choice.

Only a keyed hash of what identifies a signer (student number within the school, or mobile) is
kept, per pledge, so a repeat is recognised without storing the identifier and signatures of two
pledges cannot be linked.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vocweek.campaigns.models import Campaign
from vocweek.core.models import TimeStampedModel
from vocweek.orgs.models import Unit
from vocweek.pledges.enums import PledgeState


def new_certificate_token() -> str:
    return secrets.token_urlsafe(18)


class PledgeQuerySet(models.QuerySet):
    def open(self) -> "PledgeQuerySet":
        return self.filter(state=PledgeState.OPEN)

    def public(self) -> "PledgeQuerySet":
        return self.filter(state__in=[PledgeState.OPEN, PledgeState.CLOSED])


class Pledge(TimeStampedModel):
    """A text the organiser publishes for students to sign (the demo: a pledge written for the
    project, not the official 公约)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="pledges"
    )
    title = models.CharField(_("title"), max_length=80)
    text = models.TextField(_("text"), max_length=5000)
    state = models.CharField(
        _("state"), max_length=8, choices=PledgeState.choices, default=PledgeState.DRAFT
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    signers = models.PositiveIntegerField(_("signers"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.title


class PledgeTally(models.Model):
    """How many students of one school signed a pledge, kept exact by the signing transaction."""

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="tallies"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("school"), on_delete=models.PROTECT, related_name="pledge_tallies"
    )
    signers = models.PositiveIntegerField(_("signers"), default=0)

    class Meta:
        verbose_name = _("school's signers")
        verbose_name_plural = _("schools' signers")
        constraints = [
            models.UniqueConstraint(fields=["pledge", "unit"], name="pledge_tally_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.signers}"


class Signature(models.Model):
    """One signer of a pledge: the name they signed with, their school, their number, and the keyed
    hash that recognises them again. Append-only."""

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="signatures"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("school"), on_delete=models.PROTECT, related_name="pledge_signatures"
    )
    name = models.CharField(_("name"), max_length=30)
    signer_hash = models.CharField(_("signer's keyed hash"), max_length=64)
    number = models.PositiveIntegerField(_("number"))
    token = models.CharField(
        _("certificate secret"), max_length=32, unique=True, default=new_certificate_token
    )
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["pledge", "-number"]
        indexes = [
            models.Index(fields=["pledge", "-number"], name="signature_wall"),
            models.Index(fields=["pledge", "unit"], name="signature_school"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "signer_hash"], name="signature_once"),
            models.UniqueConstraint(fields=["pledge", "number"], name="signature_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.pledge} · {self.number}"
