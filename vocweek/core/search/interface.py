"""What every search index speaks: documents in, ranked hits with highlighted snippets out.

A document is identified by its kind ("story", "hall") and the id of the object it
describes; the index never imports the apps whose objects it holds.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from django.utils.safestring import SafeString

# The filters a search may narrow by: names of stored columns, never user input.
FILTER_FIELDS = ("city_id", "unit_id", "category", "focus")

# Work per query is bounded for common words: matches are counted only up to COUNT_CAP, and when
# there are more, only the RANKED_CANDIDATES most recently indexed matches are ranked (300: on
# PostgreSQL each ranked document's tsvector is read again, and 1,000 of them cost ~20 ms). Filters are
# part of the index match (facet words, see rows.py), so a filter keeping few of a common word's
# matches is an intersection the index walks from the rare side, counted and ranked exactly.
COUNT_CAP = 1000
RANKED_CANDIDATES = 300


@dataclass(frozen=True)
class SearchDocument:
    """One searchable thing: original text for snippets plus the values filters narrow by."""

    kind: str
    object_id: int
    title: str
    body: str
    campaign_id: int | None = None
    city_id: int | None = None
    unit_id: int | None = None
    category: str = ""
    focus: str = ""
    published_at: datetime | None = None


@dataclass(frozen=True)
class SearchHit:
    """One ranked result; the snippets are escaped HTML with the matched words in <mark>."""

    kind: str
    object_id: int
    score: float
    title_snippet: SafeString
    body_snippet: SafeString


@dataclass(frozen=True)
class SearchResults:
    """`total` is exact unless `total_is_estimate`: then `total` is a lower bound (more may
    match), and the hits are the best of the most recently indexed matches."""

    total: int
    hits: list[SearchHit] = field(default_factory=list)
    total_is_estimate: bool = False


class SearchBackend(Protocol):
    """An index of documents kept in the main database (SQLite FTS5 or PostgreSQL tsvector)."""

    def index(self, documents: Iterable[SearchDocument]) -> None:
        """Add the documents, replacing any earlier version of the same kind and id."""

    def remove(self, kind: str, object_ids: Iterable[int]) -> None:
        """Drop the documents of this kind with these ids; unknown ids are ignored."""

    def clear(self, kind: str) -> None:
        """Drop every document of this kind (before a rebuild)."""

    def search(
        self,
        query: str,
        *,
        kind: str | None = None,
        campaign_id: int | None = None,
        filters: Mapping[str, object] | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> SearchResults:
        """Documents containing every word of the query, best first; bad syntax never errors."""
