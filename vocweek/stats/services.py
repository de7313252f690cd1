"""Writes to statistics returns: save a draft, submit, confirm or send back, submit a city.

A unit fills its return in the statistics window (after the week, before the campaign's
statistics deadline). Every state change goes through `_transition()`, which updates the row only
if it still has the version and state the actor saw; otherwise `StatsConflict`.
"""

from collections.abc import Mapping

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vocweek.campaigns.enums import Phase
from vocweek.campaigns.models import Campaign, Participation
from vocweek.core import audit, clock
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit
from vocweek.stats import queries
from vocweek.stats.definition import FormDefinition, form_of
from vocweek.stats.enums import ReturnState
from vocweek.stats.models import CitySubmission, StatReturn
from vocweek.stats.validation import from_json, to_json, validate_values

ALLOWED_TRANSITIONS: dict[str, dict[str, str]] = {
    # action: {from state: to state}
    "submit": {
        ReturnState.DRAFT: ReturnState.SUBMITTED,
        ReturnState.RETURNED: ReturnState.SUBMITTED,
    },
    "confirm": {ReturnState.SUBMITTED: ReturnState.CONFIRMED},
    "send_back": {
        ReturnState.SUBMITTED: ReturnState.RETURNED,
        ReturnState.CONFIRMED: ReturnState.RETURNED,
    },
}

EDITABLE_STATES = (ReturnState.DRAFT, ReturnState.RETURNED)
MISSING_NAMES_SHOWN = 5


class StatsError(Exception):
    """A statistics action that cannot be done; the message is for the user."""


class StatsConflict(StatsError):
    """Somebody changed the return first (another reviewer, or the unit in another tab)."""


