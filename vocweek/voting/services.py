"""Writing selections, candidates and votes, and auditing them.

A vote passes, in one transaction: the selection's window and the candidate's approval, the
network rules, then each daily limit as a conditional increment of its `Allowance` row (refused
when the row is at its limit, which rolls back the increments already made), then the insert
into the append-only log and the candidate's count. Invalidation never deletes a vote: it points
the matching votes at an `Invalidation` and recounts. `recount` rebuilds every count from the log
and says where the stored count differed.
"""

import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from hashlib import sha256

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F
from django.utils.translation import gettext as _

from vocweek.campaigns.models import Campaign
from vocweek.core import audit, clock
from vocweek.core.phones import MOBILE, normalise_mobile
from vocweek.core.uploads import UploadRejected, check_upload, clean_photo, display_name
from vocweek.notify.services import Recipient, notify
from vocweek.orgs.models import Unit
from vocweek.voting.enums import CandidateState, FlagState, NetworkRuleKind, SelectionState
from vocweek.voting.models import (
    Candidate,
    Flag,
    Invalidation,
    NetworkRule,
    Selection,
    VerificationCode,
    Vote,
)

CODE_LIFETIME = timedelta(minutes=10)
CODE_INTERVAL = timedelta(seconds=60)
CODE_ATTEMPTS = 5
BURST_WINDOW = timedelta(seconds=10)
BURST_VOTES = 20


class VotingError(Exception):
    """A voting action that cannot be done; the message is for the user."""


def _keyed(purpose: bytes, message: str) -> str:
    key = hmac.new(settings.SECRET_KEY.encode(), purpose, sha256).digest()
    return hmac.new(key, message.encode(), sha256).hexdigest()


def voter_hash(selection_id: int, mobile: str) -> str:
    """The voter as the log keeps them: a keyed hash of the verified mobile, per selection."""
    return _keyed(b"vocweek.voting.voter", f"{selection_id}\x1f{mobile}")


def device_hash(selection_id: int, device: str) -> str:
    return _keyed(b"vocweek.voting.device", f"{selection_id}\x1f{device}")


# --- Verifying a voter's mobile ---------------------------------------------------------------


def request_code(*, selection: Selection, mobile: str) -> None:
    """Text a six-digit code to the mobile; at most one a minute per mobile."""
    mobile = normalise_mobile(mobile)
    if not MOBILE.fullmatch(mobile):
        raise VotingError(_("Mobile: enter an 11-digit mainland mobile number."))
    now = clock.now()
    if selection.state != SelectionState.PUBLISHED:
        raise VotingError(_("This selection is not open for voting."))
    if now >= selection.closes_at:  # no text message for votes that can no longer be cast
        raise VotingError(_("Voting has closed."))
    voter = voter_hash(selection.pk, mobile)
    with transaction.atomic():
        latest = (
            VerificationCode.objects.select_for_update()
            .filter(selection=selection, voter_hash=voter)
            .order_by("-sent_at")
            .first()
        )
        if latest is not None and now - latest.sent_at < CODE_INTERVAL:
            raise VotingError(_("A code was sent less than a minute ago; please wait."))
        code = f"{secrets.randbelow(1_000_000):06d}"
        sent = VerificationCode.objects.create(
            selection=selection,
            voter_hash=voter,
            code_hash=_keyed(b"vocweek.voting.code", f"{voter}\x1f{code}"),
            sent_at=now,
            expires_at=now + CODE_LIFETIME,
        )
    text = _("Your voting code is %(code)s, valid for 10 minutes.") % {"code": code}
    notify(
        key=f"voting:code:{sent.pk}",
        recipients=[Recipient(mobile=mobile)],
        title=text,
        body=text,
        sms_params={"code": code},
        sms_template="voting_code",
        channels=("sms",),
    )


