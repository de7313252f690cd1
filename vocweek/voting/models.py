"""Online selections (网络评选): candidates nominated by units, and the public's votes.

Every vote is a row of an append-only log (`Vote`): never deleted, never changed except to point
at the `Invalidation` that set it aside. A candidate's `votes` is the count of its valid votes,
kept by the voting transaction and rebuilt from the log by a recount, which must agree.

The limits a voter meets are counted in small rows (`Allowance`) that a conditional UPDATE
increments only while below the limit, so two requests at once cannot both pass a limit of one:
per voter and day, per voter, candidate and day, per network and day, per device and day.
A voter is a verified mobile, kept as a keyed hash per selection; a network is the /24 (IPv4) or
/48 (IPv6) the vote came from.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vocweek.campaigns.models import Campaign
from vocweek.core.models import TimeStampedModel
from vocweek.orgs.models import Unit
from vocweek.voting.enums import CandidateState, FlagState, NetworkRuleKind, SelectionState


class Selection(TimeStampedModel):
    """A selection and its rules, set by the organiser."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="selections"
    )
    title = models.CharField(_("title"), max_length=80)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=SelectionState.choices, default=SelectionState.DRAFT
    )
    opens_at = models.DateTimeField(_("voting opens at"))
    closes_at = models.DateTimeField(_("voting closes at"))
    votes_per_day = models.PositiveSmallIntegerField(_("votes per voter and day"), default=5)
    votes_per_candidate_per_day = models.PositiveSmallIntegerField(
        _("votes per voter, candidate and day"), default=1
    )
    votes_per_network_per_day = models.PositiveIntegerField(
        _("votes per network and day"),
        default=500,
        help_text=_("A school's or a company's network is shared by many; allow lists lift it."),
    )
    votes_per_device_per_day = models.PositiveSmallIntegerField(
        _("votes per device and day"), default=10
    )
    ranking_visible = models.BooleanField(_("ranking visible to the public"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="selection_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(votes_per_candidate_per_day__lte=models.F("votes_per_day")),
                name="selection_candidate_limit_within_daily",
            ),
        ]

    def __str__(self) -> str:
        return self.title


def candidate_photo_path(instance: "Candidate", filename: str) -> str:
    """Never the uploader's name: the selection and a random name with the checked suffix."""
    return f"voting/{instance.selection_id}/{uuid.uuid4().hex}{instance.photo_suffix}"


class Candidate(TimeStampedModel):
    """A person nominated by a unit (最美职校生 …): name, photo, story; public once approved."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("selection"), on_delete=models.CASCADE, related_name="candidates"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("nominated by"), on_delete=models.PROTECT, related_name="candidates"
    )
    name = models.CharField(_("name"), max_length=30)
    story = models.TextField(_("story"), max_length=3000)
    photo = models.FileField(_("photo"), upload_to=candidate_photo_path, blank=True, max_length=200)
    photo_suffix = models.CharField(_("photo suffix"), max_length=8, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=CandidateState.choices, default=CandidateState.NOMINATED
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    votes = models.PositiveIntegerField(_("valid votes"), default=0)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by (person)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["selection", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class Invalidation(models.Model):
    """The organiser set a group of votes aside: by network, time window and/or voter, and why."""

    selection = models.ForeignKey(
        Selection,
        verbose_name=_("selection"),
        on_delete=models.CASCADE,
        related_name="invalidations",
    )
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=200)
    network = models.CharField(_("network"), max_length=50, blank=True)
    voter_hash = models.CharField(_("voter"), max_length=64, blank=True)
    starts_at = models.DateTimeField(_("from"), null=True, blank=True)
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    votes = models.PositiveIntegerField(_("votes set aside"), default=0)

    class Meta:
        verbose_name = _("invalidation")
        verbose_name_plural = _("invalidations")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.reason


class Vote(models.Model):
    """One vote, as it was cast: who (keyed hash of the verified mobile), from where (network,
    device), for whom, when. Append-only."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("selection"), on_delete=models.CASCADE, related_name="votes"
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="vote_log"
    )
    voter_hash = models.CharField(_("voter"), max_length=64)
    network = models.CharField(_("network"), max_length=50)
    device_hash = models.CharField(_("device"), max_length=64)
    cast_at = models.DateTimeField(_("cast at"))
    day = models.DateField(_("day"))
    ballot = models.CharField(
        _("ballot"),
        max_length=32,
        blank=True,
        default="",
        help_text=_(
            "The one-use token of the page the vote was cast from: a resent vote is the same."
        ),
    )
    invalidation = models.ForeignKey(
        Invalidation,
        verbose_name=_("set aside by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="votes_set_aside",
    )

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["selection", "cast_at"], name="vote_time"),
            models.Index(fields=["selection", "network", "cast_at"], name="vote_network"),
            models.Index(fields=["selection", "voter_hash"], name="vote_voter"),
            models.Index(fields=["candidate", "invalidation"], name="vote_count"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "voter_hash", "ballot"],
                condition=~Q(ballot=""),
                name="vote_once_per_ballot",
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.cast_at:%Y-%m-%d %H:%M:%S}"


class Allowance(models.Model):
    """How much of one daily limit is used: `scope` says which (voter, voter+candidate, network,
    device) and `key` whose. Incremented only while below the limit, in the voting transaction."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    scope = models.CharField(max_length=12)
    key = models.CharField(max_length=140)
    used = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "day", "scope", "key"], name="allowance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.day}: {self.used}"


class NetworkRule(models.Model):
    """A network the organiser allows beyond the network limit (a school's) or blocks."""

    selection = models.ForeignKey(
        Selection,
        verbose_name=_("selection"),
        on_delete=models.CASCADE,
        related_name="network_rules",
    )
    network = models.CharField(_("network (CIDR)"), max_length=50)
    kind = models.CharField(_("rule"), max_length=8, choices=NetworkRuleKind.choices)
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("network rule")
        verbose_name_plural = _("network rules")
        constraints = [
            models.UniqueConstraint(fields=["selection", "network"], name="network_rule_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.network}"


class VerificationCode(models.Model):
    """A code texted to a mobile to verify a voter; only hashes are kept."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="+")
    voter_hash = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["selection", "voter_hash", "-sent_at"], name="code_latest")]

    def __str__(self) -> str:
        return f"{self.sent_at:%Y-%m-%d %H:%M}"


class Flag(models.Model):
    """Many votes from one network within seconds: for the organiser to look at."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("selection"), on_delete=models.CASCADE, related_name="flags"
    )
    network = models.CharField(_("network"), max_length=50)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    votes = models.PositiveIntegerField(_("votes"))
    state = models.CharField(
        _("state"), max_length=12, choices=FlagState.choices, default=FlagState.OPEN
    )

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "network", "starts_at"], name="flag_once")
        ]

    def __str__(self) -> str:
        return f"{self.network} {self.starts_at:%H:%M:%S} ({self.votes})"


# Works collections live in their own module of this app; imported here so Django finds them.
from vocweek.voting.works.models import (  # noqa: E402, F401
    Author,
    Category,
    Collection,
    Criterion,
    Entry,
    EntryMedia,
    Judge,
    Score,
    ScoreSheet,
)
