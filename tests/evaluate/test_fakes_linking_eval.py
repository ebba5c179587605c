"""FA-KES linking gold pairs, strict (same annotated date) and relaxed (dates a
day apart), on hand-made rows (no article text is needed for the gold)."""

from __future__ import annotations

from datetime import date

from crosswire.evaluate.fakes_data import FakesRow
from crosswire.evaluate.fakes_linking import gold_pairs, pair_scores


def _row(day: int | None, governorate: str = "aleppo", cause: str = "shelling") -> FakesRow:
    return FakesRow(unit_id=str(day), text="x", published=None, deaths=1, governorate=governorate, actor="unknown",
                    cause=cause, event_date=date(2017, 4, day) if day else None)


def test_relaxed_gold_joins_dates_a_day_apart_and_nothing_else() -> None:
    rows = [_row(15), _row(15), _row(16), _row(18), _row(15, governorate="idlib"), _row(16, cause="explosion"), _row(None)]
    assert gold_pairs(rows) == {(0, 1)}
    assert gold_pairs(rows, slack_days=1) == {(0, 1), (0, 2), (1, 2)}


def test_pair_scores() -> None:
    assert pair_scores({(0, 1), (0, 2)}, {(0, 1), (1, 2), (2, 3)}) == {
        "pairs_gold": 3, "precision": 0.5, "recall": 0.3333, "f1": 0.4}
    assert pair_scores(set(), {(0, 1)})["f1"] == 0.0
