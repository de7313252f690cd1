"""Writing pledges and signatures.

`sign` is the busiest write of the platform — a whole province's students during one morning
assembly — and must count exactly. Increment the pledge's count (which locks its row and returns
the signer's number), insert the signature with that number, add one to the school's tally, all
or nothing: if the insert shows the signer already signed (the unique keyed hash), the count
rolls back too and the signer gets their first signature back, so a repeated or retried request
never counts twice. On PostgreSQL the three are one statement (data-modifying WITH), so the
pledge's row is held only inside the server; on SQLite they are three statements in one
transaction. docs/counters.md explains the choice and bench/pledges.py measures it.
"""

import hmac
import unicodedata
from contextlib import nullcontext
from dataclasses import dataclass
from hashlib import sha256

import psycopg
from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils.translation import gettext as _

from vocweek.campaigns.models import Campaign
from vocweek.core import audit, clock
from vocweek.core.phones import MOBILE, normalise_mobile
from vocweek.orgs.models import Unit
from vocweek.pledges.enums import IdentifierKind, PledgeState
from vocweek.pledges.models import Pledge, Signature, new_certificate_token

STUDENT_NUMBER_LENGTH = 30


class PledgeError(Exception):
    """A pledge action that cannot be done; the message is for the user."""


class PledgeBusy(PledgeError):
    """The database did not answer in time; the signer should try again in a moment."""


@dataclass(frozen=True)
class Signed:
    """What `sign` did: the signature, and whether this call made it (False: signed before)."""

    signature: Signature
    created: bool


def signer_hash(pledge_id: int, kind: str, identifier: str, unit_id: int) -> str:
    """The keyed hash that recognises a signer of one pledge: HMAC-SHA256 under a key derived
    from the secret key; a student number counts within its school, a mobile everywhere."""
    key = hmac.new(settings.SECRET_KEY.encode(), b"vocweek.pledges.signer", sha256).digest()
    scope = str(unit_id) if kind == IdentifierKind.STUDENT_NUMBER else ""
    message = f"{pledge_id}\x1f{kind}\x1f{scope}\x1f{identifier}".encode()
    return hmac.new(key, message, sha256).hexdigest()


def clean_identifier(kind: str, raw: str) -> str:
    """The identifier as it is hashed; the message names the field when it cannot be read."""
    if kind == IdentifierKind.MOBILE:
        mobile = normalise_mobile(raw)
        if not MOBILE.fullmatch(mobile):
            raise PledgeError(_("Mobile: enter an 11-digit mainland mobile number."))
        return mobile
    if kind == IdentifierKind.STUDENT_NUMBER:
        number = "".join(unicodedata.normalize("NFKC", raw or "").split()).upper()
        if not number:
            raise PledgeError(_("Student number: enter your student number."))
        if len(number) > STUDENT_NUMBER_LENGTH or not number.isalnum():
            raise PledgeError(
                _("Student number: letters and digits only, at most %(length)d.")
                % {"length": STUDENT_NUMBER_LENGTH}
            )
        return number
    raise PledgeError(_("Sign with your student number or your mobile."))


class _AlreadySigned(Exception):
    """Raised inside the signing transaction to roll it back, count included."""


def sign(*, pledge_id: int, unit: Unit, name: str, kind: str, identifier: str) -> Signed:
    """Sign a pledge; a signer who signed before (same school and student number, or same
    mobile) gets their first signature back and nothing is counted."""
    name = " ".join((name or "").split())
    if not name:
        raise PledgeError(_("Name: enter your name."))
    if len(name) > Signature._meta.get_field("name").max_length:
        raise PledgeError(_("Name: at most 30 characters."))
    cleaned = clean_identifier(kind, identifier)
    hashed = signer_hash(pledge_id, kind, cleaned, unit.pk)
    now = clock.now()
    token = new_certificate_token()
    write = _write_postgresql if connection.vendor == "postgresql" else _write_in_steps
    try:
        found = write(pledge_id, unit.pk, name, hashed, token, now)
    except _AlreadySigned:
        existing = Signature.objects.filter(pledge_id=pledge_id, signer_hash=hashed).first()
        if existing is None:  # cannot happen: signatures are never deleted
            raise PledgeBusy(_("Signing is busy; please try again in a moment.")) from None
        return Signed(existing, created=False)
    except OperationalError as error:  # a lock not granted in time: answer, do not hang
        raise PledgeBusy(_("Signing is busy; please try again in a moment.")) from error
    if found is None:
        raise PledgeError(_("This pledge is not open for signing."))
    pk, number = found
    signature = Signature(
        pk=pk,
        pledge_id=pledge_id,
        unit=unit,
        name=name,
        signer_hash=hashed,
        number=number,
        token=token,
        signed_at=now,
    )
    return Signed(signature, created=True)


# PostgreSQL: count, insert and tally in one statement, which is its own transaction when no
# transaction is open — the pledge's row is locked only inside the server, never across a round
# trip. A repeat violates `signature_once`: the statement fails as a whole, the count included.
# Waiting for the row is bounded by the connection's lock_timeout (VOCWEEK_DB_LOCK_TIMEOUT_MS).
_SIGN = """
WITH counted AS (
    UPDATE pledges_pledge SET signers = signers + 1
     WHERE id = %(pledge)s AND state = %(open)s
       AND (opens_at IS NULL OR opens_at <= %(now)s) AND (closes_at IS NULL OR closes_at > %(now)s)
    RETURNING signers
), signed AS (
    INSERT INTO pledges_signature (pledge_id, unit_id, name, signer_hash, number, token, signed_at)
    SELECT %(pledge)s, %(unit)s, %(name)s, %(hash)s, signers, %(token)s, %(now)s FROM counted
    RETURNING id, number
), tallied AS (
    INSERT INTO pledges_pledgetally (pledge_id, unit_id, signers)
    SELECT %(pledge)s, %(unit)s, 1 FROM signed
    ON CONFLICT (pledge_id, unit_id) DO UPDATE SET signers = pledges_pledgetally.signers + 1
)
SELECT id, number FROM signed
"""


