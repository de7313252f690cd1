"""The search index on SQLite: an FTS5 table over pre-segmented words, ranked with bm25.

`search_document` holds each document's original text (for snippets), its filter values, its words
and its facet words (rows.py); `search_index` is an external-content FTS5 table over the words and
facets, kept in step by triggers (migrations core.0002, core.0003). Words are letters and digits
only, so each is quoted as an FTS5 string and no user input can form an operator (NEAR, *, -, ",
column filters). Filters match in the `facets` column, which weighs nothing in the ranking.
"""

from collections.abc import Iterable, Mapping

from django.db import connection, transaction

from vocweek.core.search import rows, snippets, tokens
from vocweek.core.search.interface import (
    COUNT_CAP,
    RANKED_CANDIDATES,
    SearchDocument,
    SearchHit,
    SearchResults,
)

TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
FACET_WEIGHT = 0.0
_COLUMNS = (
    "kind, object_id, campaign_id, city_id, unit_id, category, focus, published_at, "
    "title, body, title_words, body_words, facets"
)
_UPDATES = ", ".join(f"{name} = excluded.{name}" for name in _COLUMNS.split(", ")[2:])


def _row(document: SearchDocument) -> tuple:
    return rows.document_row(
        document, published_at=document.published_at.isoformat() if document.published_at else None
    )


class SQLiteSearchBackend:
    """SearchBackend on SQLite FTS5 (the embedded profile)."""

    def index(self, documents: Iterable[SearchDocument]) -> None:
        rows = [_row(document) for document in documents]
        if not rows:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            # An upsert, not INSERT OR REPLACE: REPLACE would skip the delete trigger that
            # takes the old words out of the FTS index.
            cursor.executemany(
                f"INSERT INTO search_document ({_COLUMNS}) VALUES ({', '.join(['%s'] * 13)}) "
                f"ON CONFLICT (kind, object_id) DO UPDATE SET {_UPDATES}",
                rows,
            )

    def remove(self, kind: str, object_ids: Iterable[int]) -> None:
        ids = list(object_ids)
        if not ids:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM search_document WHERE kind = %s AND object_id = %s",
                [(kind, pk) for pk in ids],
            )

    def clear(self, kind: str) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_document WHERE kind = %s", [kind])

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
        terms = tokens.query_words(query)
        if not terms:
            return SearchResults(total=0)
        facets = rows.query_facets(kind, campaign_id, filters)
        match = " ".join(
            [
                *(f'"{term}"' for term in tokens.match_words(terms)),
                *(f'facets : "{facet}"' for facet in facets),
            ]
        )
        score = f"bm25(search_index, {TITLE_WEIGHT}, {BODY_WEIGHT}, {FACET_WEIGHT})"
        with connection.cursor() as cursor:
            # One walk of the index, newest first, stopping after COUNT_CAP + 1 matches: it counts
            # them and scores the candidates (FTS5 reads its doclists lazily, by descending rowid,
            # so a word in most documents costs no more than a rare one).
            cursor.execute(
                f"SELECT rowid, {score} FROM search_index WHERE search_index MATCH %s "
                "ORDER BY rowid DESC LIMIT %s",
                [match, COUNT_CAP + 1],
            )
            candidates = cursor.fetchall()
            estimate = len(candidates) > COUNT_CAP
            total = min(len(candidates), COUNT_CAP)
            if total == 0 or offset >= total:
                return SearchResults(total=total, total_is_estimate=estimate)
            # Best score first (bm25 is lower for better matches), the newer of equals first.
            ranked = sorted(candidates[:RANKED_CANDIDATES], key=lambda row: (row[1], -row[0]))
            page = ranked[offset : offset + limit]
            cursor.execute(
                "SELECT id, kind, object_id, title, body FROM search_document "
                f"WHERE id IN ({', '.join(['%s'] * len(page))})",
                [rowid for rowid, _ in page],
            )
            documents = {row[0]: row[1:] for row in cursor.fetchall()}
        found = [(*documents[rowid], score) for rowid, score in page if rowid in documents]
        return SearchResults(
            total=total,
            total_is_estimate=estimate,
            hits=[
                SearchHit(
                    kind=row_kind,
                    object_id=object_id,
                    score=-score,
                    title_snippet=snippets.highlight(title, terms),
                    body_snippet=snippets.snippet(body, terms),
                )
                for row_kind, object_id, title, body, score in found
            ],
        )
