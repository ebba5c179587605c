"""Stance of an article toward a claim: agree, disagree, discuss or unrelated.

A small network trained on FNC-1 (`crosswire.evaluate.train_stance`): the
claim's and the article's term frequencies over a 5,000-word vocabulary
(Riedel et al. 2017) plus hand features of the pair (`stance_features`) feed
one hidden layer of rectified units and a softmax over the four labels.
Weights ship as numpy arrays in data/stance-model.npz (float16) and the
vocabulary in data/stance-vocab.json; prediction needs numpy only.

Pairs are processed in batches; each distinct claim and article text of a
batch is tokenised and projected once, since one article is usually checked
against many claims.
"""

from __future__ import annotations

import json

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from crosswire.link.stance_features import (
    CLOSEST_SENTENCES,
    INTRO_CHARS,
    PAIR_FEATURE_NAMES,
    FloatArray,
    Vocabulary,
    cosine,
    describe_body,
    describe_claim,
    pair_features,
    sentences,
    tokens,
)

LABELS = ("agree", "disagree", "discuss", "unrelated")
DATA = Path(__file__).with_name("data")
WEIGHTS_PATH = DATA / "stance-model.npz"
VOCAB_PATH = DATA / "stance-vocab.json"
_CHUNK = 512


@dataclass(frozen=True, slots=True)
class StanceResult:
    """The predicted label and the probability of each label (keys: LABELS)."""

    label: str
    probabilities: dict[str, float]


@dataclass(frozen=True, slots=True)
class Encoded:
    """A batch of pairs as model inputs: one TF row per distinct text, indexed per pair."""

    claim_tf: FloatArray  # (distinct claims, vocabulary)
    body_tf: FloatArray  # (distinct bodies, vocabulary)
    claim_index: npt.NDArray[np.intp]  # (pairs,)
    body_index: npt.NDArray[np.intp]  # (pairs,)
    pair: FloatArray  # (pairs, len(PAIR_FEATURE_NAMES)), raw (not standardised)


def encode(pairs: Sequence[tuple[str, str]], vocabulary: Vocabulary) -> Encoded:
    """Model inputs of the pairs (shared by training and prediction)."""
    claims, claim_index = _distinct(p[0] for p in pairs)
    bodies, body_index = _distinct(p[1] for p in pairs)
    claim_texts = [describe_claim(c) for c in claims]
    body_texts = [describe_body(b) for b in bodies]
    claim_words = [c.words for c in claim_texts]
    body_words = [b.words for b in body_texts]
    unseen_idf = vocabulary.unseen_idf()
    claim_weights = [vocabulary.weights(words, unseen_idf=unseen_idf) for words in claim_words]
    body_weights = [_BodyWeights.of(body, words, vocabulary, unseen_idf) for body, words in zip(bodies, body_words)]
    rows = [
        pair_features(claim_texts[c], body_texts[b], *body_weights[b].cosines(claim_weights[c]))
        for c, b in zip(claim_index, body_index, strict=True)
    ]
    return Encoded(
        claim_tf=vocabulary.term_frequencies(claim_words),
        body_tf=vocabulary.term_frequencies(body_words),
        claim_index=np.array(claim_index, dtype=np.intp),
        body_index=np.array(body_index, dtype=np.intp),
        pair=np.array(rows, dtype=np.float32).reshape(len(pairs), len(PAIR_FEATURE_NAMES)),
    )


@dataclass(frozen=True, slots=True)
class _BodyWeights:
    """TF-IDF weights of an article, of its opening and of each of its sentences."""

    whole: dict[str, float]
    intro: dict[str, float]
    sentences: list[dict[str, float]]

    @classmethod
    def of(cls, body: str, words: Sequence[str], vocabulary: Vocabulary, unseen_idf: float) -> _BodyWeights:
        return cls(
            whole=vocabulary.weights(words, unseen_idf=unseen_idf),
            intro=vocabulary.weights(tokens(body[:INTRO_CHARS]), unseen_idf=unseen_idf),
            sentences=[vocabulary.weights(tokens(s), unseen_idf=unseen_idf) for s in sentences(body)],
        )

    def cosines(self, claim: dict[str, float]) -> tuple[tuple[float, float, float], list[int]]:
        """Cosine of the claim with the article, with its opening and with its closest sentence; the indices of
        the closest sentences, closest first."""
        each = [cosine(claim, s) for s in self.sentences]
        closest = sorted(range(len(each)), key=lambda i: -each[i])[:CLOSEST_SENTENCES]
        best = each[closest[0]] if closest else 0.0
        return (cosine(claim, self.whole), cosine(claim, self.intro), best), closest


