"""`crosswire report` on the two seed articles: events with their figure
ranges, grades and the claimants behind the numbers, before linking (one
event per article frame) and after it (stories)."""

from __future__ import annotations

import copy
import io
import json
import sqlite3
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.present.event_views import event_views, range_text, story_views
from crosswire.present.summary import print_summary
from crosswire.present.terminal import event_table, report_console
from tests.paths import SEEDS

runner = CliRunner()


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _flat(text: str) -> str:
    return " ".join(text.replace("|", " ").replace("│", " ").split())


@pytest.fixture(scope="module")
def unlinked_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("seeds") / "unlinked.sqlite")
    _invoke("ingest", str(SEEDS), "--db", db, "-q")
    _invoke("analyze", "--db", db, "-q")
    return db


@pytest.fixture(scope="module")
def linked_db(unlinked_db: str) -> str:
    db = str(Path(unlinked_db).with_name("linked.sqlite"))
    with sqlite3.connect(unlinked_db) as source, sqlite3.connect(db) as target:
        source.backup(target)
    _invoke("link", "--db", db, "-q")
    return db


def test_piped_report_is_plain_text_with_events_ranges_and_claimants(unlinked_db: str) -> None:
    output = _invoke("report", "--db", unlinked_db)
    assert "\x1b[" not in output and "┃" not in output  # no colours or box drawing when piped
    assert "|---" in output  # Markdown-style rows instead
    flat = _flat(output)
    assert "2 articles from 2 outlets" in flat and "4 events (not linked across articles yet)" in flat
    assert "Main events" in flat
    lines = [_flat(line) for line in output.splitlines()]
    # date, place and type stacked in the first cell; the article's range beside them
    assert any(line.startswith("2018-02-07 killed 40+ ~119 contested single-source") for line in lines)
    assert any(line.startswith("Deir ez-Zor, Syria injured 25-300 ~137") for line in lines)
    assert any(line.startswith("2018-02-07 killed 101+ ~350 single-source") for line in lines)
    assert "The U.S. official via Bloomberg: killed 90-110, injured 200-300" in flat
    assert "two of the Russians via Bloomberg: killed 201+" in flat
    assert "the Kremlin: killed 101+, casualties 36-99" in flat
    assert "Outlets" in flat and "US partisan blog (seed 000) 1 2018-02-14" in flat


def test_linked_report_shows_the_story_and_the_merged_event(linked_db: str) -> None:
    export = json.loads(_invoke("export", "--db", linked_db))
    assert export["stories"], "the two seeds report the same 7 February event"
    merged = max(export["events"], key=lambda e: len(e["article_ids"]))
    assert len(merged["article_ids"]) == 2
    flat = _flat(_invoke("report", "--db", linked_db))
    assert "Main events, by story" in flat and "Story 1:" in flat and "linking has not run" not in flat
    assert "2 articles: " in flat and "US partisan blog (seed 000)" in flat and "blog repost (seed 004)" in flat
    # the report's range is the export's, and both seeds' claimants now sit under one event
    assert f"killed {range_text(merged['figures']['killed'])}" in flat
    assert str(merged["corroboration"]) in flat
    assert "via Bloomberg: killed" in flat
    # "amid unconfirmed reports that more than 100 ... had been killed, the Kremlin denied": not the Kremlin's figure
    assert "the Kremlin: killed 101+" not in flat
    # the repost's unnamed "unconfirmed reports" of more than 100 dead, traced to the earlier Bloomberg figure
    labels = [claimant.label() for view in event_views(export) if view.id == merged["id"] for claimant in view.claimants]
    repost = next(label for label in labels if label.startswith("blog repost (seed 004) (own reporting)"))
    assert "killed 101+ (probably " in repost and " via Bloomberg, inferred)" in repost


