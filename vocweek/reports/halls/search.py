"""Published exhibition halls in the search index (kind "hall"), and the public search over them.

A hall is in the index exactly while it is published: the hall services call
`index_hall_on_commit` after any change to a published hall and `remove_hall_on_commit` when it is
withdrawn; both act after the commit, so a rolled-back change never reaches the index.
"""

from dataclasses import dataclass

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString

from vocweek.core.search import SearchDocument, backend
from vocweek.reports.halls.models import Hall
from vocweek.reports.search import plain_text

HALL = "hall"

__all__ = ["HALL", "plain_text", "search_halls"]


def hall_document(hall: Hall) -> SearchDocument:
    """What the index holds of a hall: its texts and majors, with the unit's kind as category."""
    unit = hall.unit
    city = unit.city
    majors = " ".join(major.name for major in hall.majors.all())
    body = " ".join(
        part
        for part in (
            hall.tagline,
            plain_text(hall.introduction),
            majors,
            plain_text(hall.enrolment),
            city.name if city else "",
        )
        if part
    )
    return SearchDocument(
        kind=HALL,
        object_id=hall.pk,
        title=unit.name,
        body=body,
        city_id=unit.city_id,
        unit_id=unit.pk,
        category=unit.kind,
        published_at=hall.published_at,
    )


def _published_halls():
    return Hall.objects.published().select_related("unit__city").prefetch_related("majors")


def index_hall(hall_id: int) -> None:
    """Put the hall in the index if it is published now, take it out otherwise."""
    hall = _published_halls().filter(pk=hall_id).first()
    if hall is None:
        backend().remove(HALL, [hall_id])
    else:
        backend().index([hall_document(hall)])


def index_hall_on_commit(hall: Hall) -> None:
    hall_id = hall.pk
    transaction.on_commit(lambda: index_hall(hall_id))


def remove_hall_on_commit(hall: Hall) -> None:
    hall_id = hall.pk
    transaction.on_commit(lambda: backend().remove(HALL, [hall_id]))


def rebuild_hall_index() -> int:
    """Replace every hall of the index by the halls published now; returns how many."""
    search = backend()
    with transaction.atomic():
        search.clear(HALL)
        documents = [hall_document(hall) for hall in _published_halls().order_by("pk")]
        search.index(documents)
    return len(documents)


def hall_url(pk: int) -> str:
    try:
        return reverse("halls:hall", args=[pk])
    except NoReverseMatch:
        return f"/halls/{pk}/"


@dataclass(frozen=True)
class HallResult:
    """One hall found: the unit's name and a snippet with the matched words marked."""

    pk: int
    url: str
    title: SafeString
    snippet: SafeString
    city_name: str
    kind: str


def search_halls(query: str, *, city_id: int | None = None, limit: int = 3) -> list[HallResult]:
    """The published halls matching every word of the query, best first."""
    found = backend().search(query, kind=HALL, filters={"city_id": city_id}, limit=limit)
    halls = _published_halls().in_bulk([hit.object_id for hit in found.hits])
    results = []
    for hit in found.hits:
        hall = halls.get(hit.object_id)
        if hall is None:  # withdrawn a moment ago: the index catches up on commit
            continue
        city = hall.unit.city
        results.append(
            HallResult(
                pk=hall.pk,
                url=hall_url(hall.pk),
                title=hit.title_snippet,
                snippet=hit.body_snippet,
                city_name=(city.short_name or city.name) if city else "",
                kind=hall.unit.get_kind_display(),
            )
        )
    return results
