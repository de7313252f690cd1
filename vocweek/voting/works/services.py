"""Writing works collections: set-up (categories and rubric), judges, exclusion, awards and
publication. Submitting, changing and withdrawing entries is in `entries.py`, a judge's marks in
`scoring.py`.

A collection goes draft → open → judging → published (and back to judging to correct published
results): one `ALLOWED_TRANSITIONS` table and `_transition()`. Entries are taken while it is open
and the platform's clock is before the deadline; judging starts when the organiser says so, after
the deadline, so that late exclusions and judges can be settled first.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from vocweek.accounts.models import User
from vocweek.campaigns.models import Campaign
from vocweek.core import audit, clock
from vocweek.orgs.models import membership_of
from vocweek.voting.works.enums import Award, CollectionState, EntryKind, EntryState
from vocweek.voting.works.models import (
    Category,
    Collection,
    Criterion,
    Entry,
    Judge,
    ScoreSheet,
)

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    CollectionState.DRAFT: {CollectionState.OPEN},
    CollectionState.OPEN: {CollectionState.JUDGING},
    CollectionState.JUDGING: {CollectionState.PUBLISHED},
    CollectionState.PUBLISHED: {CollectionState.JUDGING},
}
ENTRY_TRANSITIONS: dict[str, set[str]] = {
    EntryState.SUBMITTED: {EntryState.WITHDRAWN, EntryState.EXCLUDED},
    EntryState.EXCLUDED: {EntryState.SUBMITTED},
    EntryState.WITHDRAWN: set(),
}
MAX_CATEGORIES = 12
MAX_CRITERIA = 12
MAX_ENTRIES_PER_UNIT = 50


class WorksError(Exception):
    """A works-collection action that cannot be done; the message is for the user."""


# --- Set-up ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CollectionSettings:
    title: str
    description: str
    deadline: datetime
    entries_per_unit: int = 3


@dataclass(frozen=True)
class CategoryLine:
    """A category as the organiser typed it; `pk` names an existing one to change."""

    name: str
    kind: str
    requirements: str = ""
    max_characters: int | None = None
    first_prizes: int = 1
    second_prizes: int = 2
    third_prizes: int = 3
    merit_prizes: int = 0
    pk: int | None = None


@dataclass(frozen=True)
class CriterionLine:
    """A rubric line as the organiser typed it; `pk` names an existing one to change."""

    name: str
    max_points: int
    description: str = ""
    pk: int | None = None


def _check_settings(settings: CollectionSettings) -> None:
    if not settings.title.strip():
        raise WorksError(_("Title: enter the collection's title."))
    if not 1 <= settings.entries_per_unit <= MAX_ENTRIES_PER_UNIT:
        raise WorksError(
            _("Entries per unit: from 1 to %(limit)d.") % {"limit": MAX_ENTRIES_PER_UNIT}
        )


def _check_lines(categories: list[CategoryLine], criteria: list[CriterionLine]) -> None:
    if not categories:
        raise WorksError(_("Categories: add at least one category."))
    if len(categories) > MAX_CATEGORIES:
        raise WorksError(_("Categories: at most %(limit)d.") % {"limit": MAX_CATEGORIES})
    if not criteria:
        raise WorksError(_("Rubric: add at least one criterion."))
    if len(criteria) > MAX_CRITERIA:
        raise WorksError(_("Rubric: at most %(limit)d criteria.") % {"limit": MAX_CRITERIA})
    seen: set[str] = set()
    for row, line in enumerate(categories, start=1):
        name = line.name.strip()
        if not name:
            raise WorksError(_("Category %(row)d: enter its name.") % {"row": row})
        if name in seen:
            raise WorksError(
                _("Category %(row)d: “%(name)s” is there twice.") % {"row": row, "name": name}
            )
        seen.add(name)
        if line.kind not in EntryKind.values:
            raise WorksError(_("Category %(row)d: choose what entries carry.") % {"row": row})
    seen = set()
    for row, line in enumerate(criteria, start=1):
        name = line.name.strip()
        if not name:
            raise WorksError(_("Criterion %(row)d: enter its name.") % {"row": row})
        if name in seen:
            raise WorksError(
                _("Criterion %(row)d: “%(name)s” is there twice.") % {"row": row, "name": name}
            )
        seen.add(name)
        if not 1 <= line.max_points <= 100:
            raise WorksError(_("Criterion %(row)d: most points from 1 to 100.") % {"row": row})


def _category_fields(line: CategoryLine, position: int) -> dict[str, object]:
    fields = asdict(line)
    fields.pop("pk")
    fields["name"] = line.name.strip()
    fields["requirements"] = line.requirements.strip()
    fields["max_characters"] = line.max_characters if line.kind == EntryKind.ESSAY else None
    fields["position"] = position
    return fields


def _save_categories(collection: Collection, lines: list[CategoryLine]) -> None:
    """Change, add and remove categories; one with entries keeps its kind and is never removed."""
    existing = {category.pk: category for category in collection.categories.all()}
    with_entries = set(
        Entry.objects.filter(collection=collection).values_list("category_id", flat=True)
    )
    kept = {line.pk for line in lines if line.pk is not None}
    for pk, category in existing.items():
        if pk not in kept:
            if pk in with_entries:
                raise WorksError(
                    _("Category “%(name)s” has entries: it cannot be removed.")
                    % {"name": category.name}
                )
            category.delete()
    # Free the names first so that two categories may swap names in one save.
    for pk in kept & set(existing):
        Category.objects.filter(pk=pk).update(name=f"\x00{pk}")
    for position, line in enumerate(lines):
        fields = _category_fields(line, position)
        if line.pk is None:
            Category.objects.create(collection=collection, **fields)
            continue
        category = existing.get(line.pk)
        if category is None:
            raise WorksError(_("The categories changed meanwhile; reload the page."))
        if category.kind != line.kind and line.pk in with_entries:
            raise WorksError(
                _("Category “%(name)s” has entries: what they carry cannot change.")
                % {"name": category.name}
            )
        for name, value in fields.items():
            setattr(category, name, value)
        category.save()


def _save_criteria(collection: Collection, lines: list[CriterionLine]) -> None:
    existing = {criterion.pk: criterion for criterion in collection.criteria.all()}
    kept = {line.pk for line in lines if line.pk is not None}
    for pk, criterion in existing.items():
        if pk not in kept:
            criterion.delete()
    for pk in kept & set(existing):
        Criterion.objects.filter(pk=pk).update(name=f"\x00{pk}")
    for position, line in enumerate(lines):
        fields = {
            "name": line.name.strip(),
            "description": line.description.strip(),
            "max_points": line.max_points,
            "position": position,
        }
        if line.pk is None:
            Criterion.objects.create(collection=collection, **fields)
            continue
        criterion = existing.get(line.pk)
        if criterion is None:
            raise WorksError(_("The rubric changed meanwhile; reload the page."))
        for name, value in fields.items():
            setattr(criterion, name, value)
        criterion.save()


def _outline(collection: Collection) -> dict[str, object]:
    """What the audit log keeps of a collection's set-up."""
    return {
        "title": collection.title,
        "deadline": collection.deadline.isoformat(),
        "entries_per_unit": collection.entries_per_unit,
        "categories": [f"{c.name} ({c.kind})" for c in collection.categories.all()],
        "criteria": [f"{c.name} /{c.max_points}" for c in collection.criteria.all()],
    }


