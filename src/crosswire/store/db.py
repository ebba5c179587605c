"""Opening a store: a SQLite file by default, any SQLAlchemy URL otherwise."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from crosswire.errors import StoreError
from crosswire.store.migrations import migrate

DEFAULT_DB = "crosswire.sqlite"

# Seconds a writer waits for another process's lock before giving up.
_BUSY_TIMEOUT_SECONDS = 60


def database_url(db: str) -> str:
    """A SQLAlchemy URL for `db`: a URL as it is, a plain path as SQLite."""
    if "://" in db:
        return db
    path = Path(db).expanduser()
    if path.is_dir():
        raise StoreError(f"{db} is a folder; give a file name for the SQLite store")
    return f"sqlite:///{path}"


def open_store(db: str = DEFAULT_DB) -> Engine:
    """Open (creating and migrating if needed) the store named by `db`."""
    url = database_url(db)
    try:
        engine = create_engine(url, connect_args=_connect_args(url))
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _configure_sqlite)
        with write_transaction(engine) as connection:
            migrate(connection)
    except SQLAlchemyError as error:
        raise StoreError(f"cannot open the store {db}: {error.__class__.__name__}: {error}") from error
    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that takes SQLite's write lock at its start.

    Python's sqlite3 driver begins a transaction only at the first INSERT or
    UPDATE, so the reads before it (is this text stored already? which seq
    comes next? does the table exist?) run outside it and another process can
    write in between: two ingests of the same file then both insert, and the
    second fails on the unique content hash; two first runs on a new store
    both create the tables. BEGIN IMMEDIATE makes the check and the write one
    step; a second writer waits (busy timeout) instead of failing.
    """
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield connection


def _connect_args(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        return {"timeout": _BUSY_TIMEOUT_SECONDS}
    return {}


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """WAL so readers never block the writer; foreign keys enforced;
    NORMAL sync, which in WAL mode is still safe against application crashes."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.close()