def test_a_terminal_gets_rich_tables(unlinked_db: str) -> None:
    terminal = Console(file=io.StringIO(), force_terminal=True, width=120)
    assert report_console(terminal) is terminal
    buffer = io.StringIO()
    print_summary(db=unlinked_db, console=Console(file=buffer, force_terminal=True, width=130, color_system=None))
    text = buffer.getvalue()
    assert "┃ event" in text and "figures (low-high ~best)" in text and "|---" not in text
    assert "two of the Russians via Bloomberg: killed 201+" in _flat(text)


def test_claimants_with_death_tolls_come_first_and_the_outlet_speaks_for_itself(unlinked_db: str) -> None:
    export = json.loads(_invoke("export", "--db", unlinked_db))
    repost = next(v for v in event_views(export) if v.event.get("main") and v.outlets == ("blog repost (seed 004)",))
    labels = [claimant.label() for claimant in repost.claimants]
    assert labels[0] == "the Kremlin: killed 101+, casualties 36-99"
    assert "blog repost (seed 004) (own reporting): killed 200-999, casualties 200-999" in labels
    assert all(claimant.figures for claimant in repost.claimants[:2])
    assert not any(claimant.figures for claimant in repost.claimants[2:])


def test_stories_group_their_events_and_the_rest_follow(unlinked_db: str) -> None:
    """Independent of the link stage: a story made by hand from the seeds' two main events."""
    export = copy.deepcopy(json.loads(_invoke("export", "--db", unlinked_db)))
    mains = [e for e in export["events"] if e.get("main")]
    export["stories"] = [{"id": "s1", "title": "Strikes near Deir ez-Zor", "event_ids": [e["id"] for e in mains],
                          "article_ids": [a for e in mains for a in e["article_ids"]]}]
    stories = story_views(export, event_views(export))
    assert [story.story is None for story in stories] == [False, True]
    assert {view.id for view in stories[0].events} == {e["id"] for e in mains}
    assert len(stories[1].events) == len(export["events"]) - len(mains)
    console = Console(file=io.StringIO(), force_terminal=True, width=130, color_system=None)
    console.print(event_table(console, title="Story 1", events=list(stories[0].events), hidden=3))
    text = _flat(console.file.getvalue())  # type: ignore[attr-defined]
    assert "single-source" in text and "1 origin" in text and "and 3 more events" in text


def test_places_are_counted_as_gazetteer_places_not_entity_strings(unlinked_db: str) -> None:
    output = _invoke("report", "--db", unlinked_db)
    rows = [_flat(line) for line in output[output.index("Most mentioned places"):].splitlines()]
    # seed 000 writes "U.S." and "US": one place; Deir Ezzor shown with its country
    assert any(row.startswith("United States 2 ") for row in rows)
    assert not any(row.startswith(("US ", "U.S. ")) for row in rows)
    assert any(row.startswith("Deir ez-Zor (Syria) 2 ") for row in rows)


def test_range_text_reads_as_a_range() -> None:
    assert range_text({"low": 112, "best": 112, "high": 112, "origins": 1, "contested": False}) == "112"
    assert range_text({"low": 24, "best": 61, "high": 99, "contested": False}) == "24-99 ~61"
    assert range_text({"low": 40, "best": 119, "high": None, "contested": True}) == "40+ ~119 contested"
    assert range_text(None) == ""


def test_an_unanalysed_store_says_what_to_run(db: str) -> None:
    _invoke("ingest", str(SEEDS), "--db", db, "-q")
    output = _invoke("report", "--db", db)
    assert "0 events" in output and "run 'crosswire analyze'" in output


def test_the_report_headline_never_shows_a_database_password() -> None:
    from crosswire.present.summary import _headline

    counts = {"articles": 2, "copies": 0, "ingest_errors": 0}
    line = _headline("postgresql://analyst:s3cret@127.0.0.1:5432/news", counts, [], {"events": [], "stories": []})
    assert "s3cret" not in line and "analyst" in line and "127.0.0.1:5432/news" in line