@transaction.atomic
def create_collection(
    *,
    campaign: Campaign,
    actor,
    settings: CollectionSettings,
    categories: list[CategoryLine],
    criteria: list[CriterionLine],
) -> Collection:
    """A new collection, as a draft, with its categories and rubric."""
    _check_settings(settings)
    _check_lines(categories, criteria)
    collection = Collection.objects.create(
        campaign=campaign,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        title=settings.title.strip(),
        description=settings.description.strip(),
        deadline=settings.deadline,
        entries_per_unit=settings.entries_per_unit,
    )
    _save_categories(collection, categories)
    _save_criteria(collection, criteria)
    audit.record(actor=actor, action="works.create", target=collection, after=_outline(collection))
    return collection


@transaction.atomic
def update_collection(
    *,
    collection: Collection,
    actor,
    settings: CollectionSettings,
    categories: list[CategoryLine],
    criteria: list[CriterionLine],
) -> Collection:
    """Change the set-up of a draft or open collection. While it is open the deadline stays in
    the future, and a category with entries keeps what its entries carry."""
    _check_settings(settings)
    _check_lines(categories, criteria)
    locked = Collection.objects.select_for_update().get(pk=collection.pk)
    if locked.state not in (CollectionState.DRAFT, CollectionState.OPEN):
        raise WorksError(_("Judging has started: the set-up can no longer change."))
    if locked.state == CollectionState.OPEN and settings.deadline <= clock.now():
        raise WorksError(_("Deadline: an open collection's deadline must be in the future."))
    before = _outline(locked)
    locked.title = settings.title.strip()
    locked.description = settings.description.strip()
    locked.deadline = settings.deadline
    locked.entries_per_unit = settings.entries_per_unit
    locked.save()
    _save_categories(locked, categories)
    _save_criteria(locked, criteria)
    audit.record(
        actor=actor, action="works.update", target=locked, before=before, after=_outline(locked)
    )
    return locked


