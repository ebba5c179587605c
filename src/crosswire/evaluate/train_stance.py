"""Train the stance model on the FNC-1 training file and print dev numbers.

    .venv/bin/python -m crosswire.evaluate.train_stance /work/shared/data/fnc1

Splits train_stances.csv by body id (`fnc1.split_by_body`: the FNC-1
baseline's seed, 80% of bodies for training, 20% held back), builds the
vocabulary from the training part only, fits the network of
`crosswire.link.stance` with numpy (Adam, dropout on the hidden layer, fixed
seed: reproducible), scores the held-back part and writes the weights to
link/data/stance-model.npz and link/data/stance-vocab.json. The shipped model
is the one trained on the 80% part, so `crosswire eval fnc1 ... --dev`
reproduces the dev numbers.

`--topics` cross-validates over held-out topics instead (`fnc1.topic_folds`:
five folds, each topic's headlines and bodies on one side) and saves nothing:
the estimate for claims the model has never seen, which is what the link
stage and the FNC-1 test set give it. Its folds are 17-41% unrelated, the
test 72%, so it also prints each fold at the test's label mix
(`fnc1.at_test_mix`), the number to hold against published test scores
(Riedel et al.'s TF + MLP: 81.7).

Held-out topics, mean of the five folds, seeds 0 and 1 (FNC / macro-F1, then
at the test mix, seed 0): TF and the three cosines only (Riedel et al. with
our training settings) 69.92 / 0.523 (77.97 / 0.539); with the pair
features 74.35 / 0.590 and 74.11 / 0.591 (80.87 / 0.599); cosines over every
word, not the vocabulary only (a new topic's names count), 78.06 / 0.606 and
77.73 / 0.613 (83.43 / 0.606), related pairs taken for unrelated 1,376 ->
506 of 13,427; hedging and confirming words near the claim's words and in
the opening (the last seven pair features) 78.80 / 0.610 and 78.32 / 0.624
(84.05 / 0.612). Body split 87.13 / 0.749 -> 87.02 / 0.749 -> 87.50 / 0.738
(disagree F1 0.54 -> 0.49). Predicting is faster than with the dense
cosines: 0.8-1.5 ms a pair against 1.6-2.3, batched, on a loaded machine.
What is lost now is the choice among the related labels: agree <-> discuss
is three quarters of the errors and one disagree pair in eight is found.

Shipped now (issue 4): disagree weighing 6 in the loss (was 3) and eight
more pair features from the sentences closest to the claim (refuting, wider
debunking, negation and hedging words and questions in its three closest
sentences, wider debunking words in the opening and near the claim's words,
the claim's polarity against its closest sentence). Held-out topics, five
folds, seed 0 then 1: 77.61 / 0.635 and 77.67 / 0.638, at the test mix
83.57 / 0.645 and 83.61 / 0.649 (was 84.05 / 0.612 at seed 0), disagree F1
0.28 and 0.29; body split 87.50 / 0.738 -> 86.83 / 0.720 (disagree F1
0.49 -> 0.46). Per fold at the test mix, seed 0: 84.72 / 0.658, 82.70 /
0.597, 86.28 / 0.715, 83.06 / 0.659, 81.09 / 0.599. Weight 6 without the
new features, seed 0: 78.12 / 0.621, at the test mix 83.65 / 0.625,
disagree F1 0.22 (the features: +0.02 macro-F1). The same without the
claim TF input: body split 84.34 / 0.671 (3 points lost: the split's claims
recur), folds 0-3 at the test mix 84.31 / 0.665, 82.44 / 0.614, 85.18 /
0.695, 82.66 / 0.661 (mean of seeds 0 and 1); not kept. The mean logits of
seeds 0 and 1 (`--members 2`): 78.00 / 0.641, at the test mix 83.79 /
0.651, within a seed's spread and twice the size (3 MB); not shipped. A
disagree logit offset chosen on the other four folds: none chosen (0.0 best
on the mean of two seeds; 83.44 / 0.644 with seed 0 alone).

Retraining is deterministic: the command above, with the default seed,
rewrites link/data/stance-model.npz and stance-vocab.json byte for byte
(tests/evaluate/test_train_stance.py checks it on a small sample).

Tried in session 6 for a margin on issue 4 (macro-F1 0.66 at the test mix) and not kept, five folds
at the test mix, seeds 0 and 1 (shipped: 83.57 / 0.645 and 83.61 / 0.649,
agree F1 0.50, disagree 0.33, discuss 0.77): offsets on the agree, disagree
and discuss log-probabilities chosen on the other four folds' predictions
(grid -1..2, for macro-F1 + FNC / 100) 83.40 / 0.642 and 83.53 / 0.646, on
disagree alone (for macro-F1) 83.31 / 0.648 and 83.29 / 0.648; nine more
pair features (cue words over every sentence weighed by its cosine with the
claim, the cosine of the closest sentence with a debunking word and with a
negation, confirming words in the closest sentences) and 13 more debunking
words 83.44 / 0.646 and 83.66 / 0.643; a network without the claim's TF
merged with one with it 83.21 / 0.644 and 83.58 / 0.652, no better than two
seeds with it (83.79 / 0.651); weight decay 3e-3, seed 0, 82.84 / 0.642.
Agree -> discuss is still the largest error (1,598 of 3,678 agree pairs over
the five folds, seed 0).

Tried on held-out topics and not kept (seed 0 unless said): log-probability
offsets per label tuned on the other four folds' predictions, +1.1 FNC /
+0.02 macro-F1 on the old cosines, +0.2 / +0.03 on the new (fold 4 lost 3
FNC points); the mean of two seeds' models, nothing (74.26 / 0.592); no claim
TF input (the network learns a training claim's label from it) 77.74 / 0.621
against 78.06 / 0.606; disagree weighing 6 in the loss 77.68 / 0.626;
both with the cue features 77.54 / 0.633 and 77.30 / 0.636 (seed 1), at the test mix 83.46 /
0.643 and 83.43 / 0.650, disagree F1 0.16 -> 0.28: FNC points traded for
disagree F1, the way to go if macro-F1 matters more.

Earlier, with cosines over the vocabulary, tried and not kept: four more pair features, cosines of WordLlama sentence
vectors (WordLlama 0.4.0.post1, not shipped) of the claim with the body, its
opening, its closest sentence and its three closest. Body split 87.13 / 0.749
-> 88.54 / 0.754 (FNC / macro-F1); topic folds 0 and 1, same seed: 77.96 /
0.594 -> 79.78 / 0.609 and 77.54 / 0.591 -> 77.49 / 0.551; with another
weight initialisation 77.16 / 0.631 -> 78.01 / 0.634 and 77.13 / 0.574 ->
78.03 / 0.580. About +1 FNC point, no macro-F1 gain, disagree F1 down on
the body split (0.54 -> 0.51), within the +-2 points one seed to another
moves a fold, at 1.2 ms more per pair (2.8 against 1.65, batched). The
element-wise product of the two vectors as 256 more inputs lost 3.4 points
on fold 0 (the network learnt the training topics).
"""

