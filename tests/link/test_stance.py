from __future__ import annotations

from pathlib import Path

import numpy as np

from crosswire.evaluate.fnc1 import read_fnc1
from crosswire.link.stance import LABELS, VOCAB_PATH, WEIGHTS_PATH, StanceResult, load_stance_model
from crosswire.link.stance_features import describe_body, describe_claim, pair_features

STANCE_DATA = Path(__file__).resolve().parents[1] / "data" / "stance"
PAIRS = read_fnc1(STANCE_DATA / "fnc1_stances.csv", STANCE_DATA / "fnc1_bodies.csv")


def test_shipped_model_is_small_and_loads_once() -> None:
    assert WEIGHTS_PATH.stat().st_size + VOCAB_PATH.stat().st_size < 5_000_000
    model = load_stance_model()
    assert load_stance_model() is model
    assert len(model.vocabulary) == 5000
    assert model.w_body.shape == (5000, model.b_hidden.shape[0])
    assert model.w_claim.shape[0] in (0, 5000)  # empty: the claim's words are not an input


def test_an_unrelated_headline_is_unrelated() -> None:
    body = next(p.body for p in PAIRS if p.body_id == "860")  # Christian Bale and the Steve Jobs film
    result = load_stance_model().predict([("Boko Haram agrees to release kidnapped schoolgirls, Nigeria says", body)])[0]
    assert isinstance(result, StanceResult)
    assert result.label == "unrelated"
    assert set(result.probabilities) == set(LABELS)
    assert abs(sum(result.probabilities.values()) - 1.0) < 1e-3


def test_real_dev_pairs_mostly_get_their_gold_stance() -> None:
    # 8 pairs per label from bodies held back from training; chance is 25%.
    results = load_stance_model().predict([(p.headline, p.body) for p in PAIRS])
    right = {label: 0 for label in LABELS}
    for pair, result in zip(PAIRS, results, strict=True):
        right[pair.stance] += result.label == pair.stance
    assert right["unrelated"] == 8
    assert right["disagree"] >= 4 and right["discuss"] >= 4 and right["agree"] >= 4
    assert sum(right.values()) >= 22  # 24 when the model was trained


def test_a_denial_is_not_read_as_agreement() -> None:
    body = (
        "Reports that the singer had died in a car crash are a hoax, her spokesman said on Monday. "
        "The fake story spread on social media, but the singer is alive and well and denied the rumour herself. "
        "The website that published the false report is known for satire."
    )
    result = load_stance_model().predict([("Singer dies in car crash", body)])[0]
    assert result.label == "disagree"


def test_batch_equals_one_by_one() -> None:
    model = load_stance_model()
    pairs = [(p.headline, p.body) for p in PAIRS[:10]]
    batch = model.predict(pairs)
    single = [model.predict([pair])[0] for pair in pairs]
    assert [r.label for r in batch] == [r.label for r in single]
    for a, b in zip(batch, single, strict=True):
        assert np.allclose(list(a.probabilities.values()), list(b.probabilities.values()), atol=1e-3)


def test_empty_texts_do_not_crash() -> None:
    results = load_stance_model().predict([("", ""), ("Claim", ""), ("", "Body text.")])
    assert len(results) == 3 and all(r.label in LABELS for r in results)
    assert load_stance_model().predict([]) == []


def test_pair_features_see_refutation_near_the_claim_words() -> None:
    claim = describe_claim("Singer dies in car crash")
    plain = describe_body("The singer died in a car crash on Monday, police said.")
    denied = describe_body("The singer did not die in a car crash; the report is a hoax, police said.")
    index = 14  # body_refuting_near
    assert pair_features(claim, plain, (0.0, 0.0, 0.0))[index] == 0.0
    assert pair_features(claim, denied, (0.0, 0.0, 0.0))[index] > 0.0


def test_pair_features_see_refutation_in_the_sentences_closest_to_the_claim() -> None:
    from crosswire.link.stance_features import PAIR_FEATURE_NAMES

    claim = describe_claim("Singer dies in car crash")
    body = describe_body("The weather was fine on Monday. The singer did not die in a car crash, it was a hoax.")
    features = dict(zip(PAIR_FEATURE_NAMES, pair_features(claim, body, (0.0, 0.0, 0.0), [1, 0]), strict=True))
    far = dict(zip(PAIR_FEATURE_NAMES, pair_features(claim, body, (0.0, 0.0, 0.0), [0]), strict=True))
    assert features["closest_refuting"] > 0.0 and features["closest_negation"] > 0.0
    assert far["closest_refuting"] == far["closest_negation"] == 0.0
