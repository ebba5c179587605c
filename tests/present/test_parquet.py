"""Parquet of every store table: one file per table, same rows, same values."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from crosswire.cli import app

runner = CliRunner()


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, seeds_db: str) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("seeds")
    db = str(folder / "store.sqlite")
    with sqlite3.connect(seeds_db) as shared, sqlite3.connect(db) as copy:  # the test adds a table: a copy
        shared.backup(copy)
    with sqlite3.connect(db) as connection:  # a table crosswire's schema does not know: reflection finds it
        connection.execute("create table reviewer_notes (article_id text, note text, score real)")
        connection.execute("insert into reviewer_notes values ('x', 'checked by hand', 1)")
    _invoke("export", "--db", db, "--format", "parquet", "--out", str(folder / "parquet"))
    return db, folder / "parquet"


def _tables(db: str) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        names = [row[0] for row in connection.execute("select name from sqlite_master where type = 'table'")]
        return {name: connection.execute(f'select count(*) from "{name}"').fetchone()[0]
                for name in names if not name.startswith("sqlite_")}


def test_one_file_per_table_with_the_same_row_counts(exported: tuple[str, Path]) -> None:
    db, folder = exported
    tables = _tables(db)
    assert {"articles", "claims", "figures", "event_frames", "reviewer_notes"} <= set(tables)
    assert sorted(path.stem for path in folder.glob("*.parquet")) == sorted(tables)
    for name, count in tables.items():
        assert pq.read_table(folder / f"{name}.parquet").num_rows == count, name
    assert tables["articles"] == 2 and tables["figures"] > 0


def test_values_and_types_survive(exported: tuple[str, Path]) -> None:
    db, folder = exported
    articles = pq.read_table(folder / "articles.parquet")
    assert articles.schema.field("text").type == pa.string() and articles.schema.field("word_count").type == pa.int64()
    with sqlite3.connect(db) as connection:
        stored = dict(connection.execute("select id, text from articles").fetchall())
    assert dict(zip(articles.column("id").to_pylist(), articles.column("text").to_pylist())) == stored
    assert pq.read_table(folder / "minhash_signatures.parquet").schema.field("signature").type == pa.binary()
    frames = pq.read_table(folder / "event_frames.parquet").to_pylist()
    assert any(f["admin1"] == "Deir ez-Zor" and f["date"] == "2018-02-07" and 35 < f["lat"] < 36 for f in frames)
    notes = pq.read_table(folder / "reviewer_notes.parquet").to_pylist()
    assert notes == [{"article_id": "x", "note": "checked by hand", "score": 1.0}]


def test_an_empty_table_keeps_its_columns(exported: tuple[str, Path]) -> None:
    _, folder = exported
    errors = pq.read_table(folder / "ingest_errors.parquet")
    assert errors.num_rows == 0 and {"origin", "item", "reason"} <= set(errors.column_names)


def test_parquet_needs_a_folder(exported: tuple[str, Path]) -> None:
    db, _ = exported
    result = runner.invoke(app, ["export", "--db", db, "--format", "parquet"])
    assert result.exit_code == 2 and "--out" in result.output
