"""Everything that differs between SQLite and PostgreSQL, in one place.

The rest of the store is SQLAlchemy Core that both databases run as it is.
What does not carry over is handled here:

- URLs: a plain path is a SQLite file; `postgresql://` and `postgres://` use
  the psycopg (3) driver, the one crosswire pins.
- Connections: SQLite gets WAL, enforced foreign keys and a busy timeout.
- The write lock: SQLite's `BEGIN IMMEDIATE`, PostgreSQL's transaction-level
  advisory lock, so that "is this stored already? then insert" is one step
  on both and a second writer waits instead of failing.
- Inserts that skip a row colliding with a unique key (`ON CONFLICT DO
  NOTHING`, which both spell the same way through their own dialects).
- Column types: SQLite ignores `VARCHAR(n)` lengths, stores 64-bit integers
  and compares text byte by byte. On PostgreSQL the same tables are created
  with unbounded text, BIGINT and the "C" collation, so that a value SQLite
  accepts is accepted too and `ORDER BY` returns rows in the same order
  (exports from both are identical).
"""

from __future__ import annotations

import sqlite3
import time
import zlib
from typing import Any, Mapping

from sqlalchemy import BigInteger, Connection, Engine, Integer, MetaData, String, Table, Text, event, insert
from sqlalchemy.dialects import postgresql, sqlite

# Seconds a writer waits for another process's lock before giving up.
BUSY_TIMEOUT_SECONDS = 60

# The PostgreSQL advisory lock key that crosswire's writers share (any
# constant 64-bit number; derived from the name so that it is recognisable).
WRITE_LOCK_KEY = zlib.crc32(b"crosswire store write lock")

_POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg2://")


def normalise_url(url: str) -> str:
    """The URL with PostgreSQL pointed at the psycopg (3) driver crosswire pins.

    `postgresql://` would otherwise select psycopg2, which is not installed."""
    for scheme in _POSTGRES_SCHEMES:
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme):]
    return url


def connect_args(url: str) -> dict[str, Any]:
    """Driver options: SQLite's own busy timeout (seconds)."""
    if url.startswith("sqlite"):
        return {"timeout": BUSY_TIMEOUT_SECONDS}
    return {}


def configure_engine(engine: Engine) -> None:
    """Per-connection settings the database needs (SQLite only)."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """WAL so readers never block the writer; foreign keys enforced;
    NORMAL sync, which in WAL mode is still safe against application crashes."""
    cursor = dbapi_connection.cursor()
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """`PRAGMA journal_mode=WAL`, retried while another process holds the file.

    Switching a new store to WAL takes an exclusive lock. When two processes
    open a new store at once, each holds a shared lock and wants the exclusive
    one; SQLite then answers "database is locked" at once instead of waiting
    in the busy handler (it would be a deadlock). Once one of them has
    switched, the other's pragma is a no-op, so a retry a moment later works.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    delay = 0.01
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def take_write_lock(connection: Connection) -> None:
    """Hold the store's single write lock until the current transaction ends."""
    name = connection.dialect.name
    if name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


def insert_ignoring_conflicts(connection: Connection, table: Table, values: Mapping[str, Any]) -> bool:
    """Insert a row unless it collides with a unique key; True if inserted."""
    name = connection.dialect.name
    if name == "sqlite":
        statement: Any = sqlite.insert(table).values(**values).on_conflict_do_nothing()
    elif name == "postgresql":
        # RETURNING, which SQLAlchemy adds for a serial key anyway, leaves rowcount at -1.
        statement = postgresql.insert(table).values(**values).on_conflict_do_nothing()
        returning = statement.returning(*table.primary_key.columns)
        return connection.execute(returning).first() is not None
    else:  # pragma: no cover - other databases are not supported
        statement = insert(table).values(**values)
    return bool(connection.execute(statement).rowcount)


def portable_column_types(metadata: MetaData) -> None:
    """Give every column SQLite's behaviour on PostgreSQL (see the module docstring).

    Applied once to the schema's metadata, so tables that later migrations
    add get the same treatment without anyone remembering to."""
    for table in metadata.tables.values():
        for column in table.columns:
            kind = column.type
            if "postgresql" in kind._variant_mapping:
                continue  # done already, or chosen by hand
            if isinstance(kind, String):
                column.type = kind.with_variant(Text(collation="C"), "postgresql")
            elif type(kind) is Integer and column is not table.autoincrement_column:
                column.type = kind.with_variant(BigInteger(), "postgresql")
