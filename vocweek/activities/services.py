"""Writing calendar activities and registrations.

Activities: a unit writes a draft, submits it (published at once, or awaiting the organiser's
approval when the campaign's calendar rules ask for it), changes it, cancels it. Registrations:
the public registers, cancels and is checked in. Every change to the places of an activity locks
its row first (`select_for_update`; on SQLite the transaction's write lock, taken at BEGIN), so
concurrent registrations are serialised per activity: capacity is never exceeded, the waiting
list moves up in order, and a repeated request finds the registration it already made.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from vocweek.activities import tasks
from vocweek.activities.enums import ActivityKind, ActivityState, Mode, RegistrationState
from vocweek.activities.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Activity,
    CalendarRules,
    Registration,
    new_check_in_code,
)
from vocweek.campaigns.models import Campaign
from vocweek.core import audit, clock
from vocweek.core.phones import MOBILE, normalise_mobile
from vocweek.notify.services import Recipient, notify
from vocweek.orgs.models import Unit

AUDITED = [
    "title",
    "kind",
    "service_type",
    "mode",
    "starts_at",
    "ends_at",
    "venue",
    "address",
    "online_url",
    "livestream_url",
    "capacity",
    "registration_required",
    "max_party_size",
]
EDITABLE_STATES = (
    ActivityState.DRAFT,
    ActivityState.PENDING,
    ActivityState.RETURNED,
    ActivityState.PUBLISHED,
)
MAX_PARTY_SIZE = 10


class ActivityError(Exception):
    """An activity or registration action that cannot be done; the message is for the user."""


class ActivityConflict(ActivityError):
    """The activity changed since the form was opened."""


@dataclass(frozen=True)
class ActivityContent:
    """Everything a unit writes about an activity (times aware, in any zone)."""

    title: str
    description: str
    kind: str
    mode: str
    level: str
    audience: str
    starts_at: datetime
    ends_at: datetime
    contact_name: str
    contact_phone: str
    service_type: str = ""
    venue: str = ""
    address: str = ""
    online_url: str = ""
    livestream_url: str = ""
    livestream_platform: str = ""
    registration_required: bool = False
    capacity: int | None = None
    max_party_size: int = 1


def _check_content(content: ActivityContent, *, taken: int = 0) -> None:
    """The rules a form cannot see alone; each message names its field."""
    if content.ends_at <= content.starts_at:
        raise ActivityError(_("End: the activity must end after it starts."))
    if content.kind == ActivityKind.SKILL_SERVICE and not content.service_type:
        raise ActivityError(_("Service type: choose what the skill service offers."))
    if content.mode in (Mode.OFFLINE, Mode.HYBRID) and not (content.venue and content.address):
        raise ActivityError(_("Venue and address: an on-site activity needs both."))
    if content.mode in (Mode.ONLINE, Mode.HYBRID) and not (
        content.online_url or content.livestream_url
    ):
        raise ActivityError(_("Online link: an online activity needs a link or a livestream."))
    if content.registration_required and content.capacity is not None and content.capacity < 1:
        raise ActivityError(_("Places: at least one place, or leave it empty for no limit."))
    if not 1 <= content.max_party_size <= MAX_PARTY_SIZE:
        raise ActivityError(
            _("People per registration: from 1 to %(most)d.") % {"most": MAX_PARTY_SIZE}
        )
    if content.capacity is not None and content.capacity < taken:
        raise ActivityError(
            _("Places: %(taken)d places are already taken; the capacity cannot be lower.")
            % {"taken": taken}
        )


def _fields(content: ActivityContent) -> dict[str, object]:
    fields = asdict(content)
    if fields["kind"] != ActivityKind.SKILL_SERVICE:
        fields["service_type"] = ""
    if not fields["registration_required"]:
        fields["capacity"] = None
        fields["max_party_size"] = 1
    return fields


def calendar_rules(campaign: Campaign) -> CalendarRules:
    return CalendarRules.objects.filter(campaign=campaign).first() or CalendarRules(
        campaign=campaign
    )


@transaction.atomic
def set_calendar_rules(*, campaign: Campaign, actor, approval_required: bool) -> CalendarRules:
    """The organiser switches approval of activities on or off; activities already awaiting
    approval keep waiting for a decision either way."""
    rules, _created = CalendarRules.objects.select_for_update().get_or_create(campaign=campaign)
    before = rules.approval_required
    if before != approval_required:
        rules.approval_required = approval_required
        rules.save(update_fields=["approval_required"])
        audit.record(
            actor=actor,
            action="activity.calendar_rules",
            target=campaign,
            before={"approval_required": before},
            after={"approval_required": approval_required},
        )
    return rules


@transaction.atomic
def create_activity(*, campaign: Campaign, unit: Unit, actor, content: ActivityContent) -> Activity:
    """A new draft activity of `unit`."""
    _check_content(content)
    activity = Activity.objects.create(
        campaign=campaign, unit=unit, created_by=actor, **_fields(content)
    )
    audit.record(
        actor=actor,
        action="activity.create",
        target=activity,
        after=audit.snapshot(activity, AUDITED),
    )
    return activity


def _locked(activity: Activity, version: int | None = None) -> Activity:
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if version is not None and locked.version != version:
        raise ActivityConflict(
            _("“%(title)s” was changed meanwhile; reload it and try again.")
            % {"title": locked.title}
        )
    return locked


@transaction.atomic
def update_activity(
    *, activity: Activity, actor, content: ActivityContent, version: int
) -> Activity:
    """Change an activity that is not cancelled; more places move the waiting list up."""
    locked = _locked(activity, version)
    if locked.state not in EDITABLE_STATES:
        raise ActivityError(_("A cancelled activity cannot be changed."))
    _check_content(content, taken=locked.confirmed_places)
    if (locked.confirmed_places or locked.waiting_places) and not content.registration_required:
        raise ActivityError(_("Registration: people have registered; it cannot be switched off."))
    before = audit.snapshot(locked, AUDITED)
    for name, value in _fields(content).items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    changed = [name for name in AUDITED if before[name] != getattr(locked, name)]
    if changed:
        audit.record(
            actor=actor,
            action="activity.update",
            target=locked,
            before={name: before[name] for name in changed},
            after=audit.snapshot(locked, changed),
        )
    _move_up(locked)
    return locked


def _set_state(locked: Activity, *, state: str, actor, action: str, note: str = "") -> Activity:
    before = locked.state
    locked.state = state
    locked.version += 1
    fields = ["state", "version", "updated_at"]
    if state == ActivityState.PUBLISHED and locked.published_at is None:
        locked.published_at = clock.now()
        fields.append("published_at")
    if action in ("return", "approve"):
        locked.review_note = note
        fields.append("review_note")
    locked.save(update_fields=fields)
    audit.record(
        actor=actor,
        action=f"activity.{action}",
        target=locked,
        before={"state": before},
        after={"state": state, "note": note},
    )
    return locked


@transaction.atomic
def submit_activity(*, activity: Activity, actor, version: int) -> Activity:
    """Publish a draft or a returned activity, or put it before the organiser when the campaign's
    calendar needs approval (the organiser's own activities never wait for themselves)."""
    locked = _locked(activity, version)
    if locked.state not in (ActivityState.DRAFT, ActivityState.RETURNED):
        raise ActivityError(_("Only a draft or a returned activity can be submitted."))
    needs_approval = (
        calendar_rules(locked.campaign).approval_required
        and locked.unit_id != locked.campaign.organiser_id
    )
    state = ActivityState.PENDING if needs_approval else ActivityState.PUBLISHED
    return _set_state(locked, state=state, actor=actor, action="submit")


@transaction.atomic
def approve_activity(*, activity: Activity, actor, version: int) -> Activity:
    locked = _locked(activity, version)
    if locked.state != ActivityState.PENDING:
        raise ActivityError(_("Only an activity awaiting approval can be approved."))
    return _set_state(locked, state=ActivityState.PUBLISHED, actor=actor, action="approve")


@transaction.atomic
def return_activity(*, activity: Activity, actor, version: int, note: str) -> Activity:
    if not note.strip():
        raise ActivityError(_("Note: say what the unit should change."))
    locked = _locked(activity, version)
    if locked.state != ActivityState.PENDING:
        raise ActivityError(_("Only an activity awaiting approval can be returned."))
    return _set_state(
        locked, state=ActivityState.RETURNED, actor=actor, action="return", note=note.strip()
    )


@transaction.atomic
def cancel_activity(*, activity: Activity, actor, version: int) -> Activity:
    """Call an activity off; everyone registered is told."""
    locked = _locked(activity, version)
    if locked.state == ActivityState.CANCELLED:
        raise ActivityError(_("The activity is already cancelled."))
    was_public = locked.state == ActivityState.PUBLISHED
    cancelled = _set_state(locked, state=ActivityState.CANCELLED, actor=actor, action="cancel")
    if was_public:
        live = list(
            cancelled.registrations.exclude(state=RegistrationState.CANCELLED).values_list(
                "pk", flat=True
            )
        )
        transaction.on_commit(lambda: tasks.tell_registrants.enqueue(live, "cancelled"))
    return cancelled


# --- Registrations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Registered:
    """What `register` did: the registration, and whether this call made it (False: a repeat)."""

    registration: Registration
    created: bool


def registration_closes_at(activity: Activity) -> datetime:
    """Registration is open until the activity starts."""
    return activity.starts_at


@transaction.atomic
def register(
    *, activity_id: int, name: str, mobile: str, party_size: int = 1, tell: bool = True
) -> Registered:
    """Register a visitor: confirmed while places are left and nobody waits before them, else on
    the waiting list. A mobile that already holds a live registration gets that one back.
    `tell=False` sends no message (the demo's registrations of the past)."""
    name = " ".join(name.split())
    mobile = normalise_mobile(mobile)
    if not name:
        raise ActivityError(_("Name: enter your name."))
    if not MOBILE.fullmatch(mobile):
        raise ActivityError(_("Mobile: enter an 11-digit mainland mobile number."))
    # Unordered look-ups (not .first()): the busiest public write compiles no ORDER BY.
    activity = next(
        iter(Activity.objects.select_for_update().filter(pk=activity_id).order_by()), None
    )
    if activity is None or activity.state != ActivityState.PUBLISHED:
        raise ActivityError(_("This activity is not open for registration."))
    existing = next(
        iter(
            activity.registrations.filter(mobile=mobile)
            .exclude(state=RegistrationState.CANCELLED)
            .order_by()[:1]
        ),
        None,
    )
    if existing is not None:
        return Registered(existing, created=False)
    if not activity.registration_required:
        raise ActivityError(_("This activity needs no registration: just come."))
    now = clock.now()
    if now >= registration_closes_at(activity):
        raise ActivityError(_("Registration closed when the activity started."))
    if not 1 <= party_size <= activity.max_party_size:
        raise ActivityError(
            _("People: from 1 to %(most)d per registration.") % {"most": activity.max_party_size}
        )
    fits = activity.capacity is None or (
        activity.waiting_places == 0 and activity.confirmed_places + party_size <= activity.capacity
    )
    registration = _create_registration(
        activity,
        name=name,
        mobile=mobile,
        party_size=party_size,
        state=RegistrationState.CONFIRMED if fits else RegistrationState.WAITING,
        now=now,
    )
    counter = "confirmed_places" if fits else "waiting_places"
    Activity.objects.filter(pk=activity.pk).update(**{counter: F(counter) + party_size})
    if tell:
        transaction.on_commit(
            lambda: tasks.tell_registrants.enqueue([registration.pk], "registered")
        )
    return Registered(registration, created=True)


def _create_registration(activity: Activity, **fields) -> Registration:
    """A new registration; a check-in code that happens to be taken in this activity is drawn again."""
    now = fields.pop("now")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Registration.objects.create(
                    activity=activity,
                    created_at=now,
                    confirmed_at=now if fields["state"] == RegistrationState.CONFIRMED else None,
                    code=new_check_in_code(),
                    **fields,
                )
        except IntegrityError:
            if (
                activity.registrations.exclude(state=RegistrationState.CANCELLED)
                .filter(mobile=fields["mobile"])
                .exists()
            ):
                raise
    raise ActivityError(_("Registration failed; please try again."))


@transaction.atomic
def cancel_registration(*, token: str) -> Registration:
    """The visitor cancels with their link; a confirmed place goes to the waiting list in order.
    Cancelling twice changes nothing."""
    found = Registration.objects.filter(token=token).values_list("activity_id", flat=True).first()
    if found is None:
        raise ActivityError(_("This registration does not exist."))
    activity = Activity.objects.select_for_update().get(pk=found)
    registration = Registration.objects.get(token=token)
    if registration.state == RegistrationState.CANCELLED:
        return registration
    if registration.checked_in_at is not None:
        raise ActivityError(_("You have already been checked in; the registration stays."))
    counter = (
        "confirmed_places"
        if registration.state == RegistrationState.CONFIRMED
        else "waiting_places"
    )
    registration.state = RegistrationState.CANCELLED
    registration.cancelled_at = clock.now()
    registration.save(update_fields=["state", "cancelled_at"])
    Activity.objects.filter(pk=activity.pk).update(
        **{counter: F(counter) - registration.party_size}
    )
    activity.refresh_from_db()
    if activity.state == ActivityState.PUBLISHED:  # a cancelled activity confirms nobody
        _move_up(activity)
    return registration


def _move_up(activity: Activity) -> list[int]:
    """Confirm waiting registrations in order while the first one fits (the caller holds the
    activity's lock); returns the ids confirmed and tells them after the commit."""
    free = None if activity.capacity is None else activity.capacity - activity.confirmed_places
    confirmed: list[int] = []
    places = 0
    waiting = activity.registrations.filter(state=RegistrationState.WAITING).order_by("pk")
    for pk, party_size in waiting.values_list("pk", "party_size"):
        if free is not None and party_size > free:
            break
        confirmed.append(pk)
        places += party_size
        if free is not None:
            free -= party_size
    if confirmed:
        Registration.objects.filter(pk__in=confirmed).update(
            state=RegistrationState.CONFIRMED, confirmed_at=clock.now()
        )
        Activity.objects.filter(pk=activity.pk).update(
            confirmed_places=F("confirmed_places") + places,
            waiting_places=F("waiting_places") - places,
        )
        transaction.on_commit(lambda: tasks.tell_registrants.enqueue(confirmed, "moved_up"))
    return confirmed


def normalise_code(text: str) -> str:
    """A typed or scanned check-in code: case, spaces and dashes do not matter."""
    return "".join(character for character in text.upper() if character.isalnum())


@dataclass(frozen=True)
class CheckIn:
    registration: Registration
    already: bool


@transaction.atomic
def check_in(*, activity: Activity, code: str, actor) -> CheckIn:
    """Check a confirmed registration in by its code; a second scan says when it was done."""
    cleaned = normalise_code(code)
    if len(cleaned) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in cleaned):
        raise ActivityError(
            _("Code: a check-in code has %(length)d letters and digits.") % {"length": CODE_LENGTH}
        )
    registration = (
        Registration.objects.select_for_update().filter(activity=activity, code=cleaned).first()
    )
    if registration is None:
        raise ActivityError(
            _("No registration of this activity has the code %(code)s.") % {"code": cleaned}
        )
    if registration.state == RegistrationState.CANCELLED:
        raise ActivityError(
            _("%(name)s cancelled this registration.") % {"name": registration.name}
        )
    if registration.state == RegistrationState.WAITING:
        raise ActivityError(
            _("%(name)s is still on the waiting list, without a place.")
            % {"name": registration.name}
        )
    if registration.checked_in_at is not None:
        return CheckIn(registration, already=True)
    registration.checked_in_at = clock.now()
    registration.checked_in_by = actor
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return CheckIn(registration, already=False)


# --- Messages ----------------------------------------------------------------------------------

MESSAGES = {
    "registered": "activity_registered",
    "moved_up": "activity_moved_up",
    "cancelled": "activity_cancelled",
}


def tell_registrants(registration_ids: list[int], event: str) -> None:
    """Text each registrant what happened, once per registration and event."""
    for registration in Registration.objects.filter(pk__in=registration_ids).select_related(
        "activity"
    ):
        activity = registration.activity
        url = reverse("activities:registration", args=[registration.token])
        if event == "cancelled":
            title = _("“%(title)s” is cancelled") % {"title": activity.title}
        elif registration.state == RegistrationState.WAITING:
            title = _("You are on the waiting list of “%(title)s”") % {"title": activity.title}
        else:
            title = _("Your place at “%(title)s” is confirmed") % {"title": activity.title}
        notify(
            key=f"activity:{event}:{registration.pk}",
            recipients=[Recipient(name=registration.name, mobile=registration.mobile)],
            title=title,
            body=title,
            url=url,
            sms_params={"activity": activity.title[:20], "code": registration.code},
            sms_template=MESSAGES[event],
        )
