"""The search index tables (not Django models): FTS5 on SQLite, tsvector + GIN on PostgreSQL.

See vocweek/core/search/. The SQL lives here, not imported from the backends, so this migration
keeps meaning what it meant when it ran.
"""

from django.db import migrations

SQLITE_CREATE = [
    """
    CREATE TABLE search_document (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        object_id INTEGER NOT NULL,
        campaign_id INTEGER,
        city_id INTEGER,
        unit_id INTEGER,
        category TEXT NOT NULL DEFAULT '',
        focus TEXT NOT NULL DEFAULT '',
        published_at TEXT,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        title_words TEXT NOT NULL,
        body_words TEXT NOT NULL,
        UNIQUE (kind, object_id)
    )
    """,
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
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_index",
    "DROP TABLE IF EXISTS search_document",
]

POSTGRESQL_CREATE = [
    """
    CREATE TABLE search_document (
        id bigserial PRIMARY KEY,
        kind varchar(16) NOT NULL,
        object_id bigint NOT NULL,
        campaign_id bigint,
        city_id bigint,
        unit_id bigint,
        category varchar(32) NOT NULL DEFAULT '',
        focus varchar(32) NOT NULL DEFAULT '',
        published_at timestamptz,
        title text NOT NULL,
        body text NOT NULL,
        words tsvector NOT NULL,
        UNIQUE (kind, object_id)
    )
    """,
    "CREATE INDEX search_document_words_idx ON search_document USING gin (words)",
]
POSTGRESQL_DROP = ["DROP TABLE IF EXISTS search_document"]


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
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        )
    ]