def _write_postgresql(pledge_id, unit_id, name, hashed, token, now) -> tuple[int, int] | None:
    parameters = {
        "pledge": pledge_id,
        "open": PledgeState.OPEN,
        "now": now,
        "unit": unit_id,
        "name": name,
        "hash": hashed,
        "token": token,
    }
    try:
        # Inside a caller's transaction (the demo, the tests) a savepoint keeps a repeat from
        # spoiling it; otherwise the statement runs in autocommit, one round trip.
        scope = transaction.atomic() if connection.in_atomic_block else nullcontext()
        with scope:
            connection.ensure_connection()
            # A server-side prepared statement: PostgreSQL parses and plans this WITH statement
            # once per connection instead of for every signature (its CPU is the web server's
            # too on a small machine). Django's error wrapping still applies.
            with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
                cursor.execute(_SIGN, parameters, prepare=True)
                return cursor.fetchone()
    except IntegrityError as error:
        raise _AlreadySigned from error


# SQLite (no data-modifying WITH): the same three steps in one transaction, which SQLite
# serialises with every other writer anyway.
_COUNT = (
    "UPDATE pledges_pledge SET signers = signers + 1 "
    "WHERE id = %s AND state = %s "
    "AND (opens_at IS NULL OR opens_at <= %s) AND (closes_at IS NULL OR closes_at > %s) "
    "RETURNING signers"
)
_INSERT = (
    "INSERT INTO pledges_signature (pledge_id, unit_id, name, signer_hash, number, token, "
    "signed_at) VALUES (%s, %s, %s, %s, %s, %s, %s) "
    "ON CONFLICT (pledge_id, signer_hash) DO NOTHING RETURNING id"
)
_TALLY = (
    "INSERT INTO pledges_pledgetally (pledge_id, unit_id, signers) VALUES (%s, %s, 1) "
    "ON CONFLICT (pledge_id, unit_id) DO UPDATE SET signers = pledges_pledgetally.signers + 1"
)


def _write_in_steps(pledge_id, unit_id, name, hashed, token, now) -> tuple[int, int] | None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_COUNT, [pledge_id, PledgeState.OPEN, now, now])
        counted = cursor.fetchone()
        if counted is None:
            return None
        cursor.execute(_INSERT, [pledge_id, unit_id, name, hashed, counted[0], token, now])
        inserted = cursor.fetchone()
        if inserted is None:
            raise _AlreadySigned  # rolls the count back with the transaction
        cursor.execute(_TALLY, [pledge_id, unit_id])
        return inserted[0], counted[0]


# --- The organiser's side ----------------------------------------------------------------------


@dataclass(frozen=True)
class PledgeContent:
    title: str
    text: str


@transaction.atomic
def create_pledge(*, campaign: Campaign, actor, content: PledgeContent) -> Pledge:
    if not content.title.strip() or not content.text.strip():
        raise PledgeError(_("Title and text: a pledge needs both."))
    pledge = Pledge.objects.create(
        campaign=campaign,
        title=content.title.strip(),
        text=content.text.strip(),
        created_by=actor,
    )
    audit.record(actor=actor, action="pledge.create", target=pledge, after={"title": pledge.title})
    return pledge


@transaction.atomic
def update_pledge(*, pledge: Pledge, actor, content: PledgeContent) -> Pledge:
    """Change a draft's title and text; once opened, what people signed stays as they read it."""
    if not content.title.strip() or not content.text.strip():
        raise PledgeError(_("Title and text: a pledge needs both."))
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if locked.state != PledgeState.DRAFT:
        raise PledgeError(_("Only a draft can be changed: people sign the text they read."))
    before = {"title": locked.title, "text": locked.text}
    locked.title, locked.text = content.title.strip(), content.text.strip()
    locked.save(update_fields=["title", "text", "updated_at"])
    audit.record(
        actor=actor,
        action="pledge.update",
        target=locked,
        before=before,
        after={"title": locked.title, "text": locked.text},
    )
    return locked


@transaction.atomic
def open_pledge(*, pledge: Pledge, actor) -> Pledge:
    """Open a draft (or reopen a closed pledge) for signing; its text is fixed from now on."""
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if locked.state == PledgeState.OPEN:
        return locked
    before = locked.state
    locked.state = PledgeState.OPEN
    locked.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        action="pledge.open",
        target=locked,
        before={"state": before},
        after={"state": locked.state},
    )
    return locked


@transaction.atomic
def close_pledge(*, pledge: Pledge, actor) -> Pledge:
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if locked.state != PledgeState.OPEN:
        raise PledgeError(_("Only an open pledge can be closed."))
    locked.state = PledgeState.CLOSED
    locked.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        action="pledge.close",
        target=locked,
        before={"state": PledgeState.OPEN},
        after={"state": locked.state},
    )
    return locked
