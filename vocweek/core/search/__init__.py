"""Full-text search over the platform's public documents (featured stories and exhibition halls).

`backend()` answers with the implementation for the database in use; callers speak only the
`SearchBackend` interface of `interface.py`.
"""

from django.db import connection

from vocweek.core.search.interface import (
    COUNT_CAP,
    FILTER_FIELDS,
    RANKED_CANDIDATES,
    SearchBackend,
    SearchDocument,
    SearchHit,
    SearchResults,
)

__all__ = [
    "COUNT_CAP",
    "FILTER_FIELDS",
    "RANKED_CANDIDATES",
    "SearchBackend",
    "SearchDocument",
    "SearchHit",
    "SearchResults",
    "backend",
]


def backend() -> SearchBackend:
    """The search index of the default database: FTS5 on SQLite, tsvector on PostgreSQL."""
    if connection.vendor == "postgresql":
        from vocweek.core.search.postgresql import PostgreSQLSearchBackend

        return PostgreSQLSearchBackend()
    from vocweek.core.search.sqlite import SQLiteSearchBackend

    return SQLiteSearchBackend()
