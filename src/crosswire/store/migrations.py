"""Ordered schema migrations.

Each migration has a version, a description and a function applied inside one
transaction. A migration is never edited once released: a change of schema is
a new migration appended here (and the matching change in `schema.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy import Connection, insert, inspect, select

from crosswire.errors import StoreError
from crosswire.store import dialect, schema


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _create_index(table: str, name: str) -> Callable[[Connection], None]:
    """Add an index `schema.py` declares to a store made before it existed (a new store has it from
    `create_all` already)."""
    def apply(connection: Connection) -> None:
        index = next(index for index in schema.metadata.tables[table].indexes if index.name == name)
        index.create(connection, checkfirst=True)

    return apply


def _create_tables(*names: str) -> Callable[[Connection], None]:
    def apply(connection: Connection) -> None:
        tables = [schema.metadata.tables[name] for name in names]
        schema.metadata.create_all(connection, tables=tables)

    return apply


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles, sources, furniture, near-duplicate signatures, ingest errors",
        _create_tables("articles", "article_sources", "removed_furniture", "minhash_signatures", "ingest_errors"),
    ),
    Migration(2, "analysis bookkeeping, sentences and entities", _create_tables("analyses", "sentences", "entities")),
    Migration(
        3,
        "claims, figures, time expressions, places, event frames and their actors",
        _create_tables("claims", "event_frames", "frame_actors", "figures", "time_expressions", "places"),
    ),
    Migration(
        4,
        "cross-article events, figure ranges, stories, provenance, shared passages, claim origins and groups",
        _create_tables(
            "link_runs", "events", "event_mentions", "event_figures", "stories", "story_events", "story_articles",
            "provenance_edges", "shared_passages", "claim_origins", "claim_groups", "claim_group_members",
        ),
    ),
    Migration(5, "what each polled feed last answered (ETag, Last-Modified)", _create_tables("feed_state")),
    Migration(6, "stance of the articles of an event toward its key claims", _create_tables("claim_stances")),
    Migration(7, "each article's lead summary: death toll, attacker class, cause", _create_tables("article_leads")),
    Migration(8, "an index on articles.seq (ingest order), read for every new article",
              _create_index("articles", "ix_articles_seq")),
)

LATEST_VERSION = MIGRATIONS[-1].version


def current_version(connection: Connection) -> int:
    """The schema version of the database (0 for an empty one)."""
    if not inspect(connection).has_table("schema_migrations"):
        return 0
    versions = connection.execute(select(schema.schema_migrations.c.version)).scalars().all()
    return max(versions, default=0)


def migrate(connection: Connection) -> list[int]:
    """Apply the migrations the database lacks; return the versions applied.

    The caller provides the transaction: all pending migrations commit
    together or not at all.
    """
    dialect.portable_column_types(schema.metadata)  # also covers tables appended after schema.py's own call
    schema.metadata.create_all(connection, tables=[schema.schema_migrations])
    version = current_version(connection)
    if version > LATEST_VERSION:
        raise StoreError(
            f"the store has schema version {version}, newer than this crosswire ({LATEST_VERSION}); upgrade crosswire"
        )
    applied: list[int] = []
    for migration in MIGRATIONS:
        if migration.version <= version:
            continue
        migration.apply(connection)
        connection.execute(
            insert(schema.schema_migrations).values(
                version=migration.version,
                description=migration.description,
                applied_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            )
        )
        applied.append(migration.version)
    return applied