def verify_code(*, selection: Selection, mobile: str, code: str) -> str:
    """The voter's hash once the code matches; five wrong tries spend a code."""
    mobile = normalise_mobile(mobile)
    voter = voter_hash(selection.pk, mobile)
    now = clock.now()
    with transaction.atomic():
        latest = (
            VerificationCode.objects.select_for_update()
            .filter(selection=selection, voter_hash=voter, used_at__isnull=True)
            .order_by("-sent_at")
            .first()
        )
        if latest is None or latest.expires_at <= now or latest.attempts >= CODE_ATTEMPTS:
            raise VotingError(_("Code: it has expired or was not sent; ask for a new one."))
        expected = _keyed(b"vocweek.voting.code", f"{voter}\x1f{code.strip()}")
        matches = hmac.compare_digest(expected, latest.code_hash)
        if matches:
            latest.used_at = now
            latest.save(update_fields=["used_at"])
        else:  # the attempt is kept: the refusal is raised after the commit
            latest.attempts += 1
            latest.save(update_fields=["attempts"])
    if not matches:
        raise VotingError(_("Code: it does not match the code sent to this mobile."))
    return voter


# --- Voting -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ballot:
    """Who casts a vote and from where, as the request knows them."""

    voter: str  # voter_hash of the verified mobile
    network: str  # core.clients.network_of(client address)
    device: str  # device_hash of the browser's device cookie
    token: str = ""  # the page's one-use ballot token: the same token counts once


class AlreadyCounted(VotingError):
    """The same ballot was sent again (a double tap, a retried request): it counted once."""


_ENSURE = (
    "INSERT INTO voting_allowance (selection_id, day, scope, key, used) VALUES (%s, %s, %s, %s, 0) "
    "ON CONFLICT (selection_id, day, scope, key) DO NOTHING"
)
_USE = (
    "UPDATE voting_allowance SET used = used + 1 "
    "WHERE selection_id = %s AND day = %s AND scope = %s AND key = %s AND used < %s"
)


def _use(cursor, selection: Selection, day, scope: str, key: str, limit: int, refusal: str):
    cursor.execute(_ENSURE, [selection.pk, day, scope, key])
    cursor.execute(_USE, [selection.pk, day, scope, key, limit])
    if cursor.rowcount == 0:
        raise VotingError(refusal)


def _rule_for(selection: Selection, network: str) -> str | None:
    """The rule of the most specific listed network holding `network`, if any."""
    try:
        voting_net = ipaddress.ip_network(network)
    except ValueError:
        return None
    best: tuple[int, str] | None = None
    for listed, kind in NetworkRule.objects.filter(selection=selection).values_list(
        "network", "kind"
    ):
        try:
            rule_net = ipaddress.ip_network(listed, strict=False)
        except ValueError:
            continue
        holds = rule_net.version == voting_net.version and voting_net.subnet_of(rule_net)
        if holds and (best is None or rule_net.prefixlen > best[0]):
            best = (rule_net.prefixlen, kind)
    return best[1] if best else None


def cast_vote(*, selection_id: int, candidate_id: int, ballot: Ballot) -> Vote:
    """Cast one vote under the selection's rules; a refusal names the limit and counts nothing.
    A ballot token already counted (by this voter in this selection) raises `AlreadyCounted`:
    the database keeps each token once, so a resent vote never counts twice, whichever process
    or machine the retry reaches."""
    token = ballot.token[:32]
    if (
        token
        and Vote.objects.filter(
            selection_id=selection_id, voter_hash=ballot.voter, ballot=token
        ).exists()
    ):
        raise AlreadyCounted(_("This vote was already sent: it counts at most once."))
    try:
        return _cast_vote(selection_id=selection_id, candidate_id=candidate_id, ballot=ballot)
    except IntegrityError as error:  # the same token, sent at the same moment: rolled back
        if (
            token
            and Vote.objects.filter(
                selection_id=selection_id, voter_hash=ballot.voter, ballot=token
            ).exists()
        ):
            raise AlreadyCounted(
                _("This vote was already sent: it counts at most once.")
            ) from error
        raise


