"""The search index on PostgreSQL: a tsvector of pre-segmented words, a GIN index, ts_rank_cd.

PostgreSQL's own parsers do not segment Chinese, so the words come from `tokens` (rjieba) and
reach the 'simple' configuration already split by spaces; the title is weighted A, the body D.
The query is built with plainto_tsquery over the same words: every word must match, and no
user input is parsed as tsquery syntax. Facet words (rows.py) are weighted C and join the match
when the query is filtered, so the GIN index intersects a common word with a rare filter; a kind
that holds most of the table (the stories) is narrowed by its column instead, since its facet
would only make the intersection longer. The ranking uses the query's own words alone.
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

# ts_rank_cd weights for {D, C, B, A}: a word in the title counts ten times one in the body.
_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"


def _row(document: SearchDocument) -> tuple:
    return rows.document_row(document, published_at=document.published_at)


# A kind with at least this many documents is narrowed by its column alone: its facet word would
# make GIN intersect a posting list as long as the table (the stories are nearly all of it).
BROAD_KIND_ROWS = 20_000
# The first id range searched for the newest matches of a common query (see _newest_matches).
NEWEST_FIRST_SPAN = 10_000


def _narrowing(
    cursor, kind: str | None, campaign_id: int | None, filters: Mapping[str, object] | None
) -> tuple[str, list[object], list[str]]:
    """The kind as a column condition (counted on its unique index up to BROAD_KIND_ROWS) plus
    its facet word when the kind is rare, and the facet words of every other narrowing."""
    clause, params, facets = "", [], rows.query_facets(None, campaign_id, filters)
    if kind:
        clause, params = " AND kind = %s", [kind]
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM search_document WHERE kind = %s LIMIT %s) k",
            [kind, BROAD_KIND_ROWS],
        )
        if cursor.fetchone()[0] < BROAD_KIND_ROWS:
            facets.insert(0, rows.facet_word("kind", kind))
    return clause, params, facets


def _newest_matches(cursor, condition: str, params: list[object]) -> list[int]:
    """The ids of the RANKED_CANDIDATES most recently indexed matches of a common query.

    Asked of a growing id range counted back from the newest document (×4 each time): a GIN
    bitmap of a common word holds tens of thousands of rows, and sorting them all by id to keep
    the newest thousand would visit every one; a range keeps the visit near what is kept.
    """
    cursor.execute("SELECT coalesce(max(id), 0) FROM search_document")
    newest = cursor.fetchone()[0]
    span = NEWEST_FIRST_SPAN
    while True:
        floor = newest - span
        cursor.execute(
            f"SELECT id FROM search_document WHERE {condition} AND id > %s "
            "ORDER BY id DESC LIMIT %s",
            [*params, floor, RANKED_CANDIDATES],
        )
        ids = [row[0] for row in cursor.fetchall()]
        if len(ids) >= RANKED_CANDIDATES or floor <= 0:
            return ids
        span *= 4


class PostgreSQLSearchBackend:
    """SearchBackend on PostgreSQL full-text search (the scale profile)."""

    def index(self, documents: Iterable[SearchDocument]) -> None:
        rows = [_row(document) for document in documents]
        if not rows:
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_document (kind, object_id, campaign_id, city_id, unit_id, "
                "category, focus, published_at, title, body, words) VALUES "
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                "setweight(to_tsvector('simple', %s), 'A') "
                "|| setweight(to_tsvector('simple', %s), 'D') "
                "|| setweight(to_tsvector('simple', %s), 'C')) "
                "ON CONFLICT (kind, object_id) DO UPDATE SET campaign_id = EXCLUDED.campaign_id, "
                "city_id = EXCLUDED.city_id, unit_id = EXCLUDED.unit_id, "
                "category = EXCLUDED.category, focus = EXCLUDED.focus, "
                "published_at = EXCLUDED.published_at, title = EXCLUDED.title, "
                "body = EXCLUDED.body, words = EXCLUDED.words",
                rows,
            )

    def remove(self, kind: str, object_ids: Iterable[int]) -> None:
        ids = list(object_ids)
        if not ids:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM search_document WHERE kind = %s AND object_id = ANY(%s)", [kind, ids]
            )

    def clear(self, kind: str) -> None:
        with connection.cursor() as cursor:
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
        text = " ".join(tokens.match_words(terms))
        with connection.cursor() as cursor:
            kind_clause, kind_params, facets = _narrowing(cursor, kind, campaign_id, filters)
            matched = " ".join([text, *facets])
            condition = f"words @@ plainto_tsquery('simple', %s){kind_clause}"
            # Count at most COUNT_CAP + 1 matches: a sequential scan finds them quickly for a
            # common word, the GIN index for a rare word or a rare filter.
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM search_document WHERE {condition} LIMIT %s) m",
                [matched, *kind_params, COUNT_CAP + 1],
            )
            total = cursor.fetchone()[0]
            estimate = total > COUNT_CAP
            total = min(total, COUNT_CAP)
            if total == 0 or offset >= total:
                return SearchResults(total=total, total_is_estimate=estimate)
            candidates = f"SELECT id FROM search_document WHERE {condition}"
            candidate_params: list[object] = [matched, *kind_params]
            if total >= COUNT_CAP:
                # Too many to rank: rank only the most recently indexed candidates.
                if facets:  # a selective filter: its intersection is small enough to sort
                    candidates += " ORDER BY id DESC LIMIT %s"
                    candidate_params.append(RANKED_CANDIDATES)
                else:
                    candidates = "SELECT unnest(%s::bigint[])"
                    candidate_params = [_newest_matches(cursor, condition, [matched, *kind_params])]
            cursor.execute(
                "SELECT kind, object_id, title, body, "
                f"ts_rank_cd('{_WEIGHTS}', words, plainto_tsquery('simple', %s)) AS score "
                f"FROM search_document WHERE id IN ({candidates}) "
                "ORDER BY score DESC, published_at DESC NULLS LAST LIMIT %s OFFSET %s",
                [text, *candidate_params, limit, offset],
            )
            found = cursor.fetchall()
        return SearchResults(
            total=total,
            total_is_estimate=estimate,
            hits=[
                SearchHit(
                    kind=row_kind,
                    object_id=object_id,
                    score=float(score),
                    title_snippet=snippets.highlight(title, terms),
                    body_snippet=snippets.snippet(body, terms),
                )
                for row_kind, object_id, title, body, score in found
            ],
        )