from __future__ import annotations

import argparse
import json
import time

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from crosswire.evaluate.fnc1 import (
    TOPIC_FOLDS,
    StancePair,
    at_test_mix,
    read_fnc1,
    score_labels,
    split_by_body,
    split_by_topic,
)
from crosswire.link.stance import LABELS, VOCAB_PATH, WEIGHTS_PATH, Encoded, StanceModel, encode
from crosswire.link.stance_features import FloatArray, Vocabulary, build_vocabulary, tokens


@dataclass(frozen=True)
class Settings:
    """Hyperparameters (Riedel et al.'s where they apply: 5,000 words, 100 hidden units, batch 500)."""

    vocabulary: int = 5000
    hidden: int = 100
    epochs: int = 20
    batch: int = 500
    learning_rate: float = 0.002
    dropout: float = 0.4
    # Weight decay: 1e-3 (not a token 1e-6) costs 4 points on the body-split dev, where the same claims
    # recur, and gains on pairs about claims never seen in training, which is what the model meets.
    l2: float = 1e-3
    seed: int = 0
    # Loss weight per label (agree, disagree, discuss, unrelated): "disagree" is 2% of pairs; 6 (not 3) trades
    # a little FNC score for disagree F1 on held-out topics.
    class_weights: tuple[float, float, float, float] = (1.0, 6.0, 1.0, 1.0)
    # Whether the claim's term frequencies are an input (the article's always are).
    claim_tf: bool = True
    # Networks trained with seeds seed, seed + 1, ... and merged into one (`merge`: their logits averaged).
    members: int = 1
    # Added to the disagree logit of the merged network (a decision threshold; 0 = argmax).
    disagree_offset: float = 0.0


