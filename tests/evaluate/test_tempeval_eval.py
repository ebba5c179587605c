from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crosswire.errors import InputError
from crosswire.evaluate.tempeval import (
    GoldTimex,
    TimemlDocument,
    load_corpus,
    match_pairs,
    read_timeml,
    score_predictions,
    score_tempeval,
)
from crosswire.understand.records import TimeExpression
from tests.paths import shared_data

TIMEX_DATA = Path(__file__).resolve().parents[1] / "data" / "timex"
# Floors on the AQUAINT half of TempEval-3 (497 gold DATE/TIME); crosswire
# scored span F1 0.940 and value F1 0.768 there when they were set, and value
# F1 0.803 on all 257 TimeBank + AQUAINT documents.
AQUAINT_SPAN_FLOOR = 0.92
AQUAINT_VALUE_FLOOR = 0.75


def test_timeml_text_offsets_point_at_the_gold_words() -> None:
    document = read_timeml(TIMEX_DATA / "APW20000106.0064.tml")
    assert document is not None
    assert document.created == dt.date(2000, 1, 6)
    assert [(gold.text, gold.value) for gold in document.gold] == [
        ("Wednesday night", "2000-01-05"),
        ("now", "PRESENT_REF"),
        ("late November", "1999-11"),
        ("Wednesday", "2000-01-05"),
        ("Jan. 14", "2000-01-14"),
        ("Wednesday", "2000-01-05"),
    ]  # "one minute" (DURATION) and the creation time are not scored
    for gold in document.gold:
        assert document.text[gold.start : gold.end] == gold.text
    assert "&amp;" not in document.text and "<EVENT" not in document.text


def test_relaxed_matching_pairs_overlaps_one_to_one() -> None:
    gold = [GoldTimex(10, 20, "late November", "DATE", "1999-11"), GoldTimex(30, 37, "Jan. 14", "DATE", "2000-01-14")]
    wide = TimeExpression(5, 40, "x", "1999-11", "month")
    assert [(g.text, s.value) for g, s in match_pairs(gold, [wide])] == [("late November", "1999-11")]
    inner = TimeExpression(15, 20, "November", "1999-11", "month")
    document = TimemlDocument("d", " " * 40, dt.date(2000, 1, 6), tuple(gold))
    wrong_value = TimeExpression(30, 34, "Jan.", "2000-01", "month")
    spurious = TimeExpression(0, 3, "now", "PRESENT_REF", "day")
    scores = score_predictions([document], [[inner, wrong_value, spurious]])
    # Spans: 2 of 3 system, 2 of 2 gold; values: 1 of 3, 1 of 2.
    assert scores == {"n": 2, "n_system": 3, "span_f1": 0.8, "value_f1": 0.4}


def test_fixtures_score_as_measured() -> None:
    scores = score_tempeval(TIMEX_DATA)
    assert scores["n"] == 11
    assert scores["span_f1"] == 1.0
    # The one miss: gold "Wednesday night" is a plain date, crosswire says 2000-01-05TNI.
    assert scores["value_f1"] == pytest.approx(10 / 11, abs=1e-4)


def test_a_folder_without_timeml_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "notes.tml").write_text("<TimeML><DOCID>x</DOCID></TimeML>", encoding="utf-8")
    with pytest.raises(InputError):
        load_corpus(tmp_path)
    with pytest.raises(InputError):
        load_corpus(tmp_path / "missing")


def test_aquaint_floor() -> None:
    scores = score_tempeval(shared_data("tempeval3") / "AQUAINT")
    assert scores["n"] == 497
    assert scores["span_f1"] >= AQUAINT_SPAN_FLOOR
    assert scores["value_f1"] >= AQUAINT_VALUE_FLOOR
