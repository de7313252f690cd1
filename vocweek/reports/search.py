"""Featured stories in the search index: what a story document holds, keeping it current, and
the public search over it.

A report is in the index exactly while it is featured: `feature_report` and `unfeature_report`
call `index_story_on_commit` / `remove_story_on_commit`, which act after the transaction commits,
so a rolled-back feature never reaches the index.
"""

import html
import re
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from vocweek.core.search import SearchDocument, backend
from vocweek.reports.models import Report

STORY = "story"
_SPACES = re.compile(r"\s+")
_BLOCK_END = re.compile(r"</(p|h[2-4]|li|blockquote|td|th|tr)>|<br\s*/?>", re.IGNORECASE)


def plain_text(body: str) -> str:
    """The sanitised HTML body as one line of text; block ends become spaces, entities letters."""
    text = html.unescape(strip_tags(_BLOCK_END.sub(" ", body or "")))
    return _SPACES.sub(" ", text).strip()


def story_document(report: Report) -> SearchDocument:
    """A featured report as the index holds it: its text plus the unit and city it came from."""
    unit = report.unit
    city = unit.city
    names = " ".join(name for name in (unit.name, city.name if city else "") if name)
    return SearchDocument(
        kind=STORY,
        object_id=report.pk,
        title=report.title,
        body=f"{plain_text(report.body)} {names}".strip(),
        campaign_id=report.campaign_id,
        city_id=unit.city_id,
        unit_id=report.unit_id,
        category=report.category,
        focus=report.focus,
        published_at=report.featured_at,
    )


def _featured_stories():
    return Report.objects.published().select_related("unit__city")


def index_story(report_id: int) -> None:
    """Put the report in the index if it is featured now, take it out otherwise."""
    report = _featured_stories().filter(pk=report_id).first()
    if report is None:
        backend().remove(STORY, [report_id])
    else:
        backend().index([story_document(report)])


def index_story_on_commit(report: Report) -> None:
    transaction.on_commit(lambda: index_story(report.pk))


def remove_story_on_commit(report: Report) -> None:
    transaction.on_commit(lambda: backend().remove(STORY, [report.pk]))


def rebuild_story_index(batch_size: int = 2000) -> int:
    """Replace every story of the index by the featured reports of now; returns how many."""
    search = backend()
    count = 0
    with transaction.atomic():
        search.clear(STORY)
        batch: list[SearchDocument] = []
        for report in _featured_stories().order_by("pk").iterator(chunk_size=batch_size):
            batch.append(story_document(report))
            if len(batch) >= batch_size:
                search.index(batch)
                count += len(batch)
                batch = []
        search.index(batch)
        count += len(batch)
    return count


def story_url(pk: int) -> str:
    try:
        return reverse("column:story", args=[pk])
    except NoReverseMatch:
        return f"/column/{pk}/"


@dataclass(frozen=True)
class StoryResult:
    """One story found: highlighted snippets from the index, unit and date from the report."""

    pk: int
    url: str
    title: SafeString
    snippet: SafeString
    unit_name: str
    city_name: str
    featured_at: datetime | None
    category: str


@dataclass(frozen=True)
class StorySearch:
    total: int
    results: list[StoryResult]
    total_is_estimate: bool = False  # more than `total` stories match


def search_stories(
    query: str,
    *,
    city_id: int | None = None,
    category: str = "",
    limit: int = 10,
    offset: int = 0,
) -> StorySearch:
    """Featured stories matching every word of the query, best first, optionally narrowed."""
    found = backend().search(
        query,
        kind=STORY,
        filters={"city_id": city_id, "category": category},
        limit=limit,
        offset=offset,
    )
    reports = _featured_stories().in_bulk([hit.object_id for hit in found.hits])
    results = []
    for hit in found.hits:
        report = reports.get(hit.object_id)
        if report is None:  # withdrawn a moment ago: the index catches up on commit
            continue
        city = report.unit.city
        results.append(
            StoryResult(
                pk=report.pk,
                url=story_url(report.pk),
                title=hit.title_snippet,
                snippet=hit.body_snippet,
                unit_name=report.unit.name,
                city_name=city.name if city else "",
                featured_at=report.featured_at,
                category=report.get_category_display(),
            )
        )
    return StorySearch(
        total=found.total, results=results, total_is_estimate=found.total_is_estimate
    )
