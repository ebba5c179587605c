"""What the export says about the seed articles once they are linked: one
7 February event reported by both seeds, kept apart from the tank strike and
the 27 February strike; Bloomberg's claimants as origins however many
outlets relay them; the killed range over those origins; the grades.

The seeds never both credit Bloomberg, so one test adds a third article to
a copy of the store: the Bloomberg paragraphs of seed 000 republished by
another outlet (the same words, so the same origins: they must not count
again)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.present.export import CONTRACT_FIELDS
from crosswire.store.links import LINK_TABLES
from tests.paths import SEED_000


@pytest.fixture(scope="module")
def store(seeds_db: str) -> str:
    return seeds_db


@pytest.fixture(scope="module")
def export(seeds_export: dict[str, Any]) -> dict[str, Any]:
    return seeds_export


def _article_id(export: dict[str, Any], title_start: str) -> str:
    return next(a["id"] for a in export["articles"] if (a["title"] or "").startswith(title_start))


def _feb_7(export: dict[str, Any]) -> dict[str, Any]:
    found = [e for e in export["events"] if e["date"] == "2018-02-07"]
    assert len(found) == 1, found
    return found[0]


def _claim(export: dict[str, Any], article_id: str, words: str) -> dict[str, Any]:
    return next(c for c in export["claims"] if c["article_id"] == article_id and words in c["text"])


def test_the_7_february_attack_is_one_event_of_both_seeds(export: dict[str, Any]) -> None:
    event = _feb_7(export)
    seeds = {_article_id(export, "JUST IN"), _article_id(export, "US-Led Coalition")}
    assert seeds <= set(event["article_ids"])
    assert event["location"]["admin1"] == "Deir ez-Zor" and event["date_precision"] == "day"
    assert {m["article_id"] for m in event["mentions"]} == set(event["article_ids"])


def test_an_events_actors_are_each_named_once_in_their_usual_role(export: dict[str, Any]) -> None:
    for event in export["events"]:
        names = [actor["name"] for actor in event["actors"]]
        assert len(names) == len(set(names)), event["actors"]
    feb_27 = next(e for e in export["events"] if e["date"] == "2018-02-27")
    roles = {actor["name"]: actor["role"] for actor in feb_27["actors"]}
    assert roles["US-led coalition"] == "initiator" and roles["Syrian government forces"] == "target"


def test_the_tank_strike_and_the_27_february_strike_are_separate_events(export: dict[str, Any]) -> None:
    feb_7 = _feb_7(export)["id"]
    tank = _claim(export, _article_id(export, "JUST IN"), "destroy a Russian tank")["event_id"]
    feb_27 = [e["id"] for e in export["events"] if e["date"] == "2018-02-27"]
    assert len(feb_27) == 1
    assert len({feb_7, tank, feb_27[0]}) == 3
    story = next(s for s in export["stories"] if feb_7 in s["event_ids"])
    assert {tank, feb_27[0]} <= set(story["event_ids"])  # one developing story, three events


def test_two_claimants_inside_bloomberg_are_two_origins(export: dict[str, Any]) -> None:
    seed = _article_id(export, "JUST IN")
    more_than_200 = _claim(export, seed, "More than 200 contract soldiers")["origin"]
    about_100 = _claim(export, seed, "put the death toll at about 100")["origin"]
    assert more_than_200["report"] == about_100["report"] == "Bloomberg"
    assert more_than_200["key"] != about_100["key"]


def test_bloomberg_relayed_by_another_outlet_adds_figures_but_no_origin(
    store: str, export: dict[str, Any], tmp_path: Path
) -> None:
    copy = str(tmp_path / "relayed.sqlite")
    with sqlite3.connect(store) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    text = SEED_000.read_text(encoding="utf-8")
    relay = tmp_path / "relay"
    relay.mkdir()
    (relay / "relay.txt").write_text(text[text.index("BLOOMBERG") : text.index("The Russian assault")], encoding="utf-8")
    (relay / "relay.meta.json").write_text(
        json.dumps({"outlet": "wire relay (test)", "published": "2018-02-15", "title": "Russians killed in Syria"}),
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(app, ["run", str(relay), "--db", copy, "-q"]).exit_code == 0
    relayed = json.loads(runner.invoke(app, ["export", "--db", copy]).output)
    seed, relay_id = _article_id(relayed, "JUST IN"), _article_id(relayed, "Russians killed")
    for words in ("More than 200 contract soldiers", "put the death toll at about 100"):
        assert _claim(relayed, relay_id, words)["origin"]["key"] == _claim(relayed, seed, words)["origin"]["key"]
    before = _feb_7(export)
    after = next(e for e in relayed["events"] if seed in e["article_ids"] and e["date"] == "2018-02-07")
    assert relay_id in after["article_ids"]

    def killed(data: dict[str, Any], event: dict[str, Any]) -> int:
        return sum(1 for f in data["figures"] if f["event_id"] == event["id"] and f["category"] == "killed")

    assert killed(relayed, after) > killed(export, before)
    assert after["figures"]["killed"]["origins"] <= before["figures"]["killed"]["origins"]


def test_killed_range_counts_each_origin_once(export: dict[str, Any]) -> None:
    event = _feb_7(export)
    killed_figures = [f for f in export["figures"] if f["event_id"] == event["id"] and f["category"] == "killed"]
    assert len(killed_figures) == 5
    killed = event["figures"]["killed"]
    assert killed["origins"] == 4  # Bloomberg's three claimants and seed 004's own reporting
    assert killed["contested"] is True  # "more than 200" against "about 100"
    assert (killed["low"], killed["high"]) == (90, None) and 90 <= killed["best"] <= 201


def test_grades_the_7_february_event_and_the_militarys_denial(export: dict[str, Any]) -> None:
    event = _feb_7(export)
    assert event["corroboration"] == "contested"
    denial = _claim(export, _article_id(export, "JUST IN"), "nothing to do with the attack")
    assert denial["kind"] == "denial" and denial["event_id"] == event["id"]
    for other in export["events"]:
        if other["id"] != event["id"]:
            assert other["corroboration"] == "single-source" and len(other["article_ids"]) == 1


def test_export_keeps_the_contract_and_points_at_linked_events(export: dict[str, Any]) -> None:
    events = {e["id"] for e in export["events"]}
    for name, fields in CONTRACT_FIELDS.items():
        for record in export[name]:
            assert set(fields) <= set(record), (name, record)
    for event in export["events"]:
        for summary in event["figures"].values():
            assert set(summary) == {"low", "best", "high", "origins", "contested"}
    assert all(c["event_id"] in events for c in export["claims"] if c["event_id"] is not None)
    assert all(f["event_id"] in events for f in export["figures"] if f["event_id"] is not None)
    assert all(set(s["event_ids"]) <= events for s in export["stories"])


def test_linking_again_changes_nothing(store: str) -> None:
    def tables() -> dict[str, list[tuple[object, ...]]]:
        with sqlite3.connect(store) as connection:
            return {t.name: sorted(connection.execute(f"select * from {t.name}").fetchall(), key=repr)
                    for t in LINK_TABLES}

    before = tables()
    result = CliRunner().invoke(app, ["link", "--db", store])
    assert result.exit_code == 0 and "nothing new" in result.output
    assert tables() == before


def test_a_figure_outside_the_claimants_words_is_the_reports_own(export: dict[str, Any]) -> None:
    # "amid unconfirmed reports that more than 100 Russians had been killed, the Kremlin denied ..."
    origin_of = {figure["text"]: figure["origin"] for figure in export["figures"]}
    assert origin_of["more than 100"]["claimant"] is None
    assert origin_of["several dozen"]["claimant"] == "Kremlin"
    assert origin_of["More than 200"]["claimant"] == "two of the Russians"


def test_seed_004s_unconfirmed_reports_probably_rest_on_bloomberg(export: dict[str, Any]) -> None:
    """Bloomberg as the shared origin of the seeds: seed 004 never names it, but its "unconfirmed
    reports that more than 100 Russians had been killed" fit Bloomberg's earlier report of the event."""
    event, repost = _feb_7(export), _article_id(export, "US-Led Coalition")
    figure = next(f for f in export["figures"] if f["article_id"] == repost and f["text"] == "more than 100")
    assert figure["event_id"] == event["id"]
    assert figure["origin"]["report"] != "Bloomberg" and figure["origin"]["claimant"] is None  # as the text says
    probable = figure["probable_origin"]
    assert probable["inferred"] is True and probable["report"] == "Bloomberg"
    assert "unconfirmed reports" in probable["reason"]
    evidence = next(f for f in export["figures"] if f["id"] == probable["figure_id"])
    assert evidence["article_id"] == _article_id(export, "JUST IN") and evidence["origin"]["key"] == probable["key"]
    own = next(f for f in export["figures"] if f["article_id"] == repost and f["text"] == "hundreds"
               and f["category"] == "killed")
    assert own["probable_origin"] is None  # the blog's own words, not said to be reported


def test_bloombergs_joint_claimants_are_separate_origins(export: dict[str, Any]) -> None:
    seed = _article_id(export, "JUST IN")
    joint = _claim(export, seed, "killed scores of Russian mercenaries")["origin"]
    official = _claim(export, seed, "put the death toll at about 100")["origin"]
    assert [p["key"] for p in joint["parts"]] == [official["key"], "Bloomberg|three russians familiar with the matter"]
