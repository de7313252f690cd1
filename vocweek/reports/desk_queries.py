"""Reads of the review desk: the reviewer's queue with its filters, one report under review, the
publicity column.

Every read starts from `Report.objects.visible_to(user)`: a reviewer sees filed reports of the units
below them and never their own unit's. "Awaiting my action" follows the rules of `reports.rules`
(province staff: what awaits the province; city reviewers: city schools' reports needing city
review) so that the default queue and the permission checks agree.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vocweek.campaigns.models import Campaign
from vocweek.orgs.enums import Role
from vocweek.orgs.models import Unit, membership_of
from vocweek.reports.enums import MediaKind, MediaStatus, State
from vocweek.reports.models import Adoption, Report, ReportEvent, ReportingRules, ReportMedia

AWAITING_MINE = "mine"
ALL_STATES = "all"
PROVINCE_ROLES = (Role.PROVINCE_REVIEWER, Role.ORGANISER_ADMIN)

EVENT_ACTIONS: dict[str, Promise] = {
    "submit": _("submitted"),
    "withdraw": _("withdrew"),
    "city_approve": _("passed city review"),
    "return": _("returned for changes"),
    "adopt": _("adopted"),
    "decline": _("did not adopt"),
    "feature": _("featured in the publicity column"),
    "unfeature": _("took out of the publicity column"),
}


@dataclass(frozen=True)
class DeskFilters:
    """What the reviewer narrowed the queue to; `state` is "mine", "all" or a report state."""

    state: str = AWAITING_MINE
    day: date | None = None
    city: Unit | None = None
    unit: str = ""
    category: str = ""


def city_review_on(campaign: Campaign) -> bool:
    """Whether the campaign has city bureaus review their schools' reports first."""
    return ReportingRules.objects.filter(campaign=campaign, city_review=True).exists()


def _under_a_city() -> Q:
    """The report's unit lies below its city bureau (the SQL twin of `Report.needs_city_review`).

    Paths are fixed-width steps, so "below" is "the path starts with the city's path".
    """
    return (
        Q(unit__city__isnull=False)
        & ~Q(unit_id=F("unit__city_id"))
        & Q(unit__path__startswith=F("unit__city__path"))
    )


def awaiting_action_of(user, *, city_review: bool) -> Q:
    """Reports waiting for this reviewer's decision (nothing for anybody else)."""
    membership = membership_of(user)
    if membership is None:
        return Q(pk__in=[])
    if membership.role in PROVINCE_ROLES:
        if not city_review:
            return Q(state__in=State.awaiting_review())
        return Q(state=State.CITY_APPROVED) | (Q(state=State.SUBMITTED) & ~_under_a_city())
    if membership.role == Role.CITY_REVIEWER and city_review:
        return Q(state=State.SUBMITTED) & _under_a_city()
    return Q(pk__in=[])


def _media_count(kind: str) -> Coalesce:
    counted = (
        ReportMedia.objects.filter(report=OuterRef("pk"), kind=kind)
        .order_by()
        .values("report")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _reviewable(user, campaign: Campaign) -> QuerySet[Report]:
    """Filed reports of the campaign below the user's unit, with what rows and rules read."""
    membership = membership_of(user)
    reports = Report.objects.visible_to(user).filed().filter(campaign=campaign)
    if membership is not None:
        reports = reports.exclude(unit_id=membership.unit_id)
    return reports.select_related("unit", "unit__city", "campaign", "campaign__reporting")


def desk_queue(
    user, campaign: Campaign, filters: DeskFilters, *, city_review: bool | None = None
) -> QuerySet[Report]:
    """The reviewer's queue, newest first, with photo and video counts (one query a page).

    `city_review` is the campaign's setting when the caller read it already.
    """
    reports = _reviewable(user, campaign)
    if filters.state == AWAITING_MINE:
        if city_review is None:
            city_review = city_review_on(campaign)
        reports = reports.filter(awaiting_action_of(user, city_review=city_review))
    elif filters.state != ALL_STATES:
        reports = reports.filter(state=filters.state)
    if filters.day is not None:
        reports = reports.filter(day=filters.day)
    if filters.city is not None:
        reports = reports.filter(Q(unit__city=filters.city) | Q(unit=filters.city))
    if filters.unit:
        reports = reports.filter(unit__name__icontains=filters.unit)
    if filters.category:
        reports = reports.filter(category=filters.category)
    return reports.annotate(
        photo_count=_media_count(MediaKind.PHOTO), video_count=_media_count(MediaKind.VIDEO)
    ).order_by("-submitted_at", "-pk")


def next_in_queue(queue: QuerySet[Report], report: Report) -> Report | None:
    """The report after `report` in the queue's order, else the newest other one (or None)."""
    others = queue.exclude(pk=report.pk)
    if report.submitted_at is not None:
        after = others.filter(
            Q(submitted_at__lt=report.submitted_at)
            | Q(submitted_at=report.submitted_at, pk__lt=report.pk)
        ).first()
        if after is not None:
            return after
    return others.first()


def reports_for_action(user, campaign: Campaign, pks: list[int]) -> dict[int, Report]:
    """The chosen reports the user may see, by id; ids the user may not see are left out."""
    return _reviewable(user, campaign).in_bulk(pks)


def report_under_review(user, pk: int) -> Report | None:
    """One filed report below the user, with its history, adoptions and media (or None)."""
    membership = membership_of(user)
    reports = (
        Report.objects.visible_to(user)
        .filed()
        .select_related("unit", "unit__city", "campaign", "campaign__reporting", "author", "cover")
        .prefetch_related(
            Prefetch("events", queryset=ReportEvent.objects.select_related("actor")),
            Prefetch("adoptions", queryset=Adoption.objects.select_related("recorded_by")),
            Prefetch("media", queryset=ReportMedia.objects.order_by("position", "pk")),
        )
    )
    if membership is not None:
        reports = reports.exclude(unit_id=membership.unit_id)
    return reports.filter(pk=pk).first()


def ready_photos(report: Report) -> list[ReportMedia]:
    """The report's processed photos, in order: the choices for its cover."""
    return [
        media
        for media in report.media.all()
        if media.kind == MediaKind.PHOTO and media.status == MediaStatus.READY
    ]


def first_ready_photo(report: Report) -> ReportMedia | None:
    """The cover a report gets when it is featured from the queue without choosing one."""
    return (
        ReportMedia.objects.filter(report=report, kind=MediaKind.PHOTO, status=MediaStatus.READY)
        .order_by("position", "pk")
        .first()
    )


def featured_column(user, campaign: Campaign) -> list[Report]:
    """The publicity column as the organiser orders it: top of the column first."""
    return list(
        Report.objects.visible_to(user)
        .published()
        .filter(campaign=campaign)
        .select_related("unit", "cover")
        .order_by("-featured_order", "-pk")
    )


def column_count(campaign: Campaign) -> int:
    return Report.objects.published().filter(campaign=campaign).count()


def ready_photo_choices(report: Report) -> QuerySet[ReportMedia]:
    """The same photos as a queryset, for checking the cover a reviewer chose."""
    return ReportMedia.objects.filter(report=report, kind=MediaKind.PHOTO, status=MediaStatus.READY)


def column_order(campaign: Campaign) -> list[int]:
    """Ids of the campaign's featured reports, top of the column first (as reordering needs)."""
    return list(
        Report.objects.published()
        .filter(campaign=campaign)
        .order_by("-featured_order", "-pk")
        .values_list("pk", flat=True)
    )
