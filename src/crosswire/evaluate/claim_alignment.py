"""Claim alignment measured on FNC-1: does an article carry the headline's claim?

FNC-1 (Fake News Challenge stage 1, built on the Emergent rumour data set)
pairs a headline (one claim) with an article body, labelled unrelated or
related (agree, disagree, discuss). As a proxy for "the same claim in two
articles", a pair counts as aligned when some body sentence reaches the
alignment threshold against the headline, with the same TF-IDF terms as
`crosswire.link.claims` (IDF over the headlines and body sentences).

Bodies are split in two by Body ID parity: the threshold that maximises
related-F1 on even IDs is reported with the scores it gets on odd IDs, and
the scores of the shipped threshold on odd IDs are reported beside them.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np

from crosswire.errors import InputError
from crosswire.link.claims import THRESHOLD, claim_terms, tfidf_matrix

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[\"“‘']?[A-Z0-9])|\n+")


def score_claim_alignment(folder: Path) -> dict[str, float | int]:
    """Related-vs-unrelated precision, recall and F1 of headline/body-sentence alignment."""
    bodies, stances = _read(folder)
    best: dict[int, list[tuple[float, bool]]] = {0: [], 1: []}
    for body_id, pairs in stances.items():
        sentences = [s for s in _SENTENCE_END.split(bodies.get(body_id, "")) if s.strip()]
        if not sentences:
            continue
        headlines = [headline for headline, _ in pairs]
        matrix = tfidf_matrix([claim_terms(t) for t in headlines + sentences])
        scores = (matrix[: len(headlines)] @ matrix[len(headlines) :].T).toarray().max(axis=1)
        best[body_id % 2].extend((float(score), related) for score, (_, related) in zip(scores, pairs))
    if not best[0] or not best[1]:
        raise InputError(f"{folder}: no scorable FNC-1 pairs")
    tuned = max(np.arange(0.05, 0.95, 0.01), key=lambda t: _prf(best[0], float(t))[2])
    held = _prf(best[1], float(tuned))
    shipped = _prf(best[1], THRESHOLD)
    return {
        "pairs": len(best[0]) + len(best[1]),
        "tuned_threshold": round(float(tuned), 2),
        "heldout_precision": held[0], "heldout_recall": held[1], "heldout_f1": held[2],
        "shipped_threshold": THRESHOLD,
        "shipped_precision": shipped[0], "shipped_recall": shipped[1], "shipped_f1": shipped[2],
    }


def _prf(scored: list[tuple[float, bool]], threshold: float) -> tuple[float, float, float]:
    true_positive = sum(1 for score, related in scored if related and score >= threshold)
    predicted = sum(1 for score, _ in scored if score >= threshold)
    actual = sum(1 for _, related in scored if related)
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 4), round(recall, 4), round(f1, 4)


def _read(folder: Path) -> tuple[dict[int, str], dict[int, list[tuple[str, bool]]]]:
    bodies_path, stances_path = folder / "train_bodies.csv", folder / "train_stances.csv"
    if not bodies_path.exists() or not stances_path.exists():
        raise InputError(f"{folder}: expected train_bodies.csv and train_stances.csv (FNC-1)")
    with bodies_path.open(encoding="utf-8", errors="replace", newline="") as handle:
        bodies = {int(row["Body ID"]): row["articleBody"] for row in csv.DictReader(handle)}
    stances: dict[int, list[tuple[str, bool]]] = {}
    with stances_path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for row in csv.DictReader(handle):
            stances.setdefault(int(row["Body ID"]), []).append((row["Headline"], row["Stance"] != "unrelated"))
    return bodies, stances
