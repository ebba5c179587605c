"""Incremental linking equals a full relink.

A store holds seed 000 and two FA-KES articles, linked; seed 004 and three
more FA-KES articles come in (two of them published before stored articles
they share passages with, so stored passages must turn around). The
incremental run must give every link table exactly the rows a full relink
of the same store gives, keep the rows of what the new articles do not touch,
and fall back to a full rebuild when a stored article was re-analysed.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.link.incremental import new_articles
from crosswire.link.incremental_text import MAX_DF, edges_to_refind, update_edges, update_passages
from crosswire.link.copies import find_shared_passages
from crosswire.link.provenance import provenance_edges
from crosswire.link.records import ArticleText
from crosswire.store.links import LINK_TABLES
from tests.paths import REPO, SEED_000, SEED_004

FAKES = REPO / "tests" / "data" / "link" / "fakes_copies.jsonl"
FIRST = ("1923102891", "1926479264")  # stored first; 1923848285 and 1926479354 are earlier sources of these


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _tables(db: Path) -> dict[str, set[tuple[Any, ...]]]:
    with sqlite3.connect(db) as connection:
        return {table.name: set(connection.execute(f"SELECT * FROM {table.name}")) for table in LINK_TABLES}


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("incremental")
    first, second = folder / "first.jsonl", folder / "second.jsonl"
    rows = _rows(FAKES)
    first.write_text("".join(json.dumps(r) + "\n" for r in rows if r["id"] in FIRST), encoding="utf-8")
    second.write_text("".join(json.dumps(r) + "\n" for r in rows if r["id"] not in FIRST), encoding="utf-8")
    db, full = folder / "store.sqlite", folder / "full.sqlite"
    _cli("ingest", str(SEED_000), str(first), "--db", str(db), "-q")
    _cli("analyze", "--db", str(db), "-q")
    _cli("link", "--db", str(db))
    before = _tables(db)
    _cli("ingest", str(SEED_004), str(second), "--db", str(db), "-q")
    _cli("analyze", "--db", str(db), "-q")
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(db, full)
    incremental_output = _cli("link", "--db", str(db))
    full_output = _cli("link", "--full", "--db", str(full))
    return {"db": db, "full": full, "before": before, "incremental": incremental_output, "full_output": full_output}


def test_the_second_run_links_only_the_new_articles(stores: dict[str, Any]) -> None:
    assert "(4 new," in stores["incremental"]
    assert "new," not in stores["full_output"]


def test_incremental_rows_equal_a_full_relink(stores: dict[str, Any]) -> None:
    incremental, full = _tables(stores["db"]), _tables(stores["full"])
    assert incremental["events"], "the new articles must make or join events"
    for name in incremental:
        assert incremental[name] == full[name], name


def test_new_earlier_sources_turn_stored_passages_around(stores: dict[str, Any]) -> None:
    with sqlite3.connect(stores["db"]) as connection:
        ids = {extra_id: article_id for article_id, extra_id in connection.execute(
            "SELECT id, json_extract(extra, '$.id') FROM articles")}
        passages = set(connection.execute("SELECT article_id, origin_article_id FROM shared_passages"))
    assert (ids["1923102891"], ids["1923848285"]) in passages  # stored article, new (earlier) origin
    assert (ids["1926479264"], ids["1926479354"]) in passages


def test_events_the_new_articles_do_not_touch_keep_their_rows(stores: dict[str, Any]) -> None:
    after = _tables(stores["db"])
    mentions_after = {(article, position): event for article, position, event in after["event_mentions"]}
    kept = 0
    for article, position, event in stores["before"]["event_mentions"]:
        members = {key for key, found in mentions_after.items() if found == event}
        if mentions_after.get((article, position)) == event and all(key[0] == article for key in members):
            kept += 1
            assert any(row[0] == event for row in after["events"])
    assert kept > 0
    assert stores["before"]["events"] & after["events"], "untouched events are not rewritten with other values"


def test_a_reanalysed_article_forces_a_full_rebuild() -> None:
    stored = {"a": "1:x", "b": "1:y"}
    assert new_articles(expected={"a": "1:x", "b": "1:y", "c": "1:z"}, stored=stored, last_version="1",
                        version="1") == {"c"}
    assert new_articles(expected={"a": "1:x", "b": "1:changed", "c": "1:z"}, stored=stored, last_version="1",
                        version="1") is None
    assert new_articles(expected={"a": "1:x", "c": "1:z"}, stored=stored, last_version="1", version="1") is None
    assert new_articles(expected={"a": "1:x", "b": "1:y"}, stored=stored, last_version="1", version="1") is None
    assert new_articles(expected={"a": "1:x", "b": "1:y", "c": "1:z"}, stored=stored, last_version="0",
                        version="1") is None


def _articles() -> list[ArticleText]:
    return [ArticleText(id=r["id"], outlet=r["outlet"], published=r["published"], title=None, text=r["text"], seq=i)
            for i, r in enumerate(_rows(FAKES))]


@pytest.mark.parametrize("new", [set(pair) for pair in combinations([r["id"] for r in _rows(FAKES)], 2)])
def test_passages_and_edges_of_any_split_equal_the_full_functions(new: set[str]) -> None:
    articles = _articles()
    old = [a for a in articles if a.id not in new]
    stored_passages = find_shared_passages(old)
    stored_edges: dict[str, list[Any]] = {}
    for edge in provenance_edges(old, {}, stored_passages):
        stored_edges.setdefault(edge.article_id, []).append(edge)
    passages, realigned = update_passages(articles, new_ids=new, stored=stored_passages)
    expected = find_shared_passages(articles)
    assert passages == expected
    refind = edges_to_refind(articles, new_ids=new, realigned=realigned, passages=[*stored_passages, *passages],
                             stored=stored_edges)
    edges = update_edges(articles, {}, passages, refind=refind, stored=stored_edges)
    by_article = {a.id: [e for e in edges if e.article_id == a.id] for a in articles}
    assert by_article == {a.id: [e for e in provenance_edges(articles, {}, expected) if e.article_id == a.id]
                          for a in articles}


def test_a_new_article_that_makes_a_passage_boilerplate_removes_its_stored_pairs() -> None:
    """When the new article is one more holder of a passage already in `MAX_DF` articles, the passage becomes
    boilerplate: a full run no longer pairs the stored articles through it, and neither may the update."""
    text = _rows(FAKES)[0]["text"]
    shared = " ".join(text.split()[:40])
    articles = [ArticleText(id=f"a{i:03}", outlet="x", published=None, title=None, seq=i,
                            text=f"{shared} Story number {i} about item {i * 7919} ends here.")
                for i in range(MAX_DF + 1)]
    old = articles[:-1]
    stored = find_shared_passages(old)
    assert stored, "before, the passage is shared, not boilerplate"
    passages, _ = update_passages(articles, new_ids={articles[-1].id}, stored=stored)
    assert passages == find_shared_passages(articles) == []