class StatsInvalid(StatsError):
    """Figures that do not pass the form's checks; `errors` holds the messages by item key."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__(_("Some figures are not valid; see the marked items."))
        self.errors = dict(errors)


def _definition(campaign: Campaign) -> FormDefinition:
    definition = form_of(campaign)
    if definition is None:
        raise StatsError(_("This campaign has no statistics table yet."))
    return definition


def _check_window(campaign: Campaign) -> None:
    """Units fill the table only after the week and before the statistics deadline."""
    phase = campaign.phase_at(clock.now())
    if phase == Phase.ARCHIVED:
        raise StatsError(
            _(
                "The statistics deadline (%(deadline)s) has passed; returns can no longer be changed."
            )
            % {"deadline": _local(campaign.statistics_deadline, campaign)}
        )
    if phase != Phase.STATISTICS_WINDOW:
        raise StatsError(
            _("The statistics table opens when the week is over, at %(moment)s.")
            % {"moment": _local(campaign.week_ends_at, campaign)}
        )


def _local(moment, campaign: Campaign) -> str:
    return formats.date_format(moment.astimezone(campaign.zone), "DATETIME_FORMAT")


def _check_owes(campaign: Campaign, unit: Unit) -> None:
    if not Participation.objects.filter(
        campaign=campaign, unit=unit, owes_statistics=True
    ).exists():
        raise StatsError(
            _("%(unit)s does not fill in the statistics table of this campaign.")
            % {"unit": unit.name}
        )


def _locked_return(*, campaign: Campaign, unit: Unit, actor, version: int | None) -> StatReturn:
    """The unit's return, locked, created as an empty draft on the first save.

    An existing return must be saved with the version the unit saw.
    """
    stat_return = (
        StatReturn.objects.select_for_update().filter(campaign=campaign, unit=unit).first()
    )
    if stat_return is None:
        if version is not None:
            raise StatsConflict(_("This return was changed meanwhile; reload it and try again."))
        stat_return = StatReturn.objects.create(campaign=campaign, unit=unit)
        audit.record(actor=actor, action="stat_return.create", target=stat_return)
        return stat_return
    if version is None or stat_return.version != version:
        raise StatsConflict(_("This return was changed meanwhile; reload it and try again."))
    if stat_return.state not in EDITABLE_STATES:
        raise StatsConflict(
            _("This return is “%(state)s” and can no longer be changed.")
            % {"state": stat_return.get_state_display()}
        )
    return stat_return


def _validated_json(
    definition: FormDefinition,
    *,
    campaign: Campaign,
    unit: Unit,
    raw: Mapping[str, object],
    for_submission: bool,
) -> dict[str, object]:
    derived = queries.derived_figures(campaign, [unit.pk]).get(unit.pk, {})
    validated = validate_values(
        definition,
        raw,
        for_submission=for_submission,
        derived=queries.derived_by_key(definition, derived),
    )
    if not validated.is_valid:
        raise StatsInvalid(validated.errors)
    return to_json(definition, validated.values)


def _store_values(stat_return: StatReturn, *, values: dict[str, object], actor) -> StatReturn:
    """Write new values (version + 1) and record the changed items; no change, no write."""
    before = stat_return.values or {}
    changed = sorted(key for key in set(before) | set(values) if before.get(key) != values.get(key))
    if not changed:
        return stat_return
    stat_return.values = values
    stat_return.version = F("version") + 1
    stat_return.save(update_fields=["values", "version", "updated_at"])
    stat_return.refresh_from_db()
    audit.record(
        actor=actor,
        action="stat_return.save",
        target=stat_return,
        before={key: before.get(key) for key in changed},
        after={key: values.get(key) for key in changed},
    )
    return stat_return


@transaction.atomic
def save_return(
    *, campaign: Campaign, unit: Unit, raw: Mapping[str, object], actor, version: int | None = None
) -> StatReturn:
    """Save a unit's figures as a draft (or keep editing a returned return).

    Incomplete is fine, invalid is not (StatsInvalid). The first save creates the return
    (`version` None); later saves need the version the unit saw (StatsConflict otherwise).
    """
    _check_owes(campaign, unit)
    _check_window(campaign)
    definition = _definition(campaign)
    values = _validated_json(
        definition, campaign=campaign, unit=unit, raw=raw, for_submission=False
    )
    stat_return = _locked_return(campaign=campaign, unit=unit, actor=actor, version=version)
    return _store_values(stat_return, values=values, actor=actor)


@transaction.atomic
def submit_return(
    *,
    campaign: Campaign,
    unit: Unit,
    actor,
    raw: Mapping[str, object] | None = None,
    version: int | None = None,
) -> StatReturn:
    """Submit a unit's return for review: with `raw`, those figures; without, the saved draft.

    The figures must be complete and pass every check; they are stored cleaned (decimals as
    strings). A returned return is submitted again the same way.
    """
    _check_owes(campaign, unit)
    _check_window(campaign)
    definition = _definition(campaign)
    stat_return = _locked_return(campaign=campaign, unit=unit, actor=actor, version=version)
    source = raw if raw is not None else from_json(definition, stat_return.values or {})
    values = _validated_json(
        definition, campaign=campaign, unit=unit, raw=source, for_submission=True
    )
    stat_return = _store_values(stat_return, values=values, actor=actor)
    return _transition(
        stat_return,
        action="submit",
        actor=actor,
        version=stat_return.version,
        submitted_at=clock.now(),
        submitted_by=actor,
        return_note="",
    )


@transaction.atomic
def confirm_return(*, stat_return: StatReturn, actor, version: int) -> StatReturn:
    """The reviewer (city bureau, or the province for the units no city reviews) accepts a return."""
    return _transition(
        stat_return,
        action="confirm",
        actor=actor,
        version=version,
        reviewed_at=clock.now(),
        reviewed_by=actor,
    )


@transaction.atomic
def send_back_return(*, stat_return: StatReturn, actor, version: int, note: str) -> StatReturn:
    """Return a submitted or confirmed return to its unit for changes, saying what to change.

    Not once the unit's city has submitted its statistics to the province.
    """
    note = note.strip()
    if not note:
        raise StatsError(_("Say what the unit should change: the note is required."))
    city = queries.city_of(stat_return.unit)
    if (
        city is not None
        and city.pk != stat_return.unit_id
        and CitySubmission.objects.filter(campaign_id=stat_return.campaign_id, city=city).exists()
    ):
        raise StatsError(
            _(
                "%(city)s has already submitted its statistics; the return can no longer be sent back."
            )
            % {"city": city.name}
        )
    return _transition(
        stat_return,
        action="send_back",
        actor=actor,
        version=version,
        note=note,
        return_note=note,
        reviewed_at=clock.now(),
        reviewed_by=actor,
    )


@transaction.atomic
def submit_city(*, campaign: Campaign, city: Unit, actor) -> CitySubmission:
    """A city bureau sends its city's statistics to the province (once).

    Every unit below the city that owes the table must have a confirmed return.
    """
    if city.kind != UnitKind.CITY:
        raise StatsError(_("Only a city bureau submits a city's statistics."))
    if CitySubmission.objects.filter(campaign=campaign, city=city).exists():
        raise StatsError(_("%(city)s has already submitted its statistics.") % {"city": city.name})
    missing = queries.units_without_confirmed_return(campaign, city)
    if missing:
        shown = "、".join(unit.name for unit in missing[:MISSING_NAMES_SHOWN])
        more = len(missing) - MISSING_NAMES_SHOWN
        if more > 0:
            shown = ngettext(
                "%(units)s and %(count)d more", "%(units)s and %(count)d more", more
            ) % {"units": shown, "count": more}
        raise StatsError(
            _("Not every unit has a confirmed return yet: %(units)s.") % {"units": shown}
        )
    submission = CitySubmission.objects.create(
        campaign=campaign, city=city, submitted_at=clock.now(), submitted_by=actor
    )
    audit.record(
        actor=actor,
        action="stats.submit_city",
        target=submission,
        after={"city": city.pk, "campaign": campaign.pk},
    )
    return submission


def _transition(
    stat_return: StatReturn,
    *,
    action: str,
    actor,
    version: int,
    note: str = "",
    **fields: object,
) -> StatReturn:
    """Move a return along ALLOWED_TRANSITIONS if nobody changed it since `version`; record it."""
    allowed = ALLOWED_TRANSITIONS[action]
    updated = StatReturn.objects.filter(
        pk=stat_return.pk, version=version, state__in=list(allowed)
    ).update(
        state=Case(*(When(state=old, then=Value(new)) for old, new in allowed.items())),
        version=F("version") + 1,
        updated_at=clock.now(),
        **fields,
    )
    if updated == 0:
        current = StatReturn.objects.filter(pk=stat_return.pk).first()
        if current is None:
            raise StatsConflict(_("This return no longer exists."))
        raise StatsConflict(
            _(
                "The return of %(unit)s was changed meanwhile and is now “%(state)s”; nothing was done."
            )
            % {"unit": current.unit.name, "state": current.get_state_display()}
        )
    from_state = stat_return.state
    stat_return.refresh_from_db()
    audit.record(
        actor=actor,
        action=f"stat_return.{action}",
        target=stat_return,
        before={"state": from_state},
        after={"state": stat_return.state, "note": note},
    )
    return stat_return
