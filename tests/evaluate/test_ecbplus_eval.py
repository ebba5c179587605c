"""ECB+ document grouping: reading, B-cubed, and two look-alike rehab stories
kept apart on the fixture (tests/data/ecbplus, CC BY 3.0)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from crosswire.errors import InputError
from crosswire.evaluate.ecbplus import (
    GRID, b_cubed, cross_validate, detokenise, document_mentions, read_ecbplus, score_ecbplus,
)
from tests.paths import REPO, shared_data

FIXTURE = REPO / "tests" / "data" / "ecbplus"


def test_reads_documents_with_gold_events_and_detokenised_text() -> None:
    documents = read_ecbplus(FIXTURE)
    assert [d.event for d in documents] == ["1ecb", "1ecbplus", "1ecb", "1ecbplus"]
    assert documents[0].text.startswith("Perennial party girl Tara Reid checked herself into Promises Treatment Center, her")
    assert "family's privacy" in documents[0].text
    assert detokenise(["6", ".", "1", "magnitude", ",", "at", "1", ":", "12", "PM", "."]) == "6.1 magnitude, at 1:12 PM."


def test_two_look_alike_rehab_check_ins_stay_apart() -> None:
    scores = score_ecbplus(FIXTURE)
    assert scores == {"n_docs": 4, "b3_precision": 1.0, "b3_recall": 1.0, "b3_f1": 1.0}


def test_b_cubed_counts_per_item() -> None:
    assert b_cubed(["a", "a", "b"], ["x", "x", "x"]) == pytest.approx((1.0, 5 / 9, 2 * 5 / 9 / (1 + 5 / 9)))
    assert b_cubed([1, 1, 1], ["x", "y", "y"])[0] == pytest.approx((1 / 3 + 2 / 3 + 2 / 3) / 3)


def test_a_folder_without_documents_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no ECB"):
        read_ecbplus(tmp_path)
    with pytest.raises(InputError, match="not a folder"):
        read_ecbplus(tmp_path / "missing")


def test_reads_the_whole_shared_copy() -> None:
    documents = read_ecbplus(shared_data("ecbplus"))
    assert len(documents) == 772 and len({d.event for d in documents}) == 66


def test_cross_validation_tunes_on_one_fold_and_scores_the_other() -> None:
    documents = read_ecbplus(FIXTURE)
    documents = [replace(d, topic=2, event=d.event.replace("1", "2")) if i < 2 else d for i, d in enumerate(documents)]
    scores = cross_validate(documents, document_mentions(documents), folds=2)
    assert scores["cv_folds"] == 2 and scores["cv_fold0_b3_f1"] == scores["cv_fold1_b3_f1"] == 1.0
    assert scores["cv_b3_f1"] == 1.0
    chosen = {key: scores[f"cv_fold0_{key}"] for key in GRID[0]}
    assert chosen in GRID