def _distinct(texts: Iterable[str]) -> tuple[list[str], list[int]]:
    seen: dict[str, int] = {}
    index = [seen.setdefault(t, len(seen)) for t in texts]
    return list(seen), index


@dataclass(frozen=True, slots=True)
class StanceModel:
    """Hidden = relu(claim_tf @ W_claim + body_tf @ W_body + z(pair) @ W_pair + b); softmax(hidden @ W_out + b_out)."""

    vocabulary: Vocabulary
    w_claim: FloatArray
    w_body: FloatArray
    w_pair: FloatArray
    b_hidden: FloatArray
    w_out: FloatArray
    b_out: FloatArray
    pair_mean: FloatArray
    pair_scale: FloatArray

    def probabilities(self, encoded: Encoded) -> FloatArray:
        """(pairs, 4) label probabilities of an encoded batch."""
        bodies = encoded.body_tf @ self.w_body
        pair = (encoded.pair - self.pair_mean) / self.pair_scale
        hidden = bodies[encoded.body_index] + pair @ self.w_pair + self.b_hidden
        if self.w_claim.shape[0]:  # empty when the model does not read the claim's words
            hidden += (encoded.claim_tf @ self.w_claim)[encoded.claim_index]
        logits = np.maximum(hidden, 0.0) @ self.w_out + self.b_out
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        probabilities: FloatArray = (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)
        return probabilities

    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[StanceResult]:
        """Stance of each (claim or headline, article body) pair, in order."""
        results: list[StanceResult] = []
        for start in range(0, len(pairs), _CHUNK):
            chunk = pairs[start : start + _CHUNK]
            probabilities = self.probabilities(encode(chunk, self.vocabulary))
            for row in probabilities:
                label = LABELS[int(np.argmax(row))]
                results.append(StanceResult(label, {name: round(float(p), 4) for name, p in zip(LABELS, row)}))
        return results

    def save(self, weights_path: Path, vocab_path: Path) -> None:
        """float16 weights (compressed npz) and the vocabulary as JSON, to stay well under 5 MB."""
        np.savez_compressed(
            weights_path,
            w_claim=self.w_claim.astype(np.float16),
            w_body=self.w_body.astype(np.float16),
            w_pair=self.w_pair.astype(np.float16),
            b_hidden=self.b_hidden.astype(np.float32),
            w_out=self.w_out.astype(np.float32),
            b_out=self.b_out.astype(np.float32),
            pair_mean=self.pair_mean.astype(np.float32),
            pair_scale=self.pair_scale.astype(np.float32),
            idf=self.vocabulary.idf.astype(np.float32),
        )
        words = sorted(self.vocabulary.index, key=self.vocabulary.index.__getitem__)
        payload = {"labels": list(LABELS), "pair_features": list(PAIR_FEATURE_NAMES), "words": words}
        vocab_path.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")


def read_model(weights_path: Path, vocab_path: Path) -> StanceModel:
    """A model from its two files (plain arrays, no pickle)."""
    payload = json.loads(vocab_path.read_text(encoding="utf-8"))
    if tuple(payload["pair_features"]) != PAIR_FEATURE_NAMES or tuple(payload["labels"]) != LABELS:
        raise ValueError(f"{vocab_path} was trained with other features; retrain with crosswire.evaluate.train_stance")
    with np.load(weights_path, allow_pickle=False) as data:
        arrays = {name: data[name].astype(np.float32) for name in data.files}
    vocabulary = Vocabulary(index={w: i for i, w in enumerate(payload["words"])}, idf=arrays.pop("idf"))
    return StanceModel(vocabulary=vocabulary, **arrays)


@lru_cache(maxsize=1)
def load_stance_model() -> StanceModel:
    """The shipped FNC-1 model (loaded once)."""
    return read_model(WEIGHTS_PATH, VOCAB_PATH)
