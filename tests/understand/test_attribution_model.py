"""The trained source/cue tagger and its merge with the rule finder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from crosswire.evaluate.polnear import load_split
from crosswire.evaluate.train_attribution import gold_tags, score_spans
from crosswire.understand.attribution import find_attributions
from crosswire.understand.attribution_model import (
    LABELS,
    MODEL_PATH,
    find_attributions_with_model,
    load_model,
    predict_tags,
    tag_spans,
)
from crosswire.understand.nlp import load_pipeline

from tests.paths import shared_data

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "attribution_model" / "polnear"


def _tagged(text: str, role: str) -> list[str]:
    doc = load_pipeline()(text)
    tags = predict_tags(doc, load_model())
    return [doc.text[start:end] for start, end in tag_spans(doc, tags, role)]


def test_model_ships_small_and_without_pickle() -> None:
    assert MODEL_PATH.stat().st_size < 5_000_000
    with np.load(MODEL_PATH, allow_pickle=False) as data:
        assert data["weights"].shape[1] == len(LABELS)
    assert load_model().use_rules


def test_passive_endorsement_the_rules_miss() -> None:
    text = "The measure has been endorsed by the National Rifle Association."
    doc = load_pipeline()(text)
    assert all(r.source is None for r in find_attributions(doc))
    assert _tagged(text, "SOURCE") == ["the National Rifle Association"]
    assert _tagged(text, "CUE") == ["has been endorsed"]


def test_poll_as_source_and_plain_said() -> None:
    assert _tagged("Trump leads Clinton by four points, a new Quinnipiac poll shows.", "SOURCE") == [
        "a new Quinnipiac poll"
    ]
    assert _tagged("Officials said the strike killed 12 civilians.", "SOURCE") == ["Officials"]


def test_merge_keeps_rule_contents_and_adds_sources() -> None:
    doc = load_pipeline()("The measure has been endorsed by the National Rifle Association.")
    merged = find_attributions_with_model(doc)
    sources = [doc.text[r.source[0] : r.source[1]] for r in merged if r.source is not None]
    assert sources == ["the National Rifle Association"]
    rule_contents = sorted(c for r in find_attributions(doc) for c in r.content)
    assert sorted(c for r in merged for c in r.content) == rule_contents


def _source_f1(directory: Path, *, limit: int = 100) -> tuple[float, float]:
    articles = load_split(directory)[:limit]
    docs: list[Any] = list(load_pipeline().pipe(a.text for a in articles))
    rules, combined = [], []
    for doc in docs:
        rules.append({"source": [r.source for r in find_attributions(doc) if r.source is not None]})
        combined.append({"source": [r.source for r in find_attributions_with_model(doc) if r.source is not None]})
    return score_spans(articles, rules)["source_f1"], score_spans(articles, combined)["source_f1"]


def test_gold_tags_are_bio() -> None:
    article = load_split(FIXTURES)[0]
    doc = load_pipeline()(article.text)
    tags = gold_tags(doc, article)
    assert "B-SOURCE" in tags and "B-CUE" in tags
    assert all(tag in LABELS for tag in tags)
    assert all(not (tag == "I-SOURCE" and previous == "O") for previous, tag in zip(tags, tags[1:]))


def test_combination_beats_rules_on_fixtures() -> None:
    rules, combined = _source_f1(FIXTURES)
    assert combined > rules


def test_combination_beats_rules_on_dev_sample() -> None:
    dev = shared_data("polnear") / "dev"
    rules, combined = _source_f1(dev, limit=20)
    assert combined > rules + 0.02
