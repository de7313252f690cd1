"""Importing a roster of units and liaisons into the unit tree and a campaign, all or nothing.

Every unit is matched by name (or code) within the province's tree, so importing the same file
twice changes nothing. With a campaign, each unit is enrolled with the obligations of its kind
(`writer.obligations_for`), its liaisons are recorded, and each liaison with a mobile or e-mail
gets one account (`writer.role_for` in its unit), created without a password: its owner sets one
through a one-time activation link.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from vocweek.accounts.models import User
from vocweek.accounts.services import activation_for
from vocweek.accounts.tasks import send_activation_email
from vocweek.campaigns.models import Campaign
from vocweek.campaigns.roster.columns import COLUMNS
from vocweek.campaigns.roster.reading import RosterError, display_name, read_sheets
from vocweek.campaigns.roster.rows import ParsedRoster, RowError, parse_roster
from vocweek.campaigns.roster.writer import RosterWriter
from vocweek.orgs import queries as org_queries
from vocweek.orgs.enums import UnitKind

# City bureaus first, then counties, so that later rows can name the units earlier rows create.
IMPORT_ORDER = {UnitKind.CITY: 0, UnitKind.COUNTY: 1}


class RosterInvalid(RosterError):
    """Some rows are invalid and the import was asked to be all or nothing: nothing was written."""

    def __init__(self, errors: tuple[RowError, ...]) -> None:
        rows = len({error.row for error in errors})
        super().__init__(
            _("%(count)s rows cannot be imported; nothing was imported.") % {"count": rows}
        )
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, for a dry run, would do): the user reads these counts."""

    file_name: str
    campaign: Campaign | None
    dry_run: bool
    created_units: tuple[str, ...]
    updated_units: tuple[str, ...]
    unchanged_units: int
    participations_created: int
    participations_updated: int
    liaisons_created: int
    liaisons_updated: int
    memberships_assigned: int
    accounts_created: int
    new_accounts: tuple[User, ...]
    skipped: tuple[RowError, ...]
    warnings: tuple[str, ...]

    @property
    def units_created(self) -> int:
        return len(self.created_units)

    @property
    def units_updated(self) -> int:
        return len(self.updated_units)

    @property
    def changed(self) -> bool:
        """False when the import left everything as it was (a repeated import)."""
        return bool(
            self.created_units
            or self.updated_units
            or self.participations_created
            or self.participations_updated
            or self.liaisons_created
            or self.liaisons_updated
            or self.memberships_assigned
            or self.accounts_created
        )

    def counts(self) -> dict[str, int]:
        """The figures as plain numbers (for a session, a log line or a template)."""
        return {
            "units_created": self.units_created,
            "units_updated": self.units_updated,
            "units_unchanged": self.unchanged_units,
            "participations_created": self.participations_created,
            "participations_updated": self.participations_updated,
            "liaisons_created": self.liaisons_created,
            "liaisons_updated": self.liaisons_updated,
            "memberships_assigned": self.memberships_assigned,
            "accounts_created": self.accounts_created,
            "rows_skipped": len({error.row for error in self.skipped}),
        }


@dataclass(frozen=True)
class ImportPreview:
    """What the file holds, what is wrong with it, and what importing its valid rows would do."""

    file_name: str
    campaign: Campaign | None
    sheet: str
    header_row: int
    columns: tuple[tuple[str, str], ...]
    rows: int
    units: int
    errors: tuple[RowError, ...]
    outcome: ImportResult

    @property
    def can_import_all(self) -> bool:
        return not self.errors

    @property
    def can_import_valid(self) -> bool:
        """Some rows are invalid, and importing the others would change something."""
        return bool(self.errors) and self.outcome.changed

    @property
    def invalid_rows(self) -> int:
        return len({error.row for error in self.errors})


@dataclass(frozen=True)
class ActivationLink:
    """An account created by an import and the one-time link with which its owner activates it."""

    user: User
    url: str


