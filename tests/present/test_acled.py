"""ACLED-style rows of the seeds' events: dates, places, actors, and the
conservative fatality count with the reported range in the notes."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.present.acled import ACLED_EVENT_TYPES, COLUMNS, acled_event_type, event_date
from crosswire.understand import event_types
from tests.paths import SEEDS

runner = CliRunner()


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def seeds(seeds_db: str) -> tuple[list[dict[str, str]], dict[str, Any]]:
    db = seeds_db
    rows = list(csv.DictReader(io.StringIO(_invoke("export", "--db", db, "--format", "acled"))))
    export: dict[str, Any] = json.loads(_invoke("export", "--db", db))
    return rows, export


def test_one_row_per_event_with_acled_columns(seeds: tuple[list[dict[str, str]], dict[str, Any]]) -> None:
    rows, export = seeds
    assert rows and list(rows[0]) == list(COLUMNS)
    assert sorted(row["event_id_cnty"] for row in rows) == sorted(event["id"] for event in export["events"])
    assert all(row["event_type"] in ACLED_EVENT_TYPES for row in rows)


def test_the_7_february_event_in_deir_ez_zor(seeds: tuple[list[dict[str, str]], dict[str, Any]]) -> None:
    rows, export = seeds
    events = {event["id"]: event for event in export["events"]}
    february = [row for row in rows if row["event_date"] == "2018-02-07"]
    assert february, rows
    for row in february:
        event = events[row["event_id_cnty"]]
        killed = event["figures"]["killed"]
        assert row["admin1"] == "Deir ez-Zor" and row["country"] == "Syria" and row["location"] == "Deir ez-Zor"
        assert row["year"] == "2018" and row["time_precision"] == "1"
        assert 35 < float(row["latitude"]) < 36 and 40 < float(row["longitude"]) < 41
        # fatalities: the conservative value, never the best estimate; the range goes to the notes
        assert int(row["fatalities"]) == killed["low"] < killed["best"]
        span = f"{killed['low']} or more" if killed["high"] is None else f"{killed['low']} to {killed['high']}"
        assert f"Fatalities range {span}, best estimate {killed['best']}" in row["notes"]
        assert "lowest reported count" in row["notes"] and "Corroboration: " in row["notes"]
        assert "via Bloomberg: killed" in row["notes"]
        assert row["actor1"] and row["actor2"] and row["actor1"] != row["actor2"]
        assert row["actor1"] not in row["assoc_actor_2"].split("; ")
        assert "US partisan blog (seed 000)" in row["source"]


def test_an_event_without_a_death_toll_has_zero_fatalities(seeds: tuple[list[dict[str, str]], dict[str, Any]]) -> None:
    rows, export = seeds
    no_toll = {event["id"] for event in export["events"] if "killed" not in event["figures"]}
    assert no_toll
    for row in rows:
        if row["event_id_cnty"] in no_toll:
            assert row["fatalities"] == "0" and "Fatalities range" not in row["notes"]


def test_acled_to_a_file(tmp_path: Path) -> None:
    db = str(tmp_path / "store.sqlite")
    _invoke("ingest", str(SEEDS), "--db", db, "-q")
    _invoke("export", "--db", db, "--format", "acled", "--out", str(tmp_path / "events.csv"))
    assert (tmp_path / "events.csv").read_text(encoding="utf-8").splitlines() == [",".join(COLUMNS)]


def test_every_type_the_understand_stage_emits_is_an_acled_type() -> None:
    emitted = {event_types.BATTLES, event_types.EXPLOSIONS, event_types.VIOLENCE_AGAINST_CIVILIANS,
               event_types.STRATEGIC, event_types.PROTESTS, event_types.RIOTS}
    assert {acled_event_type(name) for name in emitted} == emitted == set(ACLED_EVENT_TYPES)
    assert acled_event_type("explosions / remote violence") == "Explosions/Remote violence"
    assert acled_event_type("Looting") == "Strategic developments"


def test_dates_of_weeks_and_months_start_their_period() -> None:
    assert event_date("2018-02-07", "day") == (date(2018, 2, 7), 1)
    assert event_date("2018-02-10", "week") == (date(2018, 2, 10), 2)
    assert event_date("2018-W06", "week") == (date(2018, 2, 5), 2)
    assert event_date("2018-02", "month") == (date(2018, 2, 1), 3)
    assert event_date("2018", "year") == (date(2018, 1, 1), 3)
    assert event_date("PRESENT_REF", None) == (None, None) and event_date(None, None) == (None, None)
