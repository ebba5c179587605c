"""The command line on PostgreSQL: ingest, analyze, link, report and export the
seeds with `--db postgresql+psycopg://...`, and the export equals SQLite's."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from tests.paths import SAMPLES, SEEDS

runner = CliRunner()
# Seeds plus the first CSV rows: enough for copies, events across articles and stories, in seconds.
CSV_ROWS = 4


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _inputs(folder: Path) -> list[str]:
    with (SAMPLES / "fakes-sample.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    subset = folder / "fakes-subset.csv"
    with subset.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows[: CSV_ROWS + 1])
    return [str(SEEDS), str(subset)]


def _pipeline(db: str, inputs: list[str], out: Path) -> dict[str, Any]:
    for command in (["ingest", *inputs], ["analyze"], ["link"]):
        _invoke(*command, "--db", db, "--quiet")
    again = " ".join(_invoke("ingest", *inputs, "--db", db).split())
    assert "0 new articles" in again and f"{CSV_ROWS + 2} already stored" in again
    assert "Main events" in _invoke("report", "--db", db)
    _invoke("export", "--db", db, "--format", "csv", "--out", str(out / "csv"))
    _invoke("export", "--db", db, "--format", "geojson", "--out", str(out / "events.geojson"))
    return dict(json.loads(_invoke("export", "--db", db)))


@pytest.mark.postgres
def test_postgres_store_exports_what_sqlite_exports(postgres_db: str, tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    from_sqlite = _pipeline(str(tmp_path / "store.sqlite"), inputs, tmp_path / "sqlite")
    from_postgres = _pipeline(postgres_db.replace("postgresql+psycopg://", "postgresql://"), inputs, tmp_path / "pg")
    assert from_sqlite["events"] and from_sqlite["stories"] and from_sqlite["claims"]
    assert len(from_sqlite["articles"]) == CSV_ROWS + 2
    assert from_postgres == from_sqlite
    for name in sorted(p.name for p in (tmp_path / "sqlite" / "csv").iterdir()):
        sqlite_csv = (tmp_path / "sqlite" / "csv" / name).read_text(encoding="utf-8")
        assert (tmp_path / "pg" / "csv" / name).read_text(encoding="utf-8") == sqlite_csv, name
    geojson = (tmp_path / "sqlite" / "events.geojson").read_text(encoding="utf-8")
    assert (tmp_path / "pg" / "events.geojson").read_text(encoding="utf-8") == geojson