def _transition(collection: Collection, to: str, *, actor, action: str, **fields) -> Collection:
    """Move a locked collection to `to` if the table allows it, with the given fields, logged."""
    locked = Collection.objects.select_for_update().get(pk=collection.pk)
    if to not in ALLOWED_TRANSITIONS[locked.state]:
        raise WorksError(
            _("“%(title)s” is %(state)s: this cannot be done now.")
            % {"title": locked.title, "state": locked.get_state_display()}
        )
    before = locked.state
    locked.state = to
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["state", "updated_at", *fields])
    audit.record(
        actor=actor, action=action, target=locked, before={"state": before}, after={"state": to}
    )
    return locked


@transaction.atomic
def open_collection(*, collection: Collection, actor) -> Collection:
    """Open the call: units may submit entries until the deadline."""
    now = clock.now()
    if collection.deadline <= now:
        raise WorksError(_("Deadline: it has passed; set a later one before opening."))
    if not collection.categories.exists() or not collection.criteria.exists():
        raise WorksError(_("Add at least one category and one criterion before opening."))
    return _transition(
        collection, CollectionState.OPEN, actor=actor, action="works.open", opened_at=now
    )


@transaction.atomic
def start_judging(*, collection: Collection, actor) -> Collection:
    """Close the call after its deadline and let the judges score."""
    now = clock.now()
    if now < collection.deadline:
        raise WorksError(_("Entries are due until the deadline; judging starts after it."))
    if not Judge.objects.filter(collection=collection).exists():
        raise WorksError(_("Appoint at least one judge before judging starts."))
    return _transition(
        collection,
        CollectionState.JUDGING,
        actor=actor,
        action="works.judging",
        judging_started_at=now,
    )


# --- Judges --------------------------------------------------------------------------------------


@transaction.atomic
def add_judge(*, collection: Collection, actor, username: str) -> Judge:
    """Appoint a staff member (by log-in name) as a judge of the collection."""
    if collection.state == CollectionState.PUBLISHED:
        raise WorksError(_("The results are published: judges can no longer change."))
    user = User.objects.filter(username=username.strip(), is_active=True).first()
    if user is None or membership_of(user) is None:
        raise WorksError(
            _("Log-in name: no active staff account is called “%(name)s”.")
            % {"name": username.strip()}
        )
    judge, created = Judge.objects.get_or_create(
        collection=collection, user=user, defaults={"added_at": clock.now()}
    )
    if not created:
        raise WorksError(
            _("%(name)s is a judge of this collection already.") % {"name": user.get_full_name()}
        )
    audit.record(
        actor=actor, action="works.judge_add", target=collection, after={"judge": user.username}
    )
    return judge


@transaction.atomic
def remove_judge(*, judge: Judge, actor) -> None:
    """Take a judge off the collection; one who has scored keeps their place."""
    sheets = ScoreSheet.objects.filter(judge=judge).count()
    if sheets:
        raise WorksError(
            _("%(name)s has scored %(count)d entries: a judge who has scored stays.")
            % {"name": judge.user.get_full_name(), "count": sheets}
        )
    audit.record(
        actor=actor,
        action="works.judge_remove",
        target=judge.collection,
        before={"judge": judge.user.username},
    )
    judge.delete()


# --- Entries: the organiser's side --------------------------------------------------------------


