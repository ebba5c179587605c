"""A small mixed corpus (the two seeds, FA-KES sample rows, a duplicate, an
unsupported file) and a row-by-row view of the store, shared by the scale
tests. Timestamps are left out of the comparison: they say when, not what."""

from __future__ import annotations

import csv
import shutil
import sqlite3
from pathlib import Path
from typing import Any, Callable

import pytest

from tests.paths import SAMPLES, SEEDS

FAKES_ROWS = 6
INGEST_TABLES = ("articles", "article_sources", "removed_furniture", "minhash_signatures", "ingest_errors")
UNDERSTANDING_TABLES = (
    "analyses",
    "sentences",
    "entities",
    "claims",
    "event_frames",
    "frame_actors",
    "figures",
    "time_expressions",
    "places",
    "ingest_errors",
)
_TIMESTAMPS = {"ingested_at", "first_seen", "done_at"}

Rows = dict[str, list[tuple[Any, ...]]]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder / "seeds")
    with (SAMPLES / "fakes-sample.csv").open(newline="", encoding="utf-8") as source:
        rows = list(csv.reader(source))[: FAKES_ROWS + 1]
    with (folder / "fakes.csv").open("w", newline="", encoding="utf-8") as target:
        csv.writer(target).writerows(rows)
    seed = next(SEEDS.glob("*.txt"))
    shutil.copy(seed, folder / "zz_same_text.txt")  # an exact duplicate, stored once
    (folder / "notes.xyz").write_text("not an article", encoding="utf-8")  # an ingest error
    return folder


@pytest.fixture
def table_rows() -> Callable[[str, tuple[str, ...]], Rows]:
    def read(db: str, tables: tuple[str, ...]) -> Rows:
        connection = sqlite3.connect(db)
        try:
            found: Rows = {}
            for table in tables:
                columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})") if row[1] not in _TIMESTAMPS]
                quoted = ", ".join(f'"{column}"' for column in columns)
                found[table] = sorted(connection.execute(f"SELECT {quoted} FROM {table}").fetchall(), key=repr)
            return found
        finally:
            connection.close()

    return read
