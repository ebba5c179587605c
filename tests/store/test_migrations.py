from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import inspect, insert, select

from crosswire.errors import StoreError
from crosswire.store import open_store
from crosswire.store.migrations import LATEST_VERSION
from crosswire.store.schema import metadata, schema_migrations


def test_migrated_database_matches_schema_definitions(store_db: str) -> None:
    engine = open_store(store_db)
    inspector = inspect(engine)
    assert set(inspector.get_table_names()) == set(metadata.tables)
    for table in metadata.sorted_tables:
        reflected = {column["name"] for column in inspector.get_columns(table.name)}
        assert reflected == {column.name for column in table.columns}, table.name
        unique = {tuple(u["column_names"]) for u in inspector.get_unique_constraints(table.name)}
        expected = {tuple(c.name for c in u.columns) for u in table.constraints if u.__class__.__name__ == "UniqueConstraint"}
        assert unique == expected, table.name
    engine.dispose()


def test_reopening_applies_nothing_twice(store_db: str) -> None:
    open_store(store_db).dispose()
    engine = open_store(store_db)
    with engine.connect() as connection:
        versions = connection.execute(select(schema_migrations.c.version).order_by(schema_migrations.c.version))
        assert list(versions.scalars()) == list(range(1, LATEST_VERSION + 1))
    engine.dispose()


def test_sqlite_store_uses_wal(db: str) -> None:
    open_store(db).dispose()
    with sqlite3.connect(db) as connection:
        assert connection.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_store_from_a_newer_crosswire_is_refused(store_db: str) -> None:
    engine = open_store(store_db)
    with engine.begin() as connection:
        connection.execute(
            insert(schema_migrations).values(version=LATEST_VERSION + 1, description="future", applied_at="now")
        )
    engine.dispose()
    with pytest.raises(StoreError, match="newer than this crosswire"):
        open_store(store_db)


def test_a_folder_is_not_a_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StoreError, match="is a folder"):
        open_store(str(tmp_path))


def test_a_store_made_before_the_seq_index_gets_it_and_uses_it(db: str) -> None:
    open_store(db).dispose()
    with sqlite3.connect(db) as connection:  # a store as migration 7 left it
        connection.execute("drop index ix_articles_seq")
        connection.execute("delete from schema_migrations where version >= 8")
    open_store(db).dispose()
    with sqlite3.connect(db) as connection:
        plan = " ".join(row[-1] for row in connection.execute("explain query plan select max(seq) from articles"))
        assert "ix_articles_seq" in plan  # not a scan of every article for each new one
        assert connection.execute("select max(version) from schema_migrations").fetchone()[0] == LATEST_VERSION
