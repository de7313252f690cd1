"""Reads about works collections: the organiser's lists, a unit's entries, a judge's blind list
and progress, the ranking with suggested awards, and what the public sees.

An entry's score is the mean of its judges' sheet totals; entries are ranked within their
category, best first, and equal means share a rank (shown as a tie). Within a tie the order is
fixed: more sheets first, then the earlier submission.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Prefetch, Q

from vocweek.campaigns.models import Campaign
from vocweek.voting.works.enums import Award, CollectionState, EntryState
from vocweek.voting.works.models import (
    Author,
    Category,
    Collection,
    Criterion,
    Entry,
    EntryMedia,
    Judge,
    Score,
    ScoreSheet,
)

PUBLIC_STATES = (CollectionState.OPEN, CollectionState.JUDGING, CollectionState.PUBLISHED)
AWARD_ORDER = {award: index for index, award in enumerate(Award.values)}
CENT = Decimal("0.01")


# --- The organiser's side ----------------------------------------------------------------------


def campaign_collections(campaign: Campaign) -> list[Collection]:
    """Every collection of the campaign, newest first, with its entries and judges counted."""
    return list(
        Collection.objects.filter(campaign=campaign)
        .annotate(
            entry_count=Count(
                "entries", filter=Q(entries__state=EntryState.SUBMITTED), distinct=True
            ),
            judge_count=Count("judges", distinct=True),
        )
        .order_by("-pk")
    )


def collection_by_pk(pk: int) -> Collection | None:
    """Any collection with its campaign and organiser (the permission decides who sees it)."""
    return (
        Collection.objects.select_related("campaign", "campaign__organiser").filter(pk=pk).first()
    )


def categories_of(collection: Collection) -> list[Category]:
    return list(Category.objects.filter(collection=collection).order_by("position", "pk"))


def criteria_of(collection: Collection) -> list[Criterion]:
    return list(Criterion.objects.filter(collection=collection).order_by("position", "pk"))


def judges_of(collection: Collection) -> list[Judge]:
    """The judges with how many sheets each has filed."""
    return list(
        Judge.objects.filter(collection=collection)
        .select_related("user", "user__membership__unit")
        .annotate(scored=Count("sheets"))
        .order_by("pk")
    )


def _with_details(entries):
    return entries.select_related("category", "unit", "collection").prefetch_related(
        Prefetch("authors", queryset=Author.objects.order_by("position", "pk")),
        Prefetch("media", queryset=EntryMedia.objects.order_by("position", "pk")),
    )


def collection_entries(
    collection: Collection, *, category: int | None = None, state: str = "", unit: str = ""
) -> list[Entry]:
    """The collection's entries for the organiser, filtered by category, state and unit name."""
    entries = Entry.objects.filter(collection=collection)
    if category:
        entries = entries.filter(category_id=category)
    if state:
        entries = entries.filter(state=state)
    if unit.strip():
        entries = entries.filter(unit__name__icontains=unit.strip())
    return list(_with_details(entries).order_by("number"))


def entry_of(collection: Collection, entry_pk: int) -> Entry | None:
    return _with_details(Entry.objects.filter(collection=collection, pk=entry_pk)).first()


@dataclass(frozen=True)
class EntryCounts:
    submitted: int
    excluded: int
    withdrawn: int
    units: int


def entry_counts(collection: Collection) -> EntryCounts:
    counted = Entry.objects.filter(collection=collection).aggregate(
        submitted=Count("pk", filter=Q(state=EntryState.SUBMITTED)),
        excluded=Count("pk", filter=Q(state=EntryState.EXCLUDED)),
        withdrawn=Count("pk", filter=Q(state=EntryState.WITHDRAWN)),
        units=Count("unit", filter=Q(state=EntryState.SUBMITTED), distinct=True),
    )
    return EntryCounts(**counted)


@dataclass(frozen=True)
class JudgeProgress:
    judge: Judge
    scored: int
    to_score: int

    @property
    def complete(self) -> bool:
        return self.scored >= self.to_score


def scoring_progress(collection: Collection) -> list[JudgeProgress]:
    """Per judge: sheets filed on entries in the running, and entries to score (all submitted
    entries except those of the judge's own unit)."""
    running = Entry.objects.filter(collection=collection, state=EntryState.SUBMITTED)
    per_unit = dict(
        running.values("unit_id").annotate(count=Count("pk")).values_list("unit_id", "count")
    )
    total = sum(per_unit.values())
    progress = []
    for judge in judges_of(collection):
        membership = getattr(judge.user, "membership", None)
        own = per_unit.get(membership.unit_id, 0) if membership else 0
        scored = ScoreSheet.objects.filter(judge=judge, entry__in=running).count()
        progress.append(JudgeProgress(judge=judge, scored=scored, to_score=total - own))
    return progress


@dataclass
class RankedEntry:
    """An entry in its category's ranking: mean of the judges' totals, sheets, rank, whether it
    ties with another, and the award the quotas suggest."""

    entry: Entry
    average: Decimal | None
    sheets: int
    rank: int | None = None
    tied: bool = False
    suggested: str = ""


