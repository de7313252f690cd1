"""Facet words in the search index, so that filters are part of the full-text match.

SQLite: a `facets` column on search_document and a third column of the FTS5 table (recreated with
its triggers, then rebuilt from the documents). PostgreSQL: the facet words join each document's
tsvector with weight C. The words are those of vocweek/core/search/rows.py at the time of writing:
"zz" + a letter per narrowing + its value in lower-case letters and digits (the stored values are
enum values and ids, so removing underscores is all the cleaning they need).
"""

from django.db import migrations


def _piece(code: str, column: str) -> str:
    value = f"replace(lower(CAST({column} AS TEXT)), '_', '')"
    return f"CASE WHEN {column} IS NULL OR CAST({column} AS TEXT) = '' THEN '' ELSE 'zz{code}' || {value} || ' ' END"


FACETS = (
    ("k", "kind"),
    ("c", "campaign_id"),
    ("y", "city_id"),
    ("u", "unit_id"),
    ("g", "category"),
    ("f", "focus"),
)
FACETS_SQL = "trim(" + " || ".join(_piece(code, column) for code, column in FACETS) + ")"

SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_index",
    "ALTER TABLE search_document ADD COLUMN facets TEXT NOT NULL DEFAULT ''",
    f"UPDATE search_document SET facets = {FACETS_SQL}",
    """
    CREATE VIRTUAL TABLE search_index USING fts5(
        title_words, body_words, facets,
        content='search_document', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN
        INSERT INTO search_index(rowid, title_words, body_words, facets)
        VALUES (new.id, new.title_words, new.body_words, new.facets);
    END
    """,
    """
    CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN
        INSERT INTO search_index(search_index, rowid, title_words, body_words, facets)
        VALUES ('delete', old.id, old.title_words, old.body_words, old.facets);
    END
    """,
    """
    CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN
        INSERT INTO search_index(search_index, rowid, title_words, body_words, facets)
        VALUES ('delete', old.id, old.title_words, old.body_words, old.facets);
        INSERT INTO search_index(rowid, title_words, body_words, facets)
        VALUES (new.id, new.title_words, new.body_words, new.facets);
    END
    """,
    "INSERT INTO search_index(search_index) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_index",
    "ALTER TABLE search_document DROP COLUMN facets",
    """
    CREATE VIRTUAL TABLE search_index USING fts5(
        title_words, body_words,
        content='search_document', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN
        INSERT INTO search_index(rowid, title_words, body_words)
        VALUES (new.id, new.title_words, new.body_words);
    END
    """,
    """
    CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN
        INSERT INTO search_index(search_index, rowid, title_words, body_words)
        VALUES ('delete', old.id, old.title_words, old.body_words);
    END
    """,
    """
    CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN
        INSERT INTO search_index(search_index, rowid, title_words, body_words)
        VALUES ('delete', old.id, old.title_words, old.body_words);
        INSERT INTO search_index(rowid, title_words, body_words)
        VALUES (new.id, new.title_words, new.body_words);
    END
    """,
    "INSERT INTO search_index(search_index) VALUES ('rebuild')",
]

POSTGRESQL_FORWARD = [
    "UPDATE search_document SET words = words || "
    f"setweight(to_tsvector('simple', {FACETS_SQL}), 'C')"
]
# Going back leaves the facet words in place: they only ever match the facet queries.
POSTGRESQL_BACKWARD: list[str] = []


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise NotImplementedError(
                f"No search index for the {schema_editor.connection.vendor} database."
            )
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0002_search_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        )
    ]
