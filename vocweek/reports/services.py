"""Writes to information reports: one verb each, atomic, audited, with an explicit state machine.

Every state change goes through `_transition()`, which updates the row only if it still has the
version and state the actor saw; otherwise `ReportConflict` tells the second reviewer what
happened instead of silently overwriting the first.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Case, F, Max, Value, When
from django.utils.translation import gettext as _

from vocweek.campaigns.models import Campaign, ListedActivity
from vocweek.core import audit, clock
from vocweek.core.pagecache import bump_public_generation_on_commit
from vocweek.orgs.models import Unit
from vocweek.reports.enums import AdoptionLevel, State
from vocweek.reports.models import Adoption, Report, ReportEvent, ReportingRules
from vocweek.reports.sanitising import clean_body
from vocweek.reports.search import index_story_on_commit, remove_story_on_commit

ALLOWED_TRANSITIONS: dict[str, dict[str, str]] = {
    # action: {from state: to state}
    "submit": {State.DRAFT: State.SUBMITTED, State.RETURNED: State.SUBMITTED},
    "withdraw": {State.SUBMITTED: State.DRAFT},
    "city_approve": {State.SUBMITTED: State.CITY_APPROVED},
    "return": {
        State.SUBMITTED: State.RETURNED,
        State.CITY_APPROVED: State.RETURNED,
        State.DECLINED: State.RETURNED,
    },
    "adopt": {
        State.SUBMITTED: State.ADOPTED,
        State.CITY_APPROVED: State.ADOPTED,
        State.DECLINED: State.ADOPTED,
    },
    "decline": {State.SUBMITTED: State.DECLINED, State.CITY_APPROVED: State.DECLINED},
    "feature": {State.ADOPTED: State.FEATURED},
    "unfeature": {State.FEATURED: State.ADOPTED},
}


class ReportError(Exception):
    """A report action that cannot be done; the message is for the user."""


class ReportConflict(ReportError):
    """Somebody else changed the report first (another reviewer, or the unit withdrew it)."""


@dataclass(frozen=True)
class ReportContent:
    """What a unit writes: the editable fields of a report."""

    title: str
    body: str
    category: str
    focus: str = ""
    listed_activity: ListedActivity | None = None


def rules_for(campaign: Campaign) -> ReportingRules:
    """The campaign's reporting rules, created with the defaults on first use."""
    rules, _created = ReportingRules.objects.get_or_create(campaign=campaign)
    return rules


def _apply_content(report: Report, content: ReportContent) -> list[str]:
    values = {
        "title": content.title.strip(),
        "body": clean_body(content.body),
        "category": content.category,
        "focus": content.focus,
        "listed_activity": content.listed_activity,
    }
    changed = [name for name, value in values.items() if getattr(report, name) != value]
    for name in changed:
        setattr(report, name, values[name])
    return changed


@transaction.atomic
def create_report(*, campaign: Campaign, unit: Unit, author, content: ReportContent) -> Report:
    """Start a draft for a unit; the body is sanitised. Drafts are private to the unit."""
    report = Report(campaign=campaign, unit=unit, author=author)
    _apply_content(report, content)
    report.save()
    audit.record(
        actor=author,
        action="report.create",
        target=report,
        after=audit.snapshot(report, ["title", "category", "focus", "unit"]),
    )
    return report


