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
