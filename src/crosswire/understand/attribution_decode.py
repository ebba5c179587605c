"""Best BIO tag sequence over the tagger's per-token scores (Viterbi).

The tagger scores every token on its own, so its argmax can open a span
with an I- tag or glue a cue onto a source. Decoding jointly with a label
transition table fixes that: transitions that BIO forbids (I-X after
anything but B-X / I-X) get minus infinity, allowed ones a log probability
counted on the training labels and scaled by one knob (`weight`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float32]
_FORBIDDEN = -1e4
# Log probability above which a label other than "O" is worth a search (1 in 3000).
PLAUSIBLE = -8.0


@lru_cache(maxsize=4)
def allowed(labels: tuple[str, ...]) -> npt.NDArray[np.bool_]:
    """allowed[i, j]: may label j follow label i?"""
    table = np.ones((len(labels), len(labels)), dtype=bool)
    for j, label in enumerate(labels):
        if label.startswith("I-"):
            role = label[2:]
            for i, previous in enumerate(labels):
                table[i, j] = previous in (f"B-{role}", f"I-{role}")
    return table


def transition_scores(labels: Sequence[str], sequences: Sequence[Sequence[str]]) -> Floats:
    """Log P(next | previous) from label sequences, add-one smoothed, forbidden pairs -inf."""
    counts = np.ones((len(labels), len(labels)), dtype=np.float64)
    position = {label: k for k, label in enumerate(labels)}
    for tags in sequences:
        codes = [position[t] for t in tags]
        np.add.at(counts, (codes[:-1], codes[1:]), 1.0)
    logs = np.log(counts / counts.sum(axis=1, keepdims=True))
    return np.where(allowed(tuple(labels)), logs, _FORBIDDEN).astype(np.float32)


def viterbi(emissions: Floats, transitions: Floats, *, weight: float, labels: Sequence[str]) -> list[int]:
    """Label indices maximising emissions + weight * transitions under BIO.

    `emissions` are per-token log probabilities (tokens, labels). The first
    token may not carry an I- label.
    """
    n, k = emissions.shape
    if n == 0:
        return []
    table = np.where(allowed(tuple(labels)), weight * transitions, _FORBIDDEN).astype(np.float32)
    start = np.array([_FORBIDDEN if label.startswith("I-") else 0.0 for label in labels], dtype=np.float32)
    score = emissions[0] + start
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        candidates = score[:, None] + table
        back[t] = candidates.argmax(axis=0)
        score = candidates[back[t], np.arange(k)] + emissions[t]
    best = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        best.append(int(back[t, best[-1]]))
    return best[::-1]


def decode(emissions: Floats, transitions: Floats, *, weight: float, labels: Sequence[str]) -> list[int]:
    """`viterbi` run only over stretches where some label other than "O" is plausible.

    Most tokens are outside any span with near certainty; they are labelled
    "O" (index 0) without a search, which makes decoding a few times faster.
    A stretch starts after such a token, so it may not open with an I- label,
    as after an "O".
    """
    best = [0] * len(emissions)
    plausible = emissions[:, 1:].max(axis=1) > PLAUSIBLE if len(emissions) else np.zeros(0, dtype=bool)
    edges = np.flatnonzero(np.diff(np.r_[0, plausible.astype(np.int8), 0]))
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        best[start:end] = viterbi(emissions[start:end], transitions, weight=weight, labels=labels)
    return best


def log_softmax(scores: Floats) -> Floats:
    shifted = scores - scores.max(axis=1, keepdims=True)
    result: Floats = (shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))).astype(np.float32)
    return result
