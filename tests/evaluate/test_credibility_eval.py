"""`crosswire eval credibility` on the bundled FA-KES sample (29 articles)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.errors import InputError
from crosswire.evaluate.credibility import load_dataset, score_credibility
from crosswire.evaluate.train_credibility import train
from tests.paths import SAMPLES, shared_data

SAMPLE = SAMPLES / "fakes-sample.csv"
KEYS = {"n", "auc", "f1", "baseline_auc", "baseline_f1", "combined_auc", "combined_f1"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample analysed once; later runs reuse it (ingest and analyze skip what is done)."""
    return tmp_path_factory.mktemp("credibility") / "store.sqlite"


def test_sample_dataset_has_one_sample_per_article_with_its_label(store: Path) -> None:
    data = load_dataset(SAMPLE, store=store)
    assert len(data.labels) == 29 and data.skipped_rows == 0
    assert int(data.labels.sum()) == 15  # 15 credible, 14 not, as in the file
    assert data.features.shape == (29, len(data.feature_names))
    assert "opinion_share" in data.feature_names and "label" not in data.feature_names
    assert any("convoy" in text for text in data.texts)


def test_scores_are_cross_validated_probabilities(store: Path) -> None:
    scores = score_credibility(SAMPLE, store=store)
    assert KEYS <= set(scores)
    assert scores["n"] == 29
    for key in KEYS - {"n"}:
        assert 0.0 <= scores[key] <= 1.0, key


def test_cli_prints_json(tmp_path: Path) -> None:
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows, fields = list(reader), list(reader.fieldnames or [])
    # Five of each label: the fewest a stratified 5-fold split accepts.
    small = [r for r in rows if r["label"] == "1"][:5] + [r for r in rows if r["label"] == "0"][:5]
    path = tmp_path / "small.csv"
    path.write_text(_rewrite(small, fields), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "credibility", str(path), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["n"] == 10 and KEYS <= set(scores)


def test_training_writes_a_model_scoring_needs(store: Path) -> None:
    model = train(load_dataset(SAMPLE, store=store))
    assert len(model["features"]) == len(model["mean"]) == len(model["scale"]) == len(model["coef"])
    assert model["n"] == 29 and all(scale > 0 for scale in model["scale"])
    # Nothing in the sample relays through a wire credit, so that feature cannot be learnt from it.
    assert "relayed_share" in model["unused_features"]


def _rewrite(rows: list[dict[str, str]], fields: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_rows_without_a_label_are_skipped_and_counted(tmp_path: Path) -> None:
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows, fields = list(reader)[:12], list(reader.fieldnames or [])
    rows[0]["label"] = "maybe"
    path = tmp_path / "partial.csv"
    path.write_text(_rewrite(rows, fields), encoding="utf-8")
    data = load_dataset(path, store=tmp_path / "store.sqlite")
    assert data.skipped_rows == 1 and len(data.labels) == 11


def test_file_without_labels_is_an_input_error(tmp_path: Path) -> None:
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = [f for f in reader.fieldnames or [] if f != "label"]
        rows = [{k: v for k, v in row.items() if k != "label"} for row in list(reader)[:3]]
    path = tmp_path / "unlabelled.csv"
    path.write_text(_rewrite(rows, fields), encoding="utf-8")
    with pytest.raises(InputError, match="label"):
        score_credibility(path)


def test_dev_split_labels_are_read() -> None:
    from crosswire.evaluate.credibility import _labels

    labels, skipped = _labels(shared_data("fakes") / "fakes-dev.csv")
    assert len(labels) == 573 and skipped == 0
    assert sum(labels.values()) == 306
