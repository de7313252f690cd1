"""The search index on SQLite: an FTS5 table over pre-segmented words, ranked with bm25.

`search_document` holds each document's original text (for snippets), its filter values and its
words; `search_index` is an external-content FTS5 table over the words, kept in step by triggers
(migration core.0002). Words are letters and digits only, so each is quoted as an FTS5 string and
no user input can form an operator (NEAR, *, -, ", column filters).
"""

from collections.abc import Iterable, Mapping

from django.db import connection, transaction

from vocweek.core.search import rows, snippets, tokens
from vocweek.core.search.interface import (
    COUNT_CAP,
    RANKED_CANDIDATES,
    SCAN_WINDOW,
    SearchDocument,
    SearchHit,
    SearchResults,
)

TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
_COLUMNS = (
    "kind, object_id, campaign_id, city_id, unit_id, category, focus, published_at, "
    "title, body, title_words, body_words"
)
_UPDATES = ", ".join(f"{name} = excluded.{name}" for name in _COLUMNS.split(", ")[2:])


def _row(document: SearchDocument) -> tuple:
    return rows.document_row(
        document, published_at=document.published_at.isoformat() if document.published_at else None
    )


def _where(
    kind: str | None, campaign_id: int | None, filters: Mapping[str, object] | None
) -> tuple[str, list[object]]:
    return rows.filter_clause(kind, campaign_id, filters, column_prefix="d.")


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
                f"INSERT INTO search_document ({_COLUMNS}) VALUES ({', '.join(['%s'] * 12)}) "
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
        match = " ".join(f'"{term}"' for term in terms)
        where, params = _where(kind, campaign_id, filters)
        source = (
            "FROM search_index CROSS JOIN search_document d ON d.id = search_index.rowid "
            f"WHERE search_index MATCH %s{where}"
        )
        score = f"bm25(search_index, {TITLE_WEIGHT}, {BODY_WEIGHT})"
        with connection.cursor() as cursor:
            # Look no further back than the SCAN_WINDOW most recently indexed matches: a
            # filter that keeps few of a common word's matches cannot make a query walk them all.
            cursor.execute(
                "SELECT count(*), min(rowid) FROM (SELECT rowid FROM search_index "
                "WHERE search_index MATCH %s ORDER BY rowid DESC LIMIT %s)",
                [match, SCAN_WINDOW],
            )
            matches, floor = cursor.fetchone()
            if matches == 0:
                return SearchResults(total=0)
            windowed = matches >= SCAN_WINDOW
            if windowed:
                source += " AND search_index.rowid >= %s"
                params = [*params, floor]
            # Count at most COUNT_CAP + 1 matches: FTS5 walks its doclist lazily, so a word in
            # most documents costs no more than a rare one.
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 {source} LIMIT %s)",
                [match, *params, COUNT_CAP + 1],
            )
            total = cursor.fetchone()[0]
            estimate = total > COUNT_CAP or windowed
            total = min(total, COUNT_CAP)
            if total == 0 or offset >= total:
                return SearchResults(total=total, total_is_estimate=estimate)
            if total >= COUNT_CAP:
                # Too many to rank: rank only the most recently indexed candidates (FTS5 reads
                # its doclist by descending rowid and stops after the LIMIT).
                ranked = (
                    f"SELECT d.id AS id, d.published_at AS published_at, {score} AS score "
                    f"{source} ORDER BY search_index.rowid DESC LIMIT %s"
                )
                ranked_params = [match, *params, RANKED_CANDIDATES]
            else:
                ranked = (
                    f"SELECT d.id AS id, d.published_at AS published_at, {score} AS score {source}"
                )
                ranked_params = [match, *params]
            cursor.execute(
                "SELECT d.kind, d.object_id, d.title, d.body, r.score "
                f"FROM ({ranked}) r JOIN search_document d ON d.id = r.id "
                "ORDER BY r.score, r.published_at DESC LIMIT %s OFFSET %s",
                [*ranked_params, limit, offset],
            )
            rows = cursor.fetchall()
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
                for row_kind, object_id, title, body, score in rows
            ],
        )
