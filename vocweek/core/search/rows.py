"""What both backends store and filter on: one document's row, and the filter clause of a query."""

from collections.abc import Mapping

from vocweek.core.search import tokens
from vocweek.core.search.interface import FILTER_FIELDS, SearchDocument


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
    )


def filter_clause(
    kind: str | None,
    campaign_id: int | None,
    filters: Mapping[str, object] | None,
    *,
    column_prefix: str = "",
) -> tuple[str, list[object]]:
    """ " AND col = %s …" for each given narrowing; column names only from a fixed list."""
    clauses: list[str] = []
    params: list[object] = []
    narrowing = {"kind": kind, "campaign_id": campaign_id, **(filters or {})}
    for name, value in narrowing.items():
        if name not in ("kind", "campaign_id", *FILTER_FIELDS):
            raise ValueError(f"Unknown search filter: {name}")
        if value is None or value == "":
            continue
        clauses.append(f"{column_prefix}{name} = %s")
        params.append(value)
    return "".join(f" AND {clause}" for clause in clauses), params