@dataclass
class CategoryRanking:
    category: Category
    lines: list[RankedEntry] = field(default_factory=list)


def _suggest(category: Category, lines: list[RankedEntry]) -> None:
    """Suggest awards by rank within the category's quotas: the first `first_prizes` ranks a
    first prize, and so on; entries tied on a boundary share the better award."""
    bands: list[tuple[str, int]] = []
    upper = 0
    for award in Award.values:
        upper += category.quota(award)
        bands.append((award, upper))
    for line in lines:
        if line.rank is None:
            continue
        for award, upper_rank in bands:
            if line.rank <= upper_rank:
                line.suggested = award
                break


def ranking(collection: Collection) -> list[CategoryRanking]:
    """Each category's entries in the running, best mean first; unscored entries last."""
    entries = list(
        _with_details(Entry.objects.filter(collection=collection, state=EntryState.SUBMITTED))
        .annotate(mean=Avg("sheets__total"), sheet_count=Count("sheets"))
        .order_by("number")
    )
    by_category: dict[int, list[RankedEntry]] = defaultdict(list)
    for entry in entries:
        mean = entry.mean
        average = Decimal(mean).quantize(CENT, rounding=ROUND_HALF_UP) if mean is not None else None
        by_category[entry.category_id].append(RankedEntry(entry, average, entry.sheet_count))
    rankings = []
    for category in categories_of(collection):
        lines = by_category.get(category.pk, [])
        lines.sort(
            key=lambda line: (
                line.average is None,
                -(line.average or 0),
                -line.sheets,
                line.entry.submitted_at,
                line.entry.number,
            )
        )
        scored = [line for line in lines if line.average is not None]
        for index, line in enumerate(scored):
            previous = scored[index - 1] if index else None
            if previous is not None and previous.average == line.average:
                line.rank = previous.rank
                line.tied = previous.tied = True
            else:
                line.rank = index + 1
        _suggest(category, scored)
        rankings.append(CategoryRanking(category=category, lines=lines))
    return rankings


@dataclass(frozen=True)
class ResultLine:
    """A line of the results export."""

    category: str
    rank: int | None
    tied: bool
    code: str
    title: str
    unit: str
    authors: str
    average: Decimal | None
    sheets: int
    award: str
    state: str


def result_lines(collection: Collection) -> list[ResultLine]:
    lines = []
    for category_ranking in ranking(collection):
        for line in category_ranking.lines:
            entry = line.entry
            lines.append(
                ResultLine(
                    category=category_ranking.category.name,
                    rank=line.rank,
                    tied=line.tied,
                    code=entry.code,
                    title=entry.title,
                    unit=entry.unit.name,
                    authors="、".join(author_label(author) for author in entry.authors.all()),
                    average=line.average,
                    sheets=line.sheets,
                    award=entry.get_award_display() if entry.award else "",
                    state=entry.get_state_display(),
                )
            )
    return lines


def author_label(author: Author) -> str:
    """张三 or 李四（指导教师）, as award lists write them."""
    if author.role == "teacher":
        return f"{author.name}（{author.get_role_display()}）"
    return author.name


# --- The units' side ---------------------------------------------------------------------------


def collections_taking_entries(campaign: Campaign) -> list[Collection]:
    """The campaign's open collections with their categories, the nearest deadline first."""
    return list(
        Collection.objects.filter(campaign=campaign, state=CollectionState.OPEN)
        .prefetch_related(Prefetch("categories", queryset=Category.objects.order_by("position")))
        .order_by("deadline", "pk")
    )


def entries_visible_to(user, campaign: Campaign) -> list[Entry]:
    """The entries the user may follow in the campaign's collections, newest first."""
    return list(
        _with_details(
            Entry.objects.visible_to(user).filter(collection__campaign=campaign)
        ).order_by("-submitted_at", "-pk")
    )


def visible_entry(user, entry_pk: int) -> Entry | None:
    return _with_details(Entry.objects.visible_to(user).filter(pk=entry_pk)).first()


def places_taken(collection: Collection, unit_id: int) -> dict[int, int]:
    """Per category of the collection, how many of the unit's entries count against its limit."""
    return dict(
        Entry.objects.counted()
        .filter(collection=collection, unit_id=unit_id)
        .values("category_id")
        .annotate(count=Count("pk"))
        .values_list("category_id", "count")
    )


# --- The judges' side (blind: nothing here names a unit or an author) -------------------------------


@dataclass(frozen=True)
class Judgeship:
    collection: Collection
    judge: Judge
    scored: int
    to_score: int


def judgeships_of(user) -> list[Judgeship]:
    """The collections the user judges that are being judged or published, with progress."""
    judgeships = []
    for judge in (
        Judge.objects.filter(
            user=user,
            collection__state__in=(CollectionState.JUDGING, CollectionState.PUBLISHED),
        )
        .select_related("collection", "collection__campaign")
        .order_by("-collection__pk")
    ):
        blind = blind_entries(judge)
        judgeships.append(
            Judgeship(
                collection=judge.collection,
                judge=judge,
                scored=sum(line.sheet is not None for line in blind),
                to_score=len(blind),
            )
        )
    return judgeships