@transaction.atomic
def update_report(*, report: Report, actor, content: ReportContent, version: int) -> Report:
    """Change a draft or a returned report's text (sanitised); refuses a stale version."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.version != version or not locked.is_editable:
        raise ReportConflict(_("This report was changed meanwhile; reload it and try again."))
    before = audit.snapshot(locked, ["title", "body", "category", "focus", "listed_activity"])
    changed = _apply_content(locked, content)
    if changed:
        locked.version = F("version") + 1
        locked.save(update_fields=[*changed, "version", "updated_at"])
        locked.refresh_from_db()
        audit.record(
            actor=actor,
            action="report.update",
            target=locked,
            before={k: before[k] for k in changed},
            after=audit.snapshot(locked, changed),
        )
    return locked


def _transition(
    report: Report,
    *,
    action: str,
    actor,
    version: int,
    note: str = "",
    **fields: object,
) -> Report:
    """Move a report along ALLOWED_TRANSITIONS if nobody changed it since `version`; record it."""
    allowed = ALLOWED_TRANSITIONS[action]
    now = clock.now()
    updated = Report.objects.filter(pk=report.pk, version=version, state__in=list(allowed)).update(
        state=_case_for(allowed),
        version=F("version") + 1,
        updated_at=now,
        **fields,
    )
    if updated == 0:
        current = Report.objects.filter(pk=report.pk).first()
        if current is None:
            raise ReportConflict(_("This report no longer exists."))
        raise ReportConflict(
            _("“%(title)s” was changed meanwhile and is now “%(state)s”; nothing was done.")
            % {"title": current.title, "state": current.get_state_display()}
        )
    from_state = report.state
    report.refresh_from_db()
    ReportEvent.objects.create(
        report=report,
        at=now,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=report.state,
        note=note,
    )
    audit.record(
        actor=actor,
        action=f"report.{action}",
        target=report,
        before={"state": from_state},
        after={"state": report.state, "note": note},
    )
    return report


def _case_for(allowed: dict[str, str]):
    """The new state as a database expression of the old one (one UPDATE, no read-modify-write)."""
    return Case(*(When(state=old, then=Value(new)) for old, new in allowed.items()))


@transaction.atomic
def submit_report(*, report: Report, actor, version: int, for_day: date | None = None) -> Report:
    """File a draft (or a returned report after changes).

    The first submission fixes the day the report counts for: today in the campaign's zone and
    cut-off, or an earlier day of the week given as `for_day` (a late report, 补报).
    A resubmission after a return keeps its day.
    """
    if not report.title.strip():
        raise ReportError(_("A report needs a title before it can be submitted."))
    fields: dict[str, object] = {}
    if report.submitted_at is None:
        now = clock.now()
        today = report.campaign.report_day(now)
        day = for_day or today
        if day > today:
            raise ReportError(_("A report cannot be filed for a day that has not come yet."))
        if for_day is not None and report.campaign.day_number(for_day) is None:
            raise ReportError(_("A late report must be for a day of the activity week."))
        fields = {"submitted_at": now, "day": day, "is_late": day < today}
    return _transition(report, action="submit", actor=actor, version=version, **fields)


@transaction.atomic
def withdraw_report(*, report: Report, actor, version: int) -> Report:
    """Take back a submitted report nobody has reviewed yet; it becomes a draft that counts for no day."""
    return _transition(
        report,
        action="withdraw",
        actor=actor,
        version=version,
        submitted_at=None,
        day=None,
        is_late=False,
    )


@transaction.atomic
def city_approve_report(*, report: Report, actor, version: int) -> Report:
    """A city reviewer passes a city school's report on to the province."""
    return _transition(
        report,
        action="city_approve",
        actor=actor,
        version=version,
        reviewed_at=clock.now(),
        reviewed_by=actor,
    )


@transaction.atomic
def return_report(*, report: Report, actor, version: int, note: str) -> Report:
    """Send a report back to its unit for changes, with a note saying what to change."""
    note = note.strip()
    if not note:
        raise ReportError(_("Say what the unit should change: the note is required."))
    return _transition(
        report,
        action="return",
        actor=actor,
        version=version,
        note=note,
        return_note=note,
        reviewed_at=clock.now(),
        reviewed_by=actor,
    )


@transaction.atomic
def decline_report(*, report: Report, actor, version: int, note: str = "") -> Report:
    """Do not adopt a report (it still counts as filed for its day)."""
    return _transition(
        report,
        action="decline",
        actor=actor,
        version=version,
        note=note.strip(),
        reviewed_at=clock.now(),
        reviewed_by=actor,
    )


