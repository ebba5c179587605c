from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import inspect

from crosswire.errors import StoreError
from crosswire.store import open_store
from crosswire.store.migrations import LATEST_VERSION
from crosswire.store.schema import metadata


def test_migrated_database_matches_schema_definitions(db: str) -> None:
    engine = open_store(db)
    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        reflected = {column["name"] for column in inspector.get_columns(table.name)}
        assert reflected == {column.name for column in table.columns}, table.name
    engine.dispose()


def test_reopening_applies_nothing_twice_and_uses_wal(db: str) -> None:
    open_store(db).dispose()
    open_store(db).dispose()
    with sqlite3.connect(db) as connection:
        versions = [row[0] for row in connection.execute("select version from schema_migrations order by version")]
        mode = connection.execute("pragma journal_mode").fetchone()[0]
    assert versions == list(range(1, LATEST_VERSION + 1))
    assert mode == "wal"


def test_store_from_a_newer_crosswire_is_refused(db: str) -> None:
    open_store(db).dispose()
    with sqlite3.connect(db) as connection:
        connection.execute("insert into schema_migrations values (?, 'future', 'now')", (LATEST_VERSION + 1,))
    with pytest.raises(StoreError, match="newer than this crosswire"):
        open_store(db)


def test_a_folder_is_not_a_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoreError, match="is a folder"):
        open_store(str(tmp_path))