@transaction.atomic
def _cast_vote(*, selection_id: int, candidate_id: int, ballot: Ballot) -> Vote:
    now = clock.now()
    selection = Selection.objects.select_related("campaign").filter(pk=selection_id).first()
    if selection is None or selection.state != SelectionState.PUBLISHED:
        raise VotingError(_("This selection is not open for voting."))
    if now < selection.opens_at:
        raise VotingError(_("Voting has not opened yet."))
    if now >= selection.closes_at:
        raise VotingError(_("Voting has closed."))
    candidate = Candidate.objects.filter(
        pk=candidate_id, selection=selection, state=CandidateState.APPROVED
    ).first()
    if candidate is None:
        raise VotingError(_("This candidate is not in the selection."))
    rule = _rule_for(selection, ballot.network)
    if rule == NetworkRuleKind.BLOCK:
        raise VotingError(_("Votes from this network are not accepted."))
    day = now.astimezone(selection.campaign.zone).date()
    with connection.cursor() as cursor:
        _use(
            cursor, selection, day, "voter", ballot.voter, selection.votes_per_day,
            _("You have used today's %(limit)d votes; come back tomorrow.")
            % {"limit": selection.votes_per_day},
        )  # fmt: skip
        _use(
            cursor, selection, day, "candidate", f"{ballot.voter}:{candidate.pk}",
            selection.votes_per_candidate_per_day,
            _("You have voted for %(name)s as often as allowed today.") % {"name": candidate.name},
        )  # fmt: skip
        if rule != NetworkRuleKind.ALLOW:
            _use(
                cursor, selection, day, "network", ballot.network,
                selection.votes_per_network_per_day,
                _("Too many votes from your network today."),
            )  # fmt: skip
        _use(
            cursor, selection, day, "device", ballot.device, selection.votes_per_device_per_day,
            _("Too many votes from this device today."),
        )  # fmt: skip
    vote = Vote.objects.create(
        selection=selection,
        candidate=candidate,
        voter_hash=ballot.voter,
        network=ballot.network,
        device_hash=ballot.device,
        cast_at=now,
        day=day,
        ballot=ballot.token[:32],
    )
    Candidate.objects.filter(pk=candidate.pk).update(votes=F("votes") + 1)
    return vote


# --- Auditing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecountLine:
    candidate_id: int
    name: str
    stored: int
    counted: int

    @property
    def agrees(self) -> bool:
        return self.stored == self.counted