def preview_import(*, file_name: str, data: bytes, campaign: Campaign | None) -> ImportPreview:
    """Read and check a roster and try it in a transaction that is rolled back: nothing is kept.

    Raises RosterError when the file cannot be read or there is no province to import into.
    """
    name = display_name(file_name)
    parsed = parse_roster(file_name=name, sheets=read_sheets(file_name=name, data=data))
    with transaction.atomic():
        outcome, errors = _write(name, parsed, campaign=campaign, actor=None, dry_run=True)
        transaction.set_rollback(True)
    return ImportPreview(
        file_name=name,
        campaign=campaign,
        sheet=parsed.sheet,
        header_row=parsed.header.row,
        columns=tuple(
            (column.header, parsed.header.headers[column.field])
            for column in COLUMNS
            if column.field in parsed.header.headers
        ),
        rows=parsed.rows,
        units=len(parsed.units),
        errors=errors,
        outcome=outcome,
    )


def import_roster(
    *,
    file_name: str,
    data: bytes,
    campaign: Campaign | None,
    skip_invalid: bool = False,
    dry_run: bool = False,
    actor=None,
) -> ImportResult:
    """Import a roster file in one transaction: units, and with a campaign participations,
    liaisons and accounts.

    All or nothing: raises RosterInvalid (having written nothing) when a row is invalid, unless
    `skip_invalid`, which imports the valid rows and lists the others in `skipped`. A dry run
    rolls everything back. Raises RosterError when the file cannot be read.
    """
    name = display_name(file_name)
    parsed = parse_roster(file_name=name, sheets=read_sheets(file_name=name, data=data))
    with transaction.atomic():
        result, errors = _write(name, parsed, campaign=campaign, actor=actor, dry_run=dry_run)
        if errors and not skip_invalid:
            raise RosterInvalid(errors)
        if dry_run:
            transaction.set_rollback(True)
    return result


def activation_links(*, users: Iterable[User], base_url: str) -> list[ActivationLink]:
    """The one-time activation link of each account, on the site at `base_url`."""
    return [ActivationLink(user=user, url=activation_for(user).url(base_url)) for user in users]


def send_activation_links(*, users: Iterable[User], base_url: str) -> int:
    """Queue for each account with an address the e-mail of its activation link; returns how many.

    The tasks are enqueued when the surrounding transaction commits, so that no mail announces an
    account that was rolled back.
    """
    queued = 0
    for user in users:
        if not user.email:
            continue
        transaction.on_commit(
            partial(send_activation_email.enqueue, user_id=user.pk, base_url=base_url)
        )
        queued += 1
    return queued


def _write(
    file_name: str, parsed: ParsedRoster, *, campaign: Campaign | None, actor, dry_run: bool
) -> tuple[ImportResult, tuple[RowError, ...]]:
    """Write the valid units inside the caller's transaction; return what was done and every error."""
    root = org_queries.province_root()
    if root is None:
        raise RosterError(
            _(
                "There is no provincial education department at the top of the unit tree; "
                "create it before importing units."
            )
        )
    writer = RosterWriter(root=root, header=parsed.header, campaign=campaign, actor=actor)
    ordered = sorted(parsed.units, key=lambda unit: IMPORT_ORDER.get(unit.kind, 2))
    errors = list(parsed.errors)
    for unit in ordered:
        errors.extend(writer.write_unit(unit))
    # A row already refused for a field is still placed, so the user sees all its problems at once.
    for unit in parsed.rejected:
        place_error = writer.place_error(unit)
        if place_error is not None:
            errors.append(place_error)
    errors.sort(key=lambda error: error.row)
    tally = writer.tally
    result = ImportResult(
        file_name=file_name,
        campaign=campaign,
        dry_run=dry_run,
        created_units=tuple(tally.created_units),
        updated_units=tuple(tally.updated_units),
        unchanged_units=tally.unchanged_units,
        participations_created=tally.participations_created,
        participations_updated=tally.participations_updated,
        liaisons_created=tally.liaisons_created,
        liaisons_updated=tally.liaisons_updated,
        memberships_assigned=tally.memberships_assigned,
        accounts_created=len(tally.new_accounts),
        new_accounts=() if dry_run else tuple(tally.new_accounts),
        skipped=tuple(errors),
        warnings=tuple(tally.warnings),
    )
    return result, tuple(errors)
