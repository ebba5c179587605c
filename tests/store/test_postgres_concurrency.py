"""Two ingest processes on one new PostgreSQL database at once: they race to
create the schema and read overlapping files, and the advisory write lock
makes them take turns, as SQLite's lock does (tests/hostile/test_concurrency.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from crosswire.store.db import database_url

REPO = Path(__file__).resolve().parents[2]


def _write(folder: Path, start: int, stop: int) -> None:
    folder.mkdir()
    for n in range(start, stop):
        sentences = [f"Dispatch {n} reports shelling near checkpoint {n * 7 % 31}.",
                     f"Officials counted {n} displaced families at the border crossing.",
                     f"Witness {n} described the convoy {n % 5} arriving after dark."]
        (folder / f"d{n:03d}.txt").write_text(" ".join(sentences), encoding="utf-8")


def _ingest(folder: Path, db: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from crosswire.cli import main; main()", "ingest", str(folder), "--db", db, "-q"]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.postgres
def test_two_ingests_at_once_on_a_new_database(postgres_db: str, tmp_path: Path) -> None:
    _write(tmp_path / "first", 0, 40)
    _write(tmp_path / "second", 20, 60)  # 20 texts read by both processes
    processes = [_ingest(tmp_path / "first", postgres_db), _ingest(tmp_path / "second", postgres_db)]
    for process in processes:
        returncode = process.wait(timeout=120)
        assert returncode == 0, process.stderr.read().decode()[-2000:] if process.stderr else ""
    engine = create_engine(database_url(postgres_db))
    with engine.connect() as connection:
        articles, hashes = connection.execute(text("SELECT count(*), count(DISTINCT content_hash) FROM articles")).one()
        sources = connection.execute(text("SELECT count(*) FROM article_sources")).scalar_one()
        seqs = connection.execute(text("SELECT count(DISTINCT seq) FROM articles")).scalar_one()
        versions = list(connection.execute(text("SELECT version FROM schema_migrations")).scalars())
        errors = connection.execute(text("SELECT origin, reason FROM ingest_errors")).all()
    engine.dispose()
    assert errors == []
    assert articles == hashes == seqs == 60
    assert sources == 80  # every file read is recorded, the shared 20 twice
    assert sorted(versions) == sorted(set(versions)) and versions