@transaction.atomic
def recount(*, selection: Selection) -> list[RecountLine]:
    """Count every candidate's valid votes from the log, store them, and say what was stored
    before: all lines agree unless something wrote around the services."""
    counted = dict(
        Vote.objects.filter(selection=selection, invalidation__isnull=True)
        .values("candidate_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("candidate_id", "count")
    )
    lines = []
    for candidate in Candidate.objects.select_for_update().filter(selection=selection):
        fresh = counted.get(candidate.pk, 0)
        lines.append(RecountLine(candidate.pk, candidate.name, candidate.votes, fresh))
        if candidate.votes != fresh:
            Candidate.objects.filter(pk=candidate.pk).update(votes=fresh)
    return lines


@transaction.atomic
def invalidate_votes(
    *,
    selection: Selection,
    actor,
    reason: str,
    network: str = "",
    voter: str = "",
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
) -> Invalidation:
    """Set aside the valid votes matching every criterion given (at least one), and recount."""
    if not reason.strip():
        raise VotingError(_("Reason: say why these votes are set aside."))
    if not (network or voter or starts_at or ends_at):
        raise VotingError(_("Choose a network, a voter or a time window."))
    matching = Vote.objects.filter(selection=selection, invalidation__isnull=True)
    if network:
        matching = matching.filter(network=network)
    if voter:
        matching = matching.filter(voter_hash=voter)
    if starts_at:
        matching = matching.filter(cast_at__gte=starts_at)
    if ends_at:
        matching = matching.filter(cast_at__lt=ends_at)
    invalidation = Invalidation.objects.create(
        selection=selection,
        at=clock.now(),
        actor=actor,
        reason=reason.strip(),
        network=network,
        voter_hash=voter,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    invalidation.votes = matching.update(invalidation=invalidation)
    invalidation.save(update_fields=["votes"])
    if network:
        Flag.objects.filter(selection=selection, network=network, state=FlagState.OPEN).update(
            state=FlagState.INVALIDATED
        )
    recount(selection=selection)
    audit.record(
        actor=actor,
        action="voting.invalidate",
        target=invalidation,
        after={
            "network": network,
            "voter": voter[:12],
            "from": starts_at.isoformat() if starts_at else "",
            "until": ends_at.isoformat() if ends_at else "",
            "votes": invalidation.votes,
        },
    )
    return invalidation


def flag_bursts(
    *,
    selection: Selection,
    since: datetime,
    window: timedelta = BURST_WINDOW,
    at_least: int = BURST_VOTES,
) -> list[Flag]:
    """Flag each network that cast `at_least` valid votes within any `window` since `since`:
    a flag starts at the first vote of the burst and covers the window; a burst already flagged
    is not flagged again, and allow-listed networks are never flagged."""
    times: dict[str, list[datetime]] = {}
    for network, cast_at in (
        Vote.objects.filter(selection=selection, cast_at__gte=since, invalidation__isnull=True)
        .values_list("network", "cast_at")
        .order_by("network", "cast_at")
    ):
        times.setdefault(network, []).append(cast_at)
    raised = []
    for network, moments in times.items():
        if len(moments) < at_least or _rule_for(selection, network) == NetworkRuleKind.ALLOW:
            continue
        first = 0
        while first + at_least <= len(moments):
            last = first + at_least - 1
            if moments[last] - moments[first] >= window:
                first += 1
                continue
            end = last  # the burst goes on while the votes stay within the window
            while end + 1 < len(moments) and moments[end + 1] - moments[first] < window:
                end += 1
            flag, created = Flag.objects.get_or_create(
                selection=selection,
                network=network,
                starts_at=moments[first],
                defaults={"ends_at": moments[first] + window, "votes": end - first + 1},
            )
            if created:
                raised.append(flag)
            first = end + 1
    return raised


# --- The organiser's and the units' side ------------------------------------------------------


@dataclass(frozen=True)
class SelectionRules:
    title: str
    description: str
    opens_at: datetime
    closes_at: datetime
    votes_per_day: int = 5
    votes_per_candidate_per_day: int = 1
    votes_per_network_per_day: int = 500
    votes_per_device_per_day: int = 10
    ranking_visible: bool = True


def _check_rules(rules: SelectionRules) -> None:
    if rules.closes_at <= rules.opens_at:
        raise VotingError(_("Closes at: voting must close after it opens."))
    if not 1 <= rules.votes_per_candidate_per_day <= rules.votes_per_day:
        raise VotingError(_("Votes per candidate: from 1 to the votes a voter has per day."))


@transaction.atomic
def create_selection(*, campaign: Campaign, actor, rules: SelectionRules) -> Selection:
    _check_rules(rules)
    selection = Selection.objects.create(campaign=campaign, created_by=actor, **rules.__dict__)
    audit.record(
        actor=actor, action="voting.create", target=selection, after={"title": selection.title}
    )
    return selection


@transaction.atomic
def update_rules(*, selection: Selection, actor, rules: SelectionRules) -> Selection:
    _check_rules(rules)
    locked = Selection.objects.select_for_update().get(pk=selection.pk)
    before = {name: getattr(locked, name) for name in rules.__dict__}
    for name, value in rules.__dict__.items():
        setattr(locked, name, value)
    locked.save()
    audit.record(
        actor=actor,
        action="voting.rules",
        target=locked,
        before={k: str(v) for k, v in before.items()},
        after={k: str(v) for k, v in rules.__dict__.items()},
    )
    return locked


def _set_state(selection: Selection, state: str, actor, action: str) -> Selection:
    with transaction.atomic():
        locked = Selection.objects.select_for_update().get(pk=selection.pk)
        before = locked.state
        locked.state = state
        locked.save(update_fields=["state", "updated_at"])
        audit.record(
            actor=actor,
            action=action,
            target=locked,
            before={"state": before},
            after={"state": state},
        )
    return locked


def publish_selection(*, selection: Selection, actor) -> Selection:
    """Publish the list of approved candidates; votes are taken between its opening times."""
    if not Candidate.objects.filter(selection=selection, state=CandidateState.APPROVED).exists():
        raise VotingError(_("Approve at least one candidate before publishing."))
    return _set_state(selection, SelectionState.PUBLISHED, actor, "voting.publish")


def close_selection(*, selection: Selection, actor) -> Selection:
    return _set_state(selection, SelectionState.CLOSED, actor, "voting.close")


def _checked_photo(upload: UploadedFile) -> tuple[bytes, str]:
    """A candidate's photo re-encoded from its pixels (no metadata kept), and its suffix."""
    name = display_name(upload.name)
    try:
        media_type = check_upload(upload)
        if not media_type.is_photo:
            raise UploadRejected(
                _("“%(file)s” is a video: a candidate needs a photo.") % {"file": name}
            )
        photo = clean_photo(upload, name=name, media_type=media_type)
    except UploadRejected as refused:
        raise VotingError(_("Photo: %(why)s") % {"why": refused.message}) from refused
    return photo.data, photo.media_type.suffix


@transaction.atomic
def nominate_candidate(
    *,
    selection: Selection,
    unit: Unit,
    actor,
    name: str,
    story: str,
    photo: UploadedFile | None = None,
) -> Candidate:
    """A unit nominates one of its people (with a photo, checked and re-encoded); the organiser
    reviews the nomination."""
    if selection.state == SelectionState.CLOSED:
        raise VotingError(_("This selection is closed."))
    if not name.strip() or not story.strip():
        raise VotingError(_("Name and story: a nomination needs both."))
    checked = _checked_photo(photo) if photo is not None else None
    candidate = Candidate(
        selection=selection, unit=unit, name=name.strip(), story=story.strip(), nominated_by=actor
    )
    if checked is not None:
        data, suffix = checked
        candidate.photo_suffix = suffix
        candidate.photo.save(f"photo{suffix}", ContentFile(data), save=False)
    candidate.save()
    audit.record(
        actor=actor, action="voting.nominate", target=candidate, after={"name": candidate.name}
    )
    return candidate


@transaction.atomic
def review_candidate(*, candidate: Candidate, actor, approve: bool) -> Candidate:
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    before = locked.state
    locked.state = CandidateState.APPROVED if approve else CandidateState.REJECTED
    locked.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        action="voting.review",
        target=locked,
        before={"state": before},
        after={"state": locked.state},
    )
    return locked


@transaction.atomic
def set_network_rule(
    *, selection: Selection, actor, network: str, kind: str, note: str = ""
) -> NetworkRule:
    """Allow a network beyond the network limit, or block it; the network is normalised."""
    try:
        parsed = ipaddress.ip_network(network.strip(), strict=False)
    except ValueError as error:
        raise VotingError(_("Network: write it as 203.0.113.0/24 or 2001:db8::/48.")) from error
    if parsed.prefixlen > (24 if parsed.version == 4 else 48):
        raise VotingError(
            _(
                "Network: votes are counted by /24 (IPv4) and /48 (IPv6) networks; give one of those or a wider one."
            )
        )
    rule, _created = NetworkRule.objects.update_or_create(
        selection=selection, network=str(parsed), defaults={"kind": kind, "note": note.strip()}
    )
    audit.record(
        actor=actor,
        action="voting.network_rule",
        target=rule,
        after={"kind": kind, "network": str(parsed)},
    )
    return rule


@transaction.atomic
def remove_network_rule(*, rule: NetworkRule, actor) -> None:
    audit.record(
        actor=actor,
        action="voting.network_rule_removed",
        target=rule,
        before={"kind": rule.kind, "network": rule.network},
    )
    rule.delete()


@transaction.atomic
def dismiss_flag(*, flag: Flag, actor) -> Flag:
    """The organiser looked at a flagged burst and keeps its votes."""
    updated = Flag.objects.filter(pk=flag.pk, state=FlagState.OPEN).update(
        state=FlagState.DISMISSED
    )
    if updated:
        audit.record(
            actor=actor,
            action="voting.flag_dismissed",
            target=flag,
            after={"network": flag.network, "votes": flag.votes},
        )
    flag.refresh_from_db()
    return flag
