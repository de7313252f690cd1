"""Works collections (作品征集): the call, its categories and rubric, the entries with their authors
and media, the judges and their score sheets.

An entry is counted against its unit's limit per category while it is not withdrawn; a score
sheet is one judge's complete marking of one entry (a `Score` per rubric line, the total kept on
the sheet), so an entry's average is the mean of its sheets' totals. A double-sent submission
form carries the same `token`, which is unique: it creates one entry.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vocweek.campaigns.models import Campaign
from vocweek.core.media import media_url
from vocweek.core.models import TimeStampedModel
from vocweek.orgs.enums import Role
from vocweek.orgs.models import Unit, membership_of
from vocweek.voting.works.enums import (
    AuthorRole,
    Award,
    CollectionState,
    EntryKind,
    EntryState,
    MediaKind,
    MediaStatus,
)


class CollectionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CollectionQuerySet":
        """The organiser's staff see the collections of the campaigns their unit organises."""
        membership = membership_of(user)
        if membership is None or membership.role != Role.ORGANISER_ADMIN:
            return self.none()
        return self.filter(campaign__organiser__in=Unit.objects.subtree(membership.unit))


class Collection(TimeStampedModel):
    """A call for works (“技能成才·强国有我”主题作品征集): rules, deadline, limit per unit."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="work_collections",
    )
    title = models.CharField(_("title"), max_length=80)
    description = models.TextField(_("rules and requirements"), max_length=5000, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=CollectionState.choices, default=CollectionState.DRAFT
    )
    deadline = models.DateTimeField(_("entries due by"))
    entries_per_unit = models.PositiveSmallIntegerField(
        _("entries per unit and category"), default=3
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    judging_started_at = models.DateTimeField(_("judging started at"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("works collection")
        verbose_name_plural = _("works collections")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(entries_per_unit__gte=1), name="collection_entries_per_unit_positive"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Category(models.Model):
    """A category of the call (微视频, 摄影作品, 征文): what its entries carry and its prize quotas."""

    collection = models.ForeignKey(
        Collection,
        verbose_name=_("collection"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    name = models.CharField(_("name"), max_length=40)
    kind = models.CharField(_("entries carry"), max_length=8, choices=EntryKind.choices)
    requirements = models.CharField(_("requirements"), max_length=300, blank=True)
    max_characters = models.PositiveIntegerField(
        _("longest essay (characters)"), null=True, blank=True
    )
    first_prizes = models.PositiveSmallIntegerField(_("first prizes"), default=1)
    second_prizes = models.PositiveSmallIntegerField(_("second prizes"), default=2)
    third_prizes = models.PositiveSmallIntegerField(_("third prizes"), default=3)
    merit_prizes = models.PositiveSmallIntegerField(_("merit awards"), default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["collection", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "name"], name="work_category_name_once")
        ]

    def __str__(self) -> str:
        return self.name

    def quota(self, award: str) -> int:
        return {
            Award.FIRST: self.first_prizes,
            Award.SECOND: self.second_prizes,
            Award.THIRD: self.third_prizes,
            Award.MERIT: self.merit_prizes,
        }[award]


class Criterion(models.Model):
    """A line of the rubric (思想性, 艺术性 …) with the most points a judge may give on it."""

    collection = models.ForeignKey(
        Collection, verbose_name=_("collection"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("name"), max_length=40)
    description = models.CharField(_("what is judged"), max_length=200, blank=True)
    max_points = models.PositiveSmallIntegerField(_("most points"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["collection", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "name"], name="work_criterion_name_once"),
            models.CheckConstraint(
                condition=Q(max_points__gte=1), name="work_criterion_max_points_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Judge(models.Model):
    """A person the organiser asked to score the collection's entries."""

    collection = models.ForeignKey(
        Collection, verbose_name=_("collection"), on_delete=models.CASCADE, related_name="judges"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge"),
        on_delete=models.PROTECT,
        related_name="work_judgeships",
    )
    added_at = models.DateTimeField(_("added at"))

    class Meta:
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        ordering = ["collection", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "user"], name="work_judge_once")
        ]

    def __str__(self) -> str:
        return str(self.user)


class EntryQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EntryQuerySet":
        """The organiser's staff see every entry of their collections, a city bureau the entries
        of its schools (and its own), a unit its own. Judges read entries through `queries`."""
        membership = membership_of(user)
        if membership is None:
            return self.none()
        if membership.role == Role.ORGANISER_ADMIN:
            return self.filter(
                collection__campaign__organiser__in=Unit.objects.subtree(membership.unit)
            )
        if membership.role in (Role.CITY_REVIEWER, Role.PROVINCE_REVIEWER):
            return self.filter(unit__in=Unit.objects.subtree(membership.unit))
        return self.filter(unit_id=membership.unit_id)

    def counted(self) -> "EntryQuerySet":
        """Entries that take a place of the unit's limit: all but the withdrawn ones."""
        return self.exclude(state=EntryState.WITHDRAWN)


class Entry(TimeStampedModel):
    """A unit's work in one category: title, description, its content (essay text or media) and
    authors; its award once the organiser gives one."""

    collection = models.ForeignKey(
        Collection, verbose_name=_("collection"), on_delete=models.CASCADE, related_name="entries"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="entries"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="work_entries"
    )
    number = models.PositiveIntegerField(_("entry number"))
    title = models.CharField(_("title"), max_length=80)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    essay = models.TextField(_("essay"), max_length=20000, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=EntryState.choices, default=EntryState.SUBMITTED
    )
    exclusion_reason = models.CharField(_("reason for exclusion"), max_length=200, blank=True)
    award = models.CharField(_("award"), max_length=8, choices=Award.choices, blank=True)
    token = models.UUIDField(_("submission token"), unique=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["collection", "number"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "number"], name="work_entry_number_once"),
            models.CheckConstraint(
                condition=~Q(state=EntryState.EXCLUDED) | ~Q(exclusion_reason=""),
                name="work_entry_excluded_with_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["collection", "unit", "category"], name="work_entry_unit_idx")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def code(self) -> str:
        """The number judges and the organiser call the entry by: No. 007."""
        return f"{self.number:03d}"


class Author(models.Model):
    """A student author or a supervising teacher (指导教师) of an entry."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="authors"
    )
    name = models.CharField(_("name"), max_length=30)
    role = models.CharField(_("role"), max_length=8, choices=AuthorRole.choices)
    affiliation = models.CharField(_("class or major"), max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["entry", "position", "pk"]

    def __str__(self) -> str:
        return self.name


def _entry_media_name(instance: "EntryMedia", filename: str) -> str:
    # Never the uploader's name: a random name, and the suffix of the checked type.
    return f"voting/works/{instance.entry.collection_id}/{uuid.uuid4().hex}{instance.suffix}"


class EntryMedia(models.Model):
    """A photo of a photo entry or the video of a video entry: stored cleaned (a photo re-encoded
    at once, a video's container rewritten without metadata in the background)."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="media"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=MediaKind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    original_name = models.CharField(_("file name"), max_length=200)
    suffix = models.CharField(_("suffix"), max_length=8)
    file = models.FileField(_("file"), upload_to=_entry_media_name, max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    duration = models.FloatField(_("duration in seconds"), null=True, blank=True)
    preview = models.CharField(_("preview image"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=MediaStatus.choices, default=MediaStatus.PENDING
    )
    error = models.CharField(_("processing error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("entry media")
        verbose_name_plural = _("entry media")
        ordering = ["entry", "position", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def url(self) -> str:
        return media_url(self.file.name)

    @property
    def preview_url(self) -> str:
        """The preview once made; a photo shows its cleaned original meanwhile."""
        if self.preview:
            return media_url(self.preview)
        return self.url if self.kind == MediaKind.PHOTO else ""


class ScoreSheet(models.Model):
    """One judge's marks for one entry, complete (every rubric line) or not at all."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="sheets"
    )
    judge = models.ForeignKey(
        Judge, verbose_name=_("judge"), on_delete=models.CASCADE, related_name="sheets"
    )
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=1)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    scored_at = models.DateTimeField(_("scored at"))

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["entry", "judge"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "judge"], name="work_sheet_once"),
            models.CheckConstraint(condition=Q(total__gte=0), name="work_sheet_total_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.entry.code} · {self.judge}"


class Score(models.Model):
    """The points one judge gave one entry on one rubric line."""

    sheet = models.ForeignKey(
        ScoreSheet, verbose_name=_("score sheet"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["sheet", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="work_score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="work_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"