def _entry_transition(entry: Entry, to: str, *, actor, action: str, reason: str = "") -> Entry:
    locked = Entry.objects.select_for_update().select_related("collection").get(pk=entry.pk)
    if to not in ENTRY_TRANSITIONS[locked.state]:
        raise WorksError(
            _("Entry %(code)s is %(state)s: this cannot be done now.")
            % {"code": locked.code, "state": locked.get_state_display()}
        )
    before = {"state": locked.state, "reason": locked.exclusion_reason}
    locked.state = to
    locked.exclusion_reason = reason
    fields = ["state", "exclusion_reason", "updated_at"]
    if to != EntryState.SUBMITTED and locked.award:
        locked.award = ""
        fields.append("award")
    locked.save(update_fields=fields)
    audit.record(
        actor=actor,
        action=action,
        target=locked,
        before=before,
        after={"state": to, "reason": reason},
    )
    return locked


@transaction.atomic
def exclude_entry(*, entry: Entry, actor, reason: str) -> Entry:
    """Set an entry aside (off topic, late, against the rules); the unit sees why."""
    reason = " ".join(reason.split())
    if not reason:
        raise WorksError(_("Reason: say why the entry is excluded."))
    if entry.collection.state not in (CollectionState.OPEN, CollectionState.JUDGING):
        raise WorksError(_("Entries can be excluded while the call is open or being judged."))
    return _entry_transition(
        entry, EntryState.EXCLUDED, actor=actor, action="works.exclude", reason=reason[:200]
    )


@transaction.atomic
def reinstate_entry(*, entry: Entry, actor) -> Entry:
    """Take back an exclusion made by mistake."""
    if entry.collection.state not in (CollectionState.OPEN, CollectionState.JUDGING):
        raise WorksError(_("Entries can be reinstated while the call is open or being judged."))
    return _entry_transition(entry, EntryState.SUBMITTED, actor=actor, action="works.reinstate")


# --- Awards and publication ----------------------------------------------------------------------


@transaction.atomic
def set_awards(*, collection: Collection, actor, awards: dict[int, str]) -> int:
    """Give (or take away, with "") the awards of the named entries; returns how many changed.
    Only entries in the running of a collection being judged may be awarded."""
    locked = Collection.objects.select_for_update().get(pk=collection.pk)
    if locked.state != CollectionState.JUDGING:
        raise WorksError(_("Awards are given while the collection is being judged."))
    entries = {
        entry.pk: entry
        for entry in Entry.objects.select_for_update().filter(collection=locked, pk__in=awards)
    }
    changed = []
    for pk, award in awards.items():
        entry = entries.get(pk)
        if entry is None:
            raise WorksError(_("The entries changed meanwhile; reload the page."))
        if award not in ("", *Award.values):
            raise WorksError(_("Entry %(code)s: choose an award.") % {"code": entry.code})
        if award and entry.state != EntryState.SUBMITTED:
            raise WorksError(
                _("Entry %(code)s is %(state)s: it cannot be awarded.")
                % {"code": entry.code, "state": entry.get_state_display()}
            )
        if entry.award != award:
            changed.append((entry, entry.award, award))
            entry.award = award
    Entry.objects.bulk_update([entry for entry, _before, _after in changed], ["award"])
    if changed:
        audit.record(
            actor=actor,
            action="works.awards",
            target=locked,
            before={entry.code: before for entry, before, _after in changed},
            after={entry.code: after for entry, _before, after in changed},
        )
    return len(changed)


@transaction.atomic
def publish_results(*, collection: Collection, actor) -> Collection:
    """Publish the winners: the collection's page lists them and each gets a page."""
    awarded = Entry.objects.filter(collection=collection, state=EntryState.SUBMITTED).exclude(
        award=""
    )
    if not awarded.exists():
        raise WorksError(_("Give at least one award before publishing the results."))
    return _transition(
        collection,
        CollectionState.PUBLISHED,
        actor=actor,
        action="works.publish",
        published_at=clock.now(),
    )


@transaction.atomic
def withdraw_results(*, collection: Collection, actor) -> Collection:
    """Take the published results down to correct them; judging resumes."""
    return _transition(collection, CollectionState.JUDGING, actor=actor, action="works.unpublish")
