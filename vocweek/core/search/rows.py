"""What both backends store and filter on: one document's row, its facet words, and the narrowing
of a query.

Facet words make a filter part of the full-text match: each document carries one word per value it
can be narrowed by (kind, campaign, city, unit, category, focus), such as `zzkstory` or `zzy12`, in
a column (SQLite) or weight class (PostgreSQL) of its own. A filtered query then asks the index for
documents holding the query's words *and* the filter's facet words, an intersection the index walks
from its rarest list, instead of taking every match of a common word and filtering the rows.
"""

import re
from collections.abc import Mapping

from vocweek.core.search import tokens
from vocweek.core.search.interface import SearchDocument


def document_row(document: SearchDocument, *, published_at: object) -> tuple:
    """The stored values in column order; `published_at` as the backend's driver wants it."""
    return (
        document.kind,
        document.object_id,
        document.campaign_id,
        document.city_id,
        document.unit_id,
        document.category,
        document.focus,
        published_at,
        document.title,
        document.body,
        tokens.index_text(document.title),
        tokens.index_text(document.body),
        " ".join(facet_words(document)),
    )


# Narrowings and the letters of their facet words; "zz" keeps them apart from Chinese and English
# words (a visitor typing one can only find documents that are public anyway).
FACET_CODES = {
    "kind": "k",
    "campaign_id": "c",
    "city_id": "y",
    "unit_id": "u",
    "category": "g",
    "focus": "f",
}
_NOT_WORD = re.compile(r"[^0-9a-z]")


def facet_word(name: str, value: object) -> str:
    """The facet word of one narrowing value: letters and digits only, one token for any parser."""
    return f"zz{FACET_CODES[name]}{_NOT_WORD.sub('', str(value).lower())}"


def facet_words(document: SearchDocument) -> list[str]:
    return [
        facet_word(name, value)
        for name in FACET_CODES
        if (value := getattr(document, name)) is not None and value != ""
    ]


def query_facets(
    kind: str | None, campaign_id: int | None, filters: Mapping[str, object] | None
) -> list[str]:
    """The facet words a query must match: one per given narrowing; names from a fixed list."""
    narrowing = {"kind": kind, "campaign_id": campaign_id, **(filters or {})}
    words = []
    for name, value in narrowing.items():
        if name not in FACET_CODES:
            raise ValueError(f"Unknown search filter: {name}")
        if value is None or value == "":
            continue
        words.append(facet_word(name, value))
    return words