def train(pairs: Sequence[StancePair], settings: Settings) -> StanceModel:
    """A model fitted on `pairs`."""
    texts = {p.headline: None for p in pairs} | {p.body: None for p in pairs}
    vocabulary = build_vocabulary((tokens(t) for t in texts), size=settings.vocabulary)
    encoded = encode([(p.headline, p.body) for p in pairs], vocabulary)
    labels = np.array([LABELS.index(p.stance) for p in pairs])
    members = [fit(encoded, labels, vocabulary, replace(settings, seed=settings.seed + i)) for i in range(settings.members)]
    return merge(members, disagree_offset=settings.disagree_offset)


def merge(models: Sequence[StanceModel], *, disagree_offset: float = 0.0) -> StanceModel:
    """One network whose logits are the mean of the models' logits (models fitted on the same data).

    The hidden layers are laid side by side and the output weights divided by
    their number, so prediction stays one matrix product per input; a
    positive `disagree_offset` makes "disagree" win more often."""
    k = len(models)
    first = models[0]
    b_out = np.mean([m.b_out for m in models], axis=0).astype(np.float32)
    b_out[LABELS.index("disagree")] += disagree_offset
    return StanceModel(
        vocabulary=first.vocabulary,
        w_claim=np.concatenate([m.w_claim for m in models], axis=1),
        w_body=np.concatenate([m.w_body for m in models], axis=1),
        w_pair=np.concatenate([m.w_pair for m in models], axis=1),
        b_hidden=np.concatenate([m.b_hidden for m in models]),
        w_out=(np.concatenate([m.w_out for m in models], axis=0) / k).astype(np.float32),
        b_out=b_out,
        pair_mean=first.pair_mean,
        pair_scale=first.pair_scale,
    )


def fit(encoded: Encoded, labels: np.ndarray, vocabulary: Vocabulary, settings: Settings) -> StanceModel:
    """Minibatch Adam on softmax cross-entropy; sparse term frequencies keep each step cheap."""
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped]

    rng = np.random.default_rng(settings.seed)
    mean = encoded.pair.mean(axis=0)
    scale = np.maximum(encoded.pair.std(axis=0), 1e-3)
    pair = (encoded.pair - mean) / scale
    claim_tf, body_tf = csr_matrix(encoded.claim_tf), csr_matrix(encoded.body_tf)
    n_vocab, n_pair, h = len(vocabulary), pair.shape[1], settings.hidden
    params = {
        "w_claim": _init(rng, (n_vocab, h)), "w_body": _init(rng, (n_vocab, h)), "w_pair": _init(rng, (n_pair, h)),
        "b_hidden": np.zeros(h, np.float32), "w_out": _init(rng, (h, len(LABELS))),
        "b_out": np.zeros(len(LABELS), np.float32),
    }
    if not settings.claim_tf:
        params["w_claim"] = np.zeros((0, h), np.float32)
    adam = _Adam(params, settings.learning_rate)
    for _epoch in range(settings.epochs):
        order = rng.permutation(len(labels))
        for start in range(0, len(order), settings.batch):
            rows = order[start : start + settings.batch]
            claims = claim_tf[encoded.claim_index[rows]]
            bodies = body_tf[encoded.body_index[rows]]
            grads = _gradients(params, claims, bodies, pair[rows], labels[rows], rng, settings)
            adam.step(params, grads)
    return StanceModel(vocabulary=vocabulary, pair_mean=mean, pair_scale=scale, **params)


def _init(rng: np.random.Generator, shape: tuple[int, int]) -> FloatArray:
    weights: FloatArray = (rng.standard_normal(shape) * np.sqrt(2.0 / (shape[0] + shape[1]))).astype(np.float32)
    return weights


