"""Two ingest processes on one SQLite store at the same time: both succeed
(one waits for the other's write lock), no corruption, no duplicates, no
spurious errors. Both start on a store that does not exist yet, so they also
race to create the schema."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = 11
_WORDS = (
    "airstrike village convoy officials rebels ceasefire border aid hospital market council drone "
    "province refugees witnesses militia governor bridge checkpoint school troops report spokesman"
).split()


def _write(folder: Path, start: int, stop: int) -> None:
    folder.mkdir()
    for n in range(start, stop):
        rng = random.Random(SEED * 1000 + n)
        text = f"Dispatch {n}. " + " ".join(
            " ".join(rng.choice(_WORDS) for _ in range(12)).capitalize() + "." for _ in range(6)
        )
        (folder / f"d{n:04d}.txt").write_text(text, encoding="utf-8")


def _ingest(folder: Path, db: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from crosswire.cli import main; main()", "ingest", str(folder), "--db", str(db), "-q"]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_two_ingests_of_overlapping_inputs_at_once(tmp_path: Path) -> None:
    # Articles 0-119 and 60-179: 60 texts are read by both processes at about the same time.
    _write(tmp_path / "first", 0, 120)
    _write(tmp_path / "second", 60, 180)
    db = tmp_path / "store.sqlite"
    processes = [_ingest(tmp_path / "first", db), _ingest(tmp_path / "second", db)]
    results = [(process.wait(timeout=180), process.stderr.read().decode() if process.stderr else "") for process in processes]
    for returncode, stderr in results:
        assert returncode == 0, stderr[-2000:]
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        articles, hashes = connection.execute("SELECT count(*), count(DISTINCT content_hash) FROM articles").fetchone()
        sources = connection.execute("SELECT count(*) FROM article_sources").fetchone()[0]
        versions = connection.execute("SELECT version FROM schema_migrations").fetchall()
        errors = connection.execute("SELECT origin, reason FROM ingest_errors").fetchall()
    assert errors == []
    assert articles == hashes == 180
    assert sources == 240  # every file read is recorded, the shared 60 twice
    assert len(versions) == len(set(versions))


def test_opening_a_store_waits_while_another_process_holds_it_in_rollback_mode(tmp_path: Path) -> None:
    """Switching to WAL while another connection holds the write lock gets
    "database is locked" at once, without SQLite's busy wait: the race two
    ingests on a new store ran into (CI failed on it). Opening must wait."""
    import threading

    from crosswire.store.db import open_store

    db = tmp_path / "store.sqlite"
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE scratch (n INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO scratch VALUES (1)")
    release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        engine = open_store(str(db))
    finally:
        release.join()
        holder.close()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()
