"""ECB+ document grouping: reading, B-cubed, and two look-alike rehab stories
kept apart on the fixture (tests/data/ecbplus, CC BY 3.0)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.errors import InputError
from crosswire.evaluate.ecbplus import b_cubed, detokenise, read_ecbplus, score_ecbplus
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
