"""The trained source/cue tagger, its BIO decoding and its merge with the rule finder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from crosswire.evaluate.polnear import load_split, predict_spans
from crosswire.evaluate import train_attribution
from crosswire.evaluate.train_attribution import fit, gold_tags, score_spans, train_on
from crosswire.understand.attribution import find_attributions
from crosswire.understand.attribution_decode import decode, log_softmax, viterbi
from crosswire.understand.attribution_features import (
    ROLE_CODES,
    argument_of_cue,
    hashed_columns,
    mix,
    parse_columns,
    role_columns,
)
from crosswire.understand.attribution_model import (
    LABELS,
    MODEL_PATH,
    RULE_LEXICON,
    find_attributions_with_model,
    load_model,
    predict_tags,
    rule_roles,
    summed_weights,
    tag_spans,
)
from crosswire.understand.claims import extract_claims
from crosswire.understand.nlp import load_pipeline

from tests.paths import shared_data

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "attribution_model" / "polnear"
NO_TRANSITIONS = np.zeros((len(LABELS), len(LABELS)), dtype=np.float32)


def _tagged(text: str, role: str) -> list[str]:
    doc = load_pipeline()(text)
    tags = predict_tags(doc, load_model())
    return [doc.text[start:end] for start, end in tag_spans(doc, tags, role)]


def test_model_ships_small_and_without_pickle() -> None:
    assert MODEL_PATH.stat().st_size < 5_000_000
    with np.load(MODEL_PATH, allow_pickle=False) as data:
        assert data["weights0"].shape[1] == len(LABELS)
    model = load_model()
    assert model.use_rules and len(model.stages) == 2


def test_decoding_never_opens_a_span_with_an_inside_tag() -> None:
    # Per-token argmax: O, I-SOURCE, I-SOURCE, O, I-CUE: three BIO violations.
    probabilities = np.array(
        [
            [0.9, 0.02, 0.04, 0.02, 0.02],
            [0.1, 0.3, 0.5, 0.05, 0.05],
            [0.1, 0.1, 0.7, 0.05, 0.05],
            [0.8, 0.05, 0.05, 0.05, 0.05],
            [0.2, 0.05, 0.05, 0.3, 0.4],
        ],
        dtype=np.float32,
    )
    best = [LABELS[k] for k in viterbi(np.log(probabilities), NO_TRANSITIONS, weight=0.0, labels=LABELS)]
    assert best == ["O", "B-SOURCE", "I-SOURCE", "O", "B-CUE"]


def test_skipping_certain_outside_tokens_keeps_the_best_path() -> None:
    rng = np.random.default_rng(0)
    for _ in range(50):
        scores = rng.normal(size=(40, len(LABELS))).astype(np.float32) * 3
        scores[:, 0] += rng.choice([0.0, 15.0], size=40)  # many tokens surely outside any span
        emissions = log_softmax(scores)
        fast = decode(emissions, NO_TRANSITIONS, weight=0.0, labels=LABELS)
        full = viterbi(emissions, NO_TRANSITIONS, weight=0.0, labels=LABELS)
        rows = np.arange(40)
        assert abs(emissions[rows, fast].sum() - emissions[rows, full].sum()) < 1e-3


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


def test_model_cue_makes_a_whole_relation_that_claims_use() -> None:
    text = "A new Quinnipiac poll shows that Trump leads Clinton by four points in Ohio."
    doc = load_pipeline()(text)
    assert not [r for r in find_attributions(doc, lexicon=RULE_LEXICON) if r.source is not None]
    [relation] = [r for r in find_attributions_with_model(doc) if r.source is not None]
    assert relation.source is not None
    assert text[relation.source[0] : relation.source[1]] == "A new Quinnipiac poll"
    assert relation.cue_index == 4 and relation.lemma == "show"
    assert [text[s:e] for s, e in relation.content] == ["that Trump leads Clinton by four points in Ohio"]
    [claim] = extract_claims(doc)
    assert claim.kind == "attributed" and claim.source is not None
    assert claim.source.name == "A new Quinnipiac poll" and claim.cue == "shows"


def test_merge_keeps_rule_contents_and_adds_sources() -> None:
    doc = load_pipeline()("The measure has been endorsed by the National Rifle Association.")
    merged = find_attributions_with_model(doc)
    sources = [doc.text[r.source[0] : r.source[1]] for r in merged if r.source is not None]
    assert sources == ["the National Rifle Association"]
    rule_contents = {c for r in find_attributions(doc, lexicon=RULE_LEXICON) for c in r.content}
    assert rule_contents <= {c for r in merged for c in r.content}


def test_a_fragment_the_model_tags_does_not_replace_the_rule_source() -> None:
    doc = load_pipeline()("Unnamed US intelligence sources quoted by the Washington Post said Prigozhin was there.")
    [relation] = [r for r in find_attributions_with_model(doc) if r.cue_index is not None]
    assert relation.source is not None
    assert doc.text[relation.source[0] : relation.source[1]].startswith("Unnamed US intelligence sources")


def test_the_polnear_scorer_scores_the_product_finder() -> None:
    doc = load_pipeline()("The measure has been endorsed by the National Rifle Association.")
    assert [doc.text[s:e] for s, e in predict_spans(doc)["source"]] == ["the National Rifle Association"]


def test_training_is_reproducible_and_learns_the_fixtures() -> None:
    articles = load_split(FIXTURES)
    docs = [load_pipeline()(a.text) for a in articles]
    # 1 << 14 buckets: at 1 << 12 the ~85 templates of two articles collide enough to make the floor a coin flip.
    first = train_on(docs, articles, buckets=1 << 14, stages=2)
    second = train_on(docs, articles, buckets=1 << 14, stages=2)
    for a, b in zip(first.stages, second.stages, strict=True):
        assert np.array_equal(a.weights, b.weights) and np.array_equal(a.bias, b.bias)
    tags = predict_tags(docs[0], first)
    gold = gold_tags(docs[0], articles[0])
    agree = sum(t == g for t, g in zip(tags, gold, strict=True) if g != "O")
    assert agree > 0.4 * sum(g != "O" for g in gold)  # two articles, ten epochs: a floor


def _source_f1(directory: Path, *, limit: int = 100) -> tuple[float, float]:
    articles = load_split(directory)[:limit]
    docs: list[Any] = list(load_pipeline().pipe(a.text for a in articles))
    rules, combined = [], []
    for doc in docs:
        rules.append({"source": [r.source for r in find_attributions(doc) if r.source is not None]})
        combined.append({"source": [r.source for r in find_attributions_with_model(doc) if r.source is not None]})
    return score_spans(articles, rules)["source_f1"], score_spans(articles, combined)["source_f1"]


def test_source_tokens_weigh_more_in_training(monkeypatch: Any) -> None:
    # Feature 0 is on three outside tokens and two source tokens: unweighted the
    # outside label wins a token with it alone, weighted the source does.
    rows = np.array([[0, 2]] * 3 + [[0, 3]] * 2 + [[1, 4]] * 2, dtype=np.int64)
    tags = [["O"] * 3 + ["B-SOURCE"] * 2 + ["B-CUE"] * 2]
    winners = []
    for weight in (1.0, train_attribution.SOURCE_WEIGHT):
        monkeypatch.setattr(train_attribution, "SOURCE_WEIGHT", weight)
        stage = fit(rows, tags, buckets=8)
        winners.append(LABELS[int((stage.weights[0] + stage.bias).argmax())])
    assert winners == ["O", "B-SOURCE"]


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


def test_hashing_templates_together_gives_the_per_template_buckets() -> None:
    article = load_split(FIXTURES)[0]
    doc = load_pipeline()(article.text)
    parsed = parse_columns(doc)
    columns = [*parsed.columns, *role_columns(parsed, rule_roles(doc, find_attributions(doc, lexicon=RULE_LEXICON)))]
    one_by_one = np.stack([mix(7 + k + 1000, *cols) for k, cols in enumerate(columns)], axis=1) % np.uint64(1 << 18)
    assert np.array_equal(hashed_columns(columns, 1 << 18, first=7), one_by_one.astype(np.int64))


def test_summed_weights_match_fancy_indexing() -> None:
    rng = np.random.default_rng(0)
    weights = rng.normal(size=(64, len(LABELS))).astype(np.float32)
    indices = rng.integers(0, 64, size=(30, 9))
    assert np.allclose(summed_weights(weights, indices), weights[indices].sum(axis=1), atol=1e-5)


def test_words_deep_in_a_source_know_the_argument_of_the_cue_they_sit_in() -> None:
    # PolNeAR dev, west-journal_2016-10-04_railing-against-trump-sanders-vo (see ATTRIBUTION.md there).
    doc = load_pipeline()(
        "“Special tax breaks and loopholes in a corrupt tax code enable billionaires and powerful corporations "
        "to avoid paying their fair share of taxes while sticking the burden on the middle class,” said Sanders, "
        "whose candidacy for the Democratic presidential nomination was founded on denunciations of the rich."
    )
    sanders = next(t.i for t in doc if t.text == "Sanders")
    roles = np.zeros(len(doc), dtype=np.int64)
    roles[doc[sanders].head.i] = ROLE_CODES["C"]  # "said", as a first tagging pass marks it (the rules miss it)
    argument, depth = argument_of_cue(roles, parse_columns(doc).head)
    rich = next(t.i for t in doc if t.text == "rich")
    assert argument[sanders] == sanders and depth[sanders] == 0
    assert argument[rich] == sanders and depth[rich] > 3


def test_the_source_prior_is_shipped_saved_and_loaded(tmp_path: Path) -> None:
    from dataclasses import replace

    assert load_model().source_prior == train_attribution.SOURCE_PRIOR
    path = tmp_path / "model.npz"
    replace(load_model(), source_prior=3.5).save(path)
    assert load_model(path).source_prior == 3.5


def test_the_source_prior_only_adds_source_tags() -> None:
    from dataclasses import replace

    doc = load_pipeline()(load_split(FIXTURES)[0].text)
    plain = predict_tags(doc, replace(load_model(), source_prior=0.0))
    prior = predict_tags(doc, load_model())
    assert sum(t.endswith("SOURCE") for t in prior) >= sum(t.endswith("SOURCE") for t in plain)


def test_speech_reported_within_speech_loses_a_source_the_model_rejects() -> None:
    from crosswire.understand.attribution_merge import merge

    doc = load_pipeline()("Merrill says Machado promised to continue supporting Clinton.")
    relations = find_attributions(doc, lexicon=RULE_LEXICON)
    merged = merge(doc, relations, [], [], quotes=[])  # the model tags no source
    sources = {r.lemma: doc.text[r.source[0] : r.source[1]] if r.source else None for r in merged}
    assert sources == {"say": "Merrill", "promise": None}


def test_a_time_phrase_the_model_tags_is_not_part_of_the_source() -> None:
    from crosswire.understand.attribution_merge import merge

    doc = load_pipeline()("The Sanders campaign on Monday said it would appeal the ruling.")
    relations = find_attributions(doc, lexicon=RULE_LEXICON)
    tagged = (0, doc.text.index(" said"))  # "The Sanders campaign on Monday"
    [relation] = [r for r in merge(doc, relations, [tagged], [], quotes=[]) if r.source is not None]
    assert doc.text[relation.source[0] : relation.source[1]] == "The Sanders campaign"
