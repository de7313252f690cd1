"""A judge's marks for an entry: every rubric line, whole or half points up to its maximum, one
sheet per judge and entry (scoring again replaces it), never for the judge's own unit.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from vocweek.core import audit, clock
from vocweek.orgs.models import membership_of
from vocweek.voting.works.enums import CollectionState, EntryState
from vocweek.voting.works.models import Collection, Criterion, Entry, Judge, Score, ScoreSheet
from vocweek.voting.works.services import WorksError

POINTS_STEP = Decimal("0.5")


def _points(value: object, criterion: Criterion) -> Decimal:
    """A judge's points on one criterion: 0 to its maximum, in steps of a half point."""
    try:
        points = Decimal(str(value).strip().replace("，", ".").replace(",", "."))
    except (InvalidOperation, ValueError):
        points = None
    if points is None or not points.is_finite():
        raise WorksError(
            _("%(criterion)s: enter points from 0 to %(max)d.")
            % {"criterion": criterion.name, "max": criterion.max_points}
        )
    if not 0 <= points <= criterion.max_points:
        raise WorksError(
            _("%(criterion)s: points from 0 to %(max)d.")
            % {"criterion": criterion.name, "max": criterion.max_points}
        )
    if points % POINTS_STEP:
        raise WorksError(
            _("%(criterion)s: whole or half points only.") % {"criterion": criterion.name}
        )
    return points.quantize(Decimal("0.1"))


@transaction.atomic
def score_entry(
    *, entry: Entry, judge_user, points: dict[int, object], comment: str = ""
) -> ScoreSheet:
    """A judge's complete marks for an entry: every rubric line within its maximum. Scoring
    again replaces the judge's sheet. Judges never score entries of their own unit."""
    collection = Collection.objects.select_for_update().get(pk=entry.collection_id)
    if collection.state != CollectionState.JUDGING:
        raise WorksError(_("Scores are taken while the collection is being judged."))
    judge = Judge.objects.filter(collection=collection, user=judge_user).first()
    if judge is None:
        raise WorksError(_("Only this collection's judges score its entries."))
    entry = Entry.objects.get(pk=entry.pk)
    if entry.state != EntryState.SUBMITTED:
        raise WorksError(
            _("Entry %(code)s is %(state)s: it is not scored.")
            % {"code": entry.code, "state": entry.get_state_display()}
        )
    membership = membership_of(judge_user)
    if membership is not None and membership.unit_id == entry.unit_id:
        raise WorksError(_("Judges do not score entries of their own unit."))
    criteria = list(collection.criteria.all())
    marks: dict[int, Decimal] = {}
    for criterion in criteria:
        value = points.get(criterion.pk)
        if value is None or str(value).strip() == "":
            raise WorksError(_("%(criterion)s: enter the points.") % {"criterion": criterion.name})
        marks[criterion.pk] = _points(value, criterion)
    total = sum(marks.values(), Decimal("0"))
    comment = comment.strip()[:500]
    sheet = ScoreSheet.objects.filter(entry=entry, judge=judge).first()
    before = {"total": str(sheet.total)} if sheet else {}
    if sheet is None:
        sheet = ScoreSheet.objects.create(
            entry=entry, judge=judge, total=total, comment=comment, scored_at=clock.now()
        )
    else:
        sheet.total, sheet.comment, sheet.scored_at = total, comment, clock.now()
        sheet.save(update_fields=["total", "comment", "scored_at"])
        sheet.scores.all().delete()
    Score.objects.bulk_create(
        Score(sheet=sheet, criterion_id=pk, points=value) for pk, value in marks.items()
    )
    audit.record(
        actor=judge_user,
        action="works.score",
        target=entry,
        before=before,
        after={"total": str(total), "points": {str(k): str(v) for k, v in marks.items()}},
    )
    return sheet
