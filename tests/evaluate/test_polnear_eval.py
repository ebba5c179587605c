"""The PolNeAR scorer: brat reading, character F1, the quote baseline."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.errors import InputError
from crosswire.evaluate.polnear import RoleCounts, characters, load_split, read_ann, score_polnear
from tests.paths import shared_data

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "claims" / "polnear"


def test_read_ann_handles_discontinuous_spans_and_multiline_text() -> None:
    ann = (
        "T1\tSource 0 5\tPENCE\n"
        "T2\tContent 10 20;30 40\tfirst part second part\n"
        "T3\tContent 50 60\tline one\n"
        "line two\n"
        "T4\tCue 5 6\t:\n"
        "T5\tDiscard 70 80\tRead more\n"
        "E1\tAttribution:T4 Content:T2 Cue:T4 Source:T1\n"
    )
    spans = read_ann(ann)
    assert spans == {"source": ((0, 5),), "cue": ((5, 6),), "content": ((10, 20), (30, 40), (50, 60))}


def test_characters_skip_whitespace_and_f1_is_micro() -> None:
    assert characters([(0, 7)], "ab cd  e") == {0, 1, 3, 4}
    counts = RoleCounts()
    counts.add({1, 2, 3, 4}, {3, 4, 5, 6})
    assert (counts.tp, counts.fp, counts.fn) == (2, 2, 2)
    assert counts.f1() == pytest.approx(0.5)


def test_gold_is_the_first_annotation_file(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text("Bob said yes.", encoding="utf-8")
    (tmp_path / "attributions" / "a_zz.ann").write_text("T1\tSource 0 3\tBob\n", encoding="utf-8")
    (tmp_path / "attributions" / "a_aa.ann").write_text("T1\tCue 4 8\tsaid\n", encoding="utf-8")
    [article] = load_split(tmp_path)
    assert article.spans["cue"] == ((4, 8),) and article.spans["source"] == ()


def test_not_a_split_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_split(tmp_path)


def test_fixture_scores_beat_the_quote_baseline() -> None:
    result = score_polnear(FIXTURES)
    assert result["n"] == 2
    assert result["content_f1"] > result["baseline_content_f1"]
    assert result["content_f1"] > 0.7
    assert result["source_f1"] > 0.35
    assert result["cue_f1"] > 0.3


def test_dev_split_sample_floor() -> None:
    """Ten real dev articles: floors that catch a broken finder (the full run is a CLI command)."""
    dev = shared_data("polnear") / "dev"
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        sample = Path(folder)
        (sample / "text").mkdir()
        (sample / "attributions").mkdir()
        for path in sorted((dev / "text").glob("*.txt"))[:10]:
            shutil.copy(path, sample / "text")
            for ann in (dev / "attributions").glob(f"{path.stem}*.ann"):
                shutil.copy(ann, sample / "attributions")
        result = score_polnear(sample)
    assert result["n"] == 10
    assert result["content_f1"] > 0.7
    assert result["source_f1"] > 0.55
    assert result["content_f1"] > result["baseline_content_f1"]
