"""Writes to campaigns and their participants. One verb each, atomic and audited."""

from django.db import transaction

from vocweek.campaigns.models import Campaign, Liaison, Participation
from vocweek.core import audit
from vocweek.core.pagecache import bump_public_generation_on_commit
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit


@transaction.atomic
def make_current(*, campaign: Campaign, actor=None) -> Campaign:
    """Make `campaign` the current one (exactly one campaign is current)."""
    bump_public_generation_on_commit()
    previous = Campaign.objects.select_for_update().filter(is_current=True).exclude(pk=campaign.pk)
    for other in previous:
        other.is_current = False
        other.save(update_fields=["is_current", "updated_at"])
    if not campaign.is_current:
        campaign.is_current = True
        campaign.save(update_fields=["is_current", "updated_at"])
        audit.record(
            actor=actor,
            action="campaign.make_current",
            target=campaign,
            before={"is_current": False},
            after={"is_current": True},
        )
    return campaign


@transaction.atomic
def enrol_unit(
    *,
    campaign: Campaign,
    unit: Unit,
    owes_plan: bool,
    owes_daily_reports: bool,
    owes_statistics: bool,
    actor=None,
) -> Participation:
    """Make a unit take part in a campaign with the given obligations (idempotent)."""
    wanted = {
        "owes_plan": owes_plan,
        "owes_daily_reports": owes_daily_reports,
        "owes_statistics": owes_statistics,
    }
    participation, created = Participation.objects.get_or_create(
        campaign=campaign, unit=unit, defaults=wanted
    )
    if created:
        audit.record(actor=actor, action="participation.enrol", target=participation, after=wanted)
        bump_public_generation_on_commit()  # the home page counts the units taking part
        return participation
    changed = [name for name, value in wanted.items() if getattr(participation, name) != value]
    if changed:
        before = audit.snapshot(participation, changed)
        for name in changed:
            setattr(participation, name, wanted[name])
        participation.save(update_fields=[*changed, "updated_at"])
        bump_public_generation_on_commit()
        audit.record(
            actor=actor,
            action="participation.change",
            target=participation,
            before=before,
            after=audit.snapshot(participation, changed),
        )
    return participation


@transaction.atomic
def set_liaison(
    *,
    participation: Participation,
    name: str,
    mobile: str = "",
    email: str = "",
    position: str = "",
    actor=None,
) -> Liaison:
    """Record a unit's liaison for the campaign, updating contact details of the same person."""
    liaison, created = Liaison.objects.get_or_create(
        participation=participation,
        name=name,
        defaults={"mobile": mobile, "email": email, "position": position},
    )
    fields = ["mobile", "email", "position"]
    if created:
        audit.record(
            actor=actor,
            action="liaison.add",
            target=liaison,
            after=audit.snapshot(liaison, ["name", *fields]),
        )
        return liaison
    wanted = {"mobile": mobile, "email": email, "position": position}
    changed = [f for f in fields if wanted[f] and getattr(liaison, f) != wanted[f]]
    if changed:
        before = audit.snapshot(liaison, changed)
        for f in changed:
            setattr(liaison, f, wanted[f])
        liaison.save(update_fields=[*changed, "updated_at"])
        audit.record(
            actor=actor,
            action="liaison.change",
            target=liaison,
            before=before,
            after=audit.snapshot(liaison, changed),
        )
    else:  # named again: the most recently named liaison is the unit's current one
        liaison.save(update_fields=["updated_at"])
    return liaison


# (plan, daily reports, statistics) by kind, as the 2021 notice asks: city bureaus and
# province-direct schools send a plan by the deadline; every school reports daily; cities and
# schools fill in the statistics table; the organiser, county bureaus and co-organisers owe nothing.
_OBLIGATIONS_BY_KIND: dict[str, tuple[bool, bool, bool]] = {
    UnitKind.PROVINCE: (False, False, False),
    UnitKind.CITY: (True, False, True),
    UnitKind.COUNTY: (False, False, False),
    UnitKind.HIGHER_VOCATIONAL: (True, True, True),
    UnitKind.PROVINCIAL_SECONDARY: (True, True, True),
    UnitKind.CITY_SECONDARY: (False, True, True),
    UnitKind.TECHNICAL: (False, True, True),
    UnitKind.CO_ORGANISER: (False, False, False),
}


def obligations_for_kind(kind: str) -> dict[str, bool]:
    """What a unit of this kind owes by default, as keyword arguments for `enrol_unit`.

    One rule for the demo and the roster import alike; raises ValueError for an unknown kind.
    """
    owes_plan, owes_daily_reports, owes_statistics = _OBLIGATIONS_BY_KIND[UnitKind(kind)]
    return {
        "owes_plan": owes_plan,
        "owes_daily_reports": owes_daily_reports,
        "owes_statistics": owes_statistics,
    }
