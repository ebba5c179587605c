"""GeoJSON of the seeds' events: a valid FeatureCollection of [lon, lat] points."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crosswire.cli import app

runner = CliRunner()


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory, seeds_db: str) -> tuple[dict[str, Any], dict[str, Any], Path]:
    folder = tmp_path_factory.mktemp("seeds")
    db = seeds_db
    _invoke("export", "--db", db, "--format", "geojson", "--out", str(folder / "events.geojson"))
    collection = json.loads((folder / "events.geojson").read_text(encoding="utf-8"))
    return collection, json.loads(_invoke("export", "--db", db)), folder


def test_a_valid_feature_collection_of_points(seeds: tuple[dict[str, Any], dict[str, Any], Path]) -> None:
    collection, _, _ = seeds
    assert collection["type"] == "FeatureCollection" and collection["features"]
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and set(feature) >= {"geometry", "properties"}
        geometry = feature["geometry"]
        assert geometry["type"] == "Point" and len(geometry["coordinates"]) == 2
        lon, lat = geometry["coordinates"]
        assert isinstance(lon, float) and isinstance(lat, float) and -180 <= lon <= 180 and -90 <= lat <= 90


def test_deir_ez_zor_is_lon_then_lat(seeds: tuple[dict[str, Any], dict[str, Any], Path]) -> None:
    collection, export, _ = seeds
    events = {event["id"]: event for event in export["events"]}
    february = [f for f in collection["features"] if f["properties"]["date"] == "2018-02-07"]
    assert february
    for feature in february:
        lon, lat = feature["geometry"]["coordinates"]
        assert 40 < lon < 41 and 35 < lat < 36  # east of Greenwich, north of the equator: not swapped
        properties = feature["properties"]
        event = events[properties["event_id"]]
        assert properties["admin1"] == "Deir ez-Zor" and properties["country"] == "Syria"
        assert properties["killed_low"] == event["figures"]["killed"]["low"]
        assert properties["figures"] == event["figures"] and properties["corroboration"] == event["corroboration"]
        assert "US partisan blog (seed 000)" in properties["outlets"]


def test_events_without_a_place_are_counted_not_drawn(seeds: tuple[dict[str, Any], dict[str, Any], Path]) -> None:
    collection, export, _ = seeds
    unplaced = [e for e in export["events"] if not e["location"] or e["location"].get("lat") is None]
    assert unplaced, "the seed 000 frame dated the week of 10 February has no place"
    assert collection["crosswire"] == {"events": len(export["events"]), "events_without_coordinates": len(unplaced)}
    assert len(collection["features"]) == len(export["events"]) - len(unplaced)
    assert {f["id"] for f in collection["features"]}.isdisjoint(e["id"] for e in unplaced)


def test_geojson_on_stdout_is_the_same(seeds: tuple[dict[str, Any], dict[str, Any], Path], seeds_db: str) -> None:
    collection, _, _ = seeds
    assert json.loads(_invoke("export", "--db", seeds_db, "-f", "geojson")) == collection
