"""SIGKILL an ingest at random points of a few-hundred-article run, rerun it:
nothing committed is lost, nothing is half-written, and the finished store
holds exactly one copy of each article."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTICLES = 240
EXACT_COPIES = 30  # files whose text repeats an earlier file's
SEED = 20240607
# Kill points: article counts reached before the kill (random, fixed seed),
# plus one kill in the first second (start-up, store creation, migrations).
KILL_AT_COUNTS = sorted(random.Random(SEED).sample(range(5, ARTICLES - 20), 4))
_WORDS = (
    "shelling town district civilians officials said army rebels convoy aid border ceasefire talks "
    "minister strike hospital school market village province governor militia drone airport bridge "
    "refugees camp council spokesman witnesses report attack checkpoint fighters troops forces"
).split()


def _write_corpus(folder: Path) -> int:
    """Write the articles; return how many distinct texts they hold."""
    rng = random.Random(SEED)
    texts: list[str] = []
    for n in range(ARTICLES):
        sentences = [" ".join(rng.choice(_WORDS) for _ in range(14)).capitalize() + "." for _ in range(8)]
        body = f"Report number {n}. " + " ".join(sentences)
        if n % 7 == 0:
            body += "\n\nPost a Comment"  # page furniture, stored in removed_furniture
        texts.append(body)
    for n in range(EXACT_COPIES):
        texts.append(texts[n * 3])
    for n, text in enumerate(texts):
        (folder / f"a{n:04d}.txt").write_text(text, encoding="utf-8")
    return ARTICLES


def _start(folder: Path, db: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from crosswire.cli import main; main()", "ingest", str(folder), "--db", str(db), "-q"]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def _kill_when(process: subprocess.Popen[bytes], db: Path, *, count: int | None, seconds: float) -> None:
    deadline = time.monotonic() + 60
    started = time.monotonic()
    while time.monotonic() < deadline and process.poll() is None:
        if count is None and time.monotonic() - started >= seconds:
            break
        if count is not None and _count(db) >= count:
            break
        time.sleep(0.005)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def _committed_ids(db: Path) -> set[str]:
    if not db.exists():
        return set()
    with sqlite3.connect(db) as connection:
        try:
            return {row[0] for row in connection.execute("SELECT id FROM articles")}
        except sqlite3.OperationalError:
            return set()


@pytest.fixture(scope="module")
def killed_and_rerun(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("crash")
    corpus = folder / "corpus"
    corpus.mkdir()
    distinct = _write_corpus(corpus)
    db = folder / "store.sqlite"
    committed: set[str] = set()
    lost: list[str] = []
    kills: list[tuple[str, int]] = []
    points: list[tuple[int | None, float]] = [(None, random.Random(SEED).uniform(0.3, 1.0))]
    points += [(count, 0.0) for count in KILL_AT_COUNTS]
    for count, seconds in points:
        process = _start(corpus, db)
        _kill_when(process, db, count=count, seconds=seconds)
        now = _committed_ids(db)
        lost += sorted(committed - now)
        committed |= now
        kills.append((f"count>={count}" if count is not None else f"t={seconds:.2f}s", len(now)))
    final = _start(corpus, db)
    _, stderr = final.communicate(timeout=120)
    assert final.returncode == 0, stderr.decode()[-2000:]
    return {"db": db, "distinct": distinct, "committed": committed, "lost": lost, "kills": kills}


def test_kills_landed_at_different_points(killed_and_rerun: dict[str, object]) -> None:
    counts = [count for _, count in killed_and_rerun["kills"]]  # type: ignore[attr-defined]
    assert len(counts) == 5
    assert counts == sorted(counts) and len(set(counts[1:])) == 4, counts
    assert counts[-1] < killed_and_rerun["distinct"], "the last kill came after the run had finished"


def test_nothing_committed_is_lost(killed_and_rerun: dict[str, object]) -> None:
    db = killed_and_rerun["db"]
    assert isinstance(db, Path)
    assert killed_and_rerun["lost"] == []
    assert killed_and_rerun["committed"] <= _committed_ids(db)  # type: ignore[operator]


def test_store_is_consistent_after_kills(killed_and_rerun: dict[str, object]) -> None:
    db = killed_and_rerun["db"]
    assert isinstance(db, Path)
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        no_source = connection.execute(
            "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM article_sources)"
        ).fetchone()[0]
        no_signature = connection.execute(
            "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM minhash_signatures)"
        ).fetchone()[0]
        assert (no_source, no_signature) == (0, 0)
        with_furniture = connection.execute("SELECT count(DISTINCT article_id) FROM removed_furniture").fetchone()[0]
        assert with_furniture == len(range(0, ARTICLES, 7))


def test_rerun_holds_exactly_one_copy_of_each_article(killed_and_rerun: dict[str, object]) -> None:
    db = killed_and_rerun["db"]
    assert isinstance(db, Path)
    with sqlite3.connect(db) as connection:
        articles, hashes, seqs = connection.execute(
            "SELECT count(*), count(DISTINCT content_hash), count(DISTINCT seq) FROM articles"
        ).fetchone()
        sources, files = connection.execute("SELECT count(*), count(DISTINCT origin) FROM article_sources").fetchone()
        errors = connection.execute("SELECT origin, reason FROM ingest_errors").fetchall()
    assert articles == hashes == seqs == killed_and_rerun["distinct"]
    assert sources == files == ARTICLES + EXACT_COPIES
    assert errors == []