def judge_of(collection: Collection, user) -> Judge | None:
    return Judge.objects.filter(collection=collection, user=user).first()


@dataclass(frozen=True)
class BlindEntry:
    """An entry as a judge sees it: number, category, title, content; and their own sheet."""

    entry: Entry
    sheet: ScoreSheet | None


def _judge_entries(judge: Judge):
    entries = Entry.objects.filter(collection_id=judge.collection_id, state=EntryState.SUBMITTED)
    membership = getattr(judge.user, "membership", None)
    if membership is not None:
        entries = entries.exclude(unit_id=membership.unit_id)
    return entries


def blind_entries(judge: Judge, *, category: int | None = None) -> list[BlindEntry]:
    """The entries the judge scores (not their own unit's), by category and number."""
    entries = _judge_entries(judge).select_related("category")
    if category:
        entries = entries.filter(category_id=category)
    sheets = {
        sheet.entry_id: sheet for sheet in ScoreSheet.objects.filter(judge=judge, entry__in=entries)
    }
    return [
        BlindEntry(entry=entry, sheet=sheets.get(entry.pk))
        for entry in entries.order_by("category__position", "number")
    ]


def blind_entry(judge: Judge, entry_pk: int) -> Entry | None:
    """One entry the judge scores, with its media (never its authors)."""
    return (
        _judge_entries(judge)
        .filter(pk=entry_pk)
        .select_related("category")
        .prefetch_related(Prefetch("media", queryset=EntryMedia.objects.order_by("position")))
        .first()
    )


def sheet_of(judge: Judge, entry: Entry) -> ScoreSheet | None:
    """The judge's sheet for the entry, with its scores and their rubric lines."""
    scores = Prefetch("scores", queryset=Score.objects.select_related("criterion"))
    return ScoreSheet.objects.filter(judge=judge, entry=entry).prefetch_related(scores).first()


def neighbours(judge: Judge, entry: Entry) -> tuple[Entry | None, Entry | None]:
    """The entries before and after this one in the judge's list (to move on after scoring)."""
    ids = [line.entry for line in blind_entries(judge)]
    position = next((index for index, item in enumerate(ids) if item.pk == entry.pk), None)
    if position is None:
        return None, None
    before = ids[position - 1] if position > 0 else None
    after = ids[position + 1] if position + 1 < len(ids) else None
    return before, after


def next_unscored(judge: Judge, after: Entry) -> Entry | None:
    """The next entry the judge has not scored, after `after` in their list, then from the top."""
    lines = blind_entries(judge)
    position = next((i for i, line in enumerate(lines) if line.entry.pk == after.pk), -1)
    for line in lines[position + 1 :] + lines[: position + 1]:
        if line.sheet is None and line.entry.pk != after.pk:
            return line.entry
    return None


# --- What the public sees ----------------------------------------------------------------------


def public_collections(campaign: Campaign) -> list[Collection]:
    """Open calls first (nearest deadline first), then being judged, then published results."""
    collections = list(
        Collection.objects.filter(campaign=campaign, state__in=PUBLIC_STATES)
        .prefetch_related(Prefetch("categories", queryset=Category.objects.order_by("position")))
        .annotate(
            entry_count=Count(
                "entries", filter=Q(entries__state=EntryState.SUBMITTED), distinct=True
            )
        )
    )
    order = {state: index for index, state in enumerate(PUBLIC_STATES)}
    return sorted(collections, key=lambda c: (order[c.state], c.deadline, -c.pk))


def public_collection(pk: int) -> Collection | None:
    """A collection that is open, being judged or published; None for a draft or nothing."""
    return (
        Collection.objects.select_related("campaign").filter(pk=pk, state__in=PUBLIC_STATES).first()
    )


@dataclass
class AwardGroup:
    award: str
    label: str
    entries: list[Entry]


@dataclass
class CategoryWinners:
    category: Category
    groups: list[AwardGroup]


def winners(collection: Collection) -> list[CategoryWinners]:
    """The awarded entries of a published collection by category, then award, then number."""
    if collection.state != CollectionState.PUBLISHED:
        return []
    awarded = list(
        _with_details(
            Entry.objects.filter(collection=collection, state=EntryState.SUBMITTED).exclude(
                award=""
            )
        ).order_by("number")
    )
    result = []
    for category in categories_of(collection):
        groups = []
        for award in Award:
            entries = [e for e in awarded if e.category_id == category.pk and e.award == award]
            if entries:
                groups.append(AwardGroup(award=award.value, label=award.label, entries=entries))
        if groups:
            result.append(CategoryWinners(category=category, groups=groups))
    return result


def public_winner(collection: Collection, entry_pk: int) -> Entry | None:
    """An awarded entry of a published collection, or None."""
    if collection.state != CollectionState.PUBLISHED:
        return None
    return (
        _with_details(
            Entry.objects.filter(collection=collection, pk=entry_pk, state=EntryState.SUBMITTED)
        )
        .exclude(award="")
        .first()
    )
