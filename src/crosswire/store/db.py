"""Opening a store: a SQLite file by default, any SQLAlchemy URL otherwise."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from crosswire.errors import StoreError
from crosswire.store import dialect
from crosswire.store.migrations import migrate

DEFAULT_DB = "crosswire.sqlite"


def database_url(db: str) -> str:
    """A SQLAlchemy URL for `db`: a URL as it is (PostgreSQL via psycopg), a plain path as SQLite."""
    if "://" in db:
        return dialect.normalise_url(db)
    path = Path(db).expanduser()
    if path.is_dir():
        raise StoreError(f"{db} is a folder; give a file name for the SQLite store")
    return f"sqlite:///{path}"


def open_store(db: str = DEFAULT_DB) -> Engine:
    """Open (creating and migrating if needed) the store named by `db`."""
    url = database_url(db)
    try:
        engine = create_engine(url, connect_args=dialect.connect_args(url))
        dialect.configure_engine(engine)
        with write_transaction(engine) as connection:
            migrate(connection)
    except (SQLAlchemyError, ImportError) as error:
        raise StoreError(f"cannot open the store {redacted(db)}: {error.__class__.__name__}: {error}") from error
    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that takes the store's write lock at its start.

    Python's sqlite3 driver begins a transaction only at the first INSERT or
    UPDATE, so the reads before it (is this text stored already? which seq
    comes next? does the table exist?) run outside it and another process can
    write in between: two ingests of the same file then both insert, and the
    second fails on the unique content hash; two first runs on a new store
    both create the tables. Taking the lock first (BEGIN IMMEDIATE on SQLite,
    an advisory lock on PostgreSQL) makes the check and the write one step;
    a second writer waits instead of failing.
    """
    with engine.begin() as connection:
        dialect.take_write_lock(connection)
        yield connection


def redacted(db: str) -> str:
    """`db` fit for an error message: a URL's password replaced by ***."""
    if "://" not in db:
        return db
    try:
        return make_url(db).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return db.split("://", 1)[0] + "://..."
