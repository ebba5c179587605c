"""Opening a store: a SQLite file by default, any SQLAlchemy URL otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
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
        with engine.begin() as connection:
            migrate(connection)
    except SQLAlchemyError as error:
        raise StoreError(f"cannot open the store {db}: {error.__class__.__name__}: {error}") from error
    return engine


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
