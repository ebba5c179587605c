from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from crosswire.errors import InputError
from crosswire.evaluate.extraction import (
    ExtractionScores,
    ShingleCounts,
    page_counts,
    score_extraction,
    scores_from_counts,
    shingles,
)
from tests.paths import shared_data

HTML_DATA = Path(__file__).resolve().parents[1] / "data" / "html"
# The benchmark floor; crosswire scored F1 0.967 on the 95 pages when it was set.
EXTRACTION_F1_FLOOR = 0.95


def test_shingles_are_word_four_grams_counted_as_a_multiset() -> None:
    assert shingles("The cat, the cat!") == {"The cat the cat": 1}
    assert shingles("a b c d a b c d") == {"a b c d": 2, "b c d a": 1, "c d a b": 1, "d a b c": 1}
    assert shingles("Hello, world") == {"Hello world": 1}
    assert shingles(" ... ") == {}


def test_page_counts_are_scaled_to_sum_to_one() -> None:
    # True shingles {abcd, bcde}; predicted {abcd, bcdx}: one of each kind.
    assert page_counts("a b c d e", "a b c d x") == ShingleCounts(1 / 3, 1 / 3, 1 / 3)
    # Predicted once what the truth has twice: tp 1, fn 4 of 5 true shingles.
    assert page_counts("a b c d a b c d", "a b c d") == ShingleCounts(0.2, 0.0, 0.8)
    assert page_counts("", "") == ShingleCounts(0.0, 0.0, 0.0)
    assert page_counts("Some words here", "") == ShingleCounts(0.0, 0.0, 1.0)


def test_identical_texts_score_one() -> None:
    text = "Shelling hit the eastern district overnight, officials said."
    assert scores_from_counts([page_counts(text, text)]) == ExtractionScores(n=1, precision=1.0, recall=1.0, f1=1.0)


def test_each_page_weighs_the_same_whatever_its_length() -> None:
    long_text = " ".join(f"word{number}" for number in range(1000))
    pages = [page_counts(long_text, long_text), page_counts("a b c d e", "a b c d x")]
    scores = scores_from_counts(pages)
    # TP 1 + 1/3, FP 1/3, FN 1/3.
    assert scores.precision == pytest.approx(0.8)
    assert scores.recall == pytest.approx(0.8)
    assert scores.f1 == pytest.approx(0.8)


def test_missed_page_lowers_recall_not_precision() -> None:
    scores = scores_from_counts([page_counts("a b c d", "a b c d"), page_counts("e f g h", "")])
    assert (scores.n, scores.precision, scores.recall) == (2, 1.0, 0.5)
    assert scores.as_dict() == {"n": 2, "precision": 1.0, "recall": 0.5, "f1": 0.6667}


def test_no_pages_score_zero() -> None:
    assert scores_from_counts([]) == ExtractionScores(n=0, precision=0.0, recall=0.0, f1=0.0)


def benchmark_copy(tmp_path: Path) -> Path:
    """A two-page benchmark directory built from the test fixtures."""
    (tmp_path / "html").mkdir()
    shutil.copy(HTML_DATA / "ground-truth.json", tmp_path / "ground-truth.json")
    for page_id in json.loads((HTML_DATA / "ground-truth.json").read_text(encoding="utf-8")):
        shutil.copy(HTML_DATA / f"{page_id}.html.gz", tmp_path / "html" / f"{page_id}.html.gz")
    return tmp_path


def test_crosswire_extraction_scores_well_on_the_fixture_pages(tmp_path: Path) -> None:
    scores = score_extraction(benchmark_copy(tmp_path))
    assert scores.n == 2
    assert scores.f1 > 0.8


def test_a_custom_extractor_is_scored(tmp_path: Path) -> None:
    directory = benchmark_copy(tmp_path)
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    bodies = {page["url"]: page["articleBody"] for page in truth.values()}
    assert score_extraction(directory, extractor=lambda html, url: bodies[url]).f1 == 1.0
    assert score_extraction(directory, extractor=lambda html, url: "").as_dict()["recall"] == 0.0


def test_a_missing_page_is_an_input_error(tmp_path: Path) -> None:
    directory = benchmark_copy(tmp_path)
    next((directory / "html").iterdir()).unlink()
    with pytest.raises(InputError, match="does not exist"):
        score_extraction(directory)


def test_a_directory_without_ground_truth_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no ground-truth.json"):
        score_extraction(tmp_path)


@pytest.mark.slow
def test_extraction_benchmark_floor() -> None:
    directory = shared_data("extraction")
    scores = score_extraction(directory)
    assert scores.n == 95
    assert scores.f1 >= EXTRACTION_F1_FLOOR, scores.as_dict()