def _gradients(
    params: dict[str, FloatArray],
    claims: object,
    bodies: object,
    pair: FloatArray,
    labels: np.ndarray,
    rng: np.random.Generator,
    settings: Settings,
) -> dict[str, FloatArray]:
    reads_claim = params["w_claim"].shape[0] > 0
    pre = bodies @ params["w_body"] + pair @ params["w_pair"] + params["b_hidden"]  # type: ignore[operator]
    if reads_claim:
        pre = pre + claims @ params["w_claim"]  # type: ignore[operator]
    keep = (rng.random(pre.shape) >= settings.dropout).astype(np.float32) / (1.0 - settings.dropout)
    hidden = np.maximum(pre, 0.0) * keep
    logits = hidden @ params["w_out"] + params["b_out"]
    logits -= logits.max(axis=1, keepdims=True)
    probs = np.exp(logits)
    probs /= probs.sum(axis=1, keepdims=True)
    d_logits = probs
    d_logits[np.arange(len(labels)), labels] -= 1.0
    d_logits *= (np.asarray(settings.class_weights, dtype=np.float32)[labels] / len(labels))[:, None]
    d_pre = (d_logits @ params["w_out"].T) * keep * (pre > 0)
    grads = {
        "w_out": hidden.T @ d_logits, "b_out": d_logits.sum(axis=0),
        "w_claim": np.asarray(claims.T @ d_pre) if reads_claim else params["w_claim"],  # type: ignore[attr-defined]
        "w_body": np.asarray(bodies.T @ d_pre),  # type: ignore[attr-defined]
        "w_pair": pair.T @ d_pre, "b_hidden": d_pre.sum(axis=0),
    }
    for name in ("w_claim", "w_body", "w_pair", "w_out"):
        grads[name] = grads[name] + settings.l2 * params[name]
    return {k: v.astype(np.float32) for k, v in grads.items()}


class _Adam:
    def __init__(self, params: dict[str, FloatArray], rate: float) -> None:
        self.rate, self.t = rate, 0
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}

    def step(self, params: dict[str, FloatArray], grads: dict[str, FloatArray]) -> None:
        self.t += 1
        correction = np.sqrt(1 - 0.999**self.t) / (1 - 0.9**self.t)
        for k, g in grads.items():
            self.m[k] *= 0.9
            self.m[k] += 0.1 * g
            self.v[k] *= 0.999
            self.v[k] += 0.001 * g * g
            params[k] -= (self.rate * correction) * self.m[k] / (np.sqrt(self.v[k]) + 1e-8)


def evaluate(model: StanceModel, pairs: Sequence[StancePair]) -> dict[str, float | int]:
    """FNC-1 scores of `model` on `pairs`."""
    results = model.predict([(p.headline, p.body) for p in pairs])
    return score_labels([p.stance for p in pairs], [r.label for r in results])


_REPORTED = ("fnc_score", "macro_f1", "test_mix_fnc_score", "test_mix_macro_f1")


def cross_validate_topics(pairs: Sequence[StancePair], settings: Settings) -> dict[str, float]:
    """Mean FNC score and macro-F1 over the topic folds, as scored and at the test's label mix, and each fold's."""
    result: dict[str, float] = {}
    for fold in range(TOPIC_FOLDS):
        train_pairs, held_out = split_by_topic(pairs, held_out=fold)
        scores = evaluate(train(train_pairs, settings), held_out)
        scores.update(at_test_mix(scores))
        for name in _REPORTED:
            result[f"fold{fold}_{name}"] = scores[name]
        print(json.dumps({"fold": fold, **scores}), flush=True)
    for name in _REPORTED:
        result[f"mean_{name}"] = round(sum(result[f"fold{f}_{name}"] for f in range(TOPIC_FOLDS)) / TOPIC_FOLDS, 4)
    return result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("data", type=Path, help="folder with train_stances.csv and train_bodies.csv")
    parser.add_argument("--epochs", type=int, default=Settings.epochs)
    parser.add_argument("--seed", type=int, default=Settings.seed)
    parser.add_argument("--members", type=int, default=Settings.members, help="networks merged into the model")
    parser.add_argument("--no-save", action="store_true", help="only print the dev numbers")
    parser.add_argument("--topics", action="store_true", help="cross-validate over held-out topics (saves nothing)")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    pairs = read_fnc1(args.data / "train_stances.csv", args.data / "train_bodies.csv")
    settings = Settings(epochs=args.epochs, seed=args.seed, members=args.members)
    if args.topics:
        print(json.dumps(cross_validate_topics(pairs, settings)))
        return
    model = train(split_by_body(pairs, "train"), settings)
    seconds = time.perf_counter() - began
    print(json.dumps({"train_seconds": round(seconds), **evaluate(model, split_by_body(pairs, "dev"))}))
    if not args.no_save:
        model.save(WEIGHTS_PATH, VOCAB_PATH)
        size = WEIGHTS_PATH.stat().st_size + VOCAB_PATH.stat().st_size
        print(f"wrote {WEIGHTS_PATH} and {VOCAB_PATH} ({size} bytes)")


if __name__ == "__main__":
    main()
