"""`crosswire eval fakes` on the first 20 FA-KES dev rows (tests/data/figures, CC BY 4.0)."""

from __future__ import annotations

from pathlib import Path

from crosswire.evaluate.fakes import score_fakes

FAKES_SAMPLE = Path(__file__).resolve().parents[1] / "data" / "figures" / "fakes-sample.csv"


def test_the_publication_date_baseline_is_scored_beside_the_event_date() -> None:
    scores = score_fakes(FAKES_SAMPLE)
    assert scores["n"] == 20
    # Read by hand: 19 of the 20 rows are annotated with the date of their own
    # dateline; 1918150031 ("Posted on April 2 2017") with March 25.
    assert scores["baseline_date_acc"] == 0.95
    assert scores["date_acc"] >= 0.7
    assert scores["date_within_1_day"] >= scores["date_acc"]


def test_the_scored_toll_actor_and_cause_are_what_the_product_stores_and_exports(tmp_path: Path) -> None:
    """The scorer reads the article's lead summary, so `crosswire export`
    gives the user the same toll, attacker class and cause that were scored."""
    import json

    from typer.testing import CliRunner

    from crosswire.cli import app
    from crosswire.evaluate.fakes import predict
    from crosswire.evaluate.fakes_data import read_fakes_rows

    db = str(tmp_path / "store.sqlite")
    runner = CliRunner()
    for command in (["ingest", str(FAKES_SAMPLE), "--db", db, "-q"], ["analyze", "--db", db, "-q"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["export", "--db", db])
    assert result.exit_code == 0, result.output
    exported = json.loads(result.output)["articles"]
    rows = read_fakes_rows(FAKES_SAMPLE)
    predictions = list(predict(rows))
    by_text = {article["text"]: article["lead"] for article in exported}
    compared = [(by_text[row.text], p) for row, p in zip(rows, predictions) if row.text in by_text]
    assert len(compared) >= 18
    for lead, prediction in compared:
        assert (lead["death_toll"], lead["attacker_class"], lead["cause"]) == (
            prediction.deaths, prediction.actor, prediction.cause)
    # and they are right where the scorer says so: 18 of the 20 tolls are FA-KES's
    assert sum(p.deaths == row.deaths for row, p in zip(rows, predictions)) == 18