@transaction.atomic
def adopt_report(
    *,
    report: Report,
    actor,
    version: int,
    level: str = AdoptionLevel.PROVINCE_PLATFORM,
    outlet: str = "",
    adopted_on: date | None = None,
) -> Report:
    """Adopt a report and record where it was used (the provincial platform by default)."""
    report = _transition(
        report,
        action="adopt",
        actor=actor,
        version=version,
        reviewed_at=clock.now(),
        reviewed_by=actor,
    )
    record_adoption(report=report, actor=actor, level=level, outlet=outlet, adopted_on=adopted_on)
    return report


@transaction.atomic
def record_adoption(
    *, report: Report, actor, level: str, outlet: str = "", adopted_on: date | None = None
) -> Adoption:
    """Record one more outlet that used an adopted report (one record per level)."""
    if level not in AdoptionLevel.values:
        raise ReportError(_("Unknown adoption level."))
    adoption, created = Adoption.objects.get_or_create(
        report=report,
        level=level,
        defaults={
            "outlet": outlet.strip(),
            "adopted_on": adopted_on or clock.today(report.campaign.time_zone),
            "recorded_by": actor,
        },
    )
    if created:
        audit.record(
            actor=actor,
            action="report.adoption",
            target=report,
            after={
                "level": level,
                "outlet": adoption.outlet,
                "adopted_on": str(adoption.adopted_on),
            },
        )
    return adoption


@transaction.atomic
def feature_report(*, report: Report, actor, version: int, cover=None) -> Report:
    """Feature an adopted report in the publicity column (择优选登), newest on top."""
    if cover is not None and cover.report_id != report.pk:
        raise ReportError(_("The cover must be one of the report's own photos."))
    top = (
        Report.objects.filter(campaign_id=report.campaign_id, state=State.FEATURED).aggregate(
            top=Max("featured_order")
        )["top"]
        or 0
    )
    fields: dict[str, object] = {"featured_at": clock.now(), "featured_order": top + 1}
    if cover is not None:
        fields["cover"] = cover
    index_story_on_commit(report)
    bump_public_generation_on_commit()
    return _transition(report, action="feature", actor=actor, version=version, **fields)


@transaction.atomic
def unfeature_report(*, report: Report, actor, version: int) -> Report:
    """Take a report out of the publicity column; it stays adopted."""
    bump_public_generation_on_commit()
    remove_story_on_commit(report)
    return _transition(
        report,
        action="unfeature",
        actor=actor,
        version=version,
        featured_at=None,
        featured_order=None,
    )


@transaction.atomic
def reorder_featured(
    *, campaign: Campaign, order: list[int], actor, seen: list[int] | None = None
) -> list[int]:
    """Put the publicity column in the given order (report ids, top of the column first).

    `order` must name exactly the campaign's featured reports; with `seen`, the column must still
    be in the order the organiser saw. Otherwise somebody changed it meanwhile: ReportConflict.
    The top report gets the highest `featured_order`, as `feature_report` puts the newest on top.
    """
    featured = list(
        Report.objects.select_for_update()
        .filter(campaign=campaign, state=State.FEATURED)
        .order_by("-featured_order", "-pk")
    )
    current = [report.pk for report in featured]
    if sorted(order) != sorted(current) or len(set(order)) != len(order):
        raise ReportConflict(
            _("The publicity column was changed meanwhile; reload it and try again.")
        )
    if seen is not None and list(seen) != current:
        raise ReportConflict(
            _("The publicity column was changed meanwhile; reload it and try again.")
        )
    if order == current:
        return current
    by_pk = {report.pk: report for report in featured}
    count = len(order)
    for index, pk in enumerate(order):
        report = by_pk[pk]
        report.featured_order = count - index
    Report.objects.bulk_update(featured, ["featured_order"])
    bump_public_generation_on_commit()
    audit.record(
        actor=actor,
        action="report.reorder_column",
        target=campaign,
        before={"order": current},
        after={"order": list(order)},
    )
    return list(order)
