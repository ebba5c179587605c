"""Ingest end to end into a real store (SQLite and PostgreSQL): dedupe, idempotency, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from crosswire.ingest import ingest
from crosswire.store.db import database_url
from tests.paths import SAMPLES, SEED_000, SEED_004, SEEDS


@pytest.fixture
def db(store_db: str) -> str:
    """Every test here runs on each store backend."""
    return store_db


def _rows(db: str, query: str) -> list[tuple[object, ...]]:
    engine = create_engine(database_url(db))
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(text(query))]
    engine.dispose()
    return rows


def _snapshot(db: str) -> dict[str, list[tuple[object, ...]]]:
    tables = ["articles", "article_sources", "removed_furniture", "minhash_signatures", "ingest_errors"]
    drop_times = {
        "articles": "select id, content_hash, outlet, title, published, text, copy_of, seq from articles order by id",
        "article_sources": "select article_id, origin, item from article_sources order by 1, 2, 3",
        "removed_furniture": "select * from removed_furniture order by 1, 2",
        "minhash_signatures": "select article_id from minhash_signatures order by 1",
        "ingest_errors": "select origin, item, reason from ingest_errors order by 1, 2, 3",
    }
    return {table: _rows(db, drop_times[table]) for table in tables}


def test_seeds_are_stored_with_metadata_and_furniture(db: str) -> None:
    report = ingest([str(SEEDS)], db=db)
    assert (report.items_read, report.added, len(report.errors)) == (2, 2, 0)
    rows = _rows(db, "select title, outlet, published, text from articles order by seq")
    (title_000, outlet_000, published_000, text_000), (title_004, _, published_004, text_004) = rows
    assert title_000.startswith("JUST IN:") and outlet_000 == "US partisan blog (seed 000)"
    assert published_000 == "2018-02-14" and published_004 == "2018-02-27"
    assert title_004 == "US-Led Coalition Warplanes Strike Syrian Regime Forces"
    assert "Post a Comment" not in text_004 and "Comment Policy" not in text_000
    furniture = [row[0] for row in _rows(db, "select text from removed_furniture order by article_id, position")]
    assert "Post a Comment" in furniture and any(item.startswith("Comment Policy") for item in furniture)


def test_ingesting_the_same_inputs_again_changes_nothing(db: str) -> None:
    first = ingest([str(SAMPLES)], db=db)
    before = _snapshot(db)
    second = ingest([str(SAMPLES)], db=db)
    assert first.added > 20 and second.added == 0
    assert second.unchanged == first.added + first.duplicates
    assert _snapshot(db) == before


def test_the_same_text_in_two_files_is_stored_once_with_two_sources(db: str, tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere.txt"
    shutil.copy(SEED_004, copy)
    report = ingest([str(SEED_004), str(copy)], db=db)
    assert (report.added, report.duplicates) == (1, 1)
    assert _rows(db, "select count(*) from articles") == [(1,)]
    assert _rows(db, "select count(*) from article_sources") == [(2,)]


def _near_copy(tmp_path: Path, name: str, *, published: str | None = None) -> Path:
    """Seed 000 with its last paragraph rewritten: a typical republished copy."""
    text = SEED_000.read_text(encoding="utf-8").replace(
        "Perhaps the answer to that lies in the fact", "The answer may lie in the fact"
    )
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    if published:
        (tmp_path / f"{name}.meta.json").write_text(json.dumps({"published": published}), encoding="utf-8")
    return path


def test_a_near_duplicate_is_linked_to_the_earlier_article(db: str, tmp_path: Path) -> None:
    ingest([str(SEED_000)], db=db)
    report = ingest([str(_near_copy(tmp_path, "copy"))], db=db)
    assert (report.added, report.copies) == (1, 1)
    original, copy = _rows(db, "select id, copy_of, copy_similarity from articles order by seq")
    assert original[1] is None
    assert copy[1] == original[0] and copy[2] >= 800


def test_an_earlier_published_copy_becomes_the_origin_of_the_group(db: str, tmp_path: Path) -> None:
    later = _near_copy(tmp_path, "later", published="2018-03-01")
    ingest([str(later)], db=db)
    ingest([str(_near_copy(tmp_path, "copy_of_later", published="2018-03-02"))], db=db)
    ingest([str(SEED_000)], db=db)  # its sidecar is not beside it here: no date, so ingest order decides
    first = _near_copy(tmp_path, "first", published="2018-02-13")
    first.write_text(first.read_text(encoding="utf-8") + "\n\nAn extra closing line.", encoding="utf-8")
    ingest([str(first)], db=db)
    rows = dict(_rows(db, "select id, copy_of from articles"))
    origins = {article_id for article_id, copy_of in rows.items() if copy_of is None}
    assert len(origins) == 1
    (origin,) = origins
    assert _rows(db, f"select published from articles where id = '{origin}'") == [("2018-02-13",)]
    assert all(copy_of in (None, origin) for copy_of in rows.values())


def test_unreadable_items_are_recorded_and_the_run_goes_on(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text \xff" * 50)
    (folder / "empty.html").write_bytes(b"   ")
    (folder / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n")
    shutil.copy(SEED_004, folder / "good.txt")
    report = ingest([str(folder)], db=db)
    assert report.added == 1
    reasons = {Path(error.origin).name: error.reason for error in report.errors}
    assert set(reasons) == {"binary.txt", "empty.html", "broken.txt.gz", "image.png"}
    assert "binary" in reasons["binary.txt"] and "gzip" in reasons["broken.txt.gz"]
    assert "unsupported file type .png" in reasons["image.png"]
    assert _rows(db, "select count(*) from ingest_errors") == [(4,)]
    ingest([str(folder)], db=db)
    assert _rows(db, "select count(*) from ingest_errors") == [(4,)]


def test_fakes_csv_sample_goes_in_with_outlets_and_event_metadata(db: str) -> None:
    report = ingest([str(SAMPLES / "fakes-sample.csv")], db=db)
    assert report.added + report.duplicates == 29 and not report.errors
    outlets = {row[0] for row in _rows(db, "select outlet from articles")}
    assert {"ahram", "sputnik", "trt", "jordantimes"} <= outlets
    extra = json.loads(_rows(db, "select extra from articles where title like 'Death toll in bomb attack on Syria evacuees%'")[0][0])
    assert extra["event_date"] == "4/15/17" and extra["location"] == "aleppo"
