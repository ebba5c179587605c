"""Score the stance model on FNC-1 (Fake News Challenge stage 1).

A stances CSV (Headline, Body ID, Stance) and a bodies CSV (Body ID,
articleBody). The FNC score gives 0.25 for telling related from unrelated
and 0.75 more for the right label among agree/disagree/discuss, reported as a
percentage of the best possible; macro-F1 over the four labels does not
reward the majority class ("unrelated", 73% of pairs).

`split="dev"` scores only the bodies held back from training: the training
file's body ids shuffled with the FNC-1 organisers' baseline seed, the last
20% held out, so no body is in both parts (and the shipped model never saw
them). The same claims (headlines) recur on both sides of that split, so it
flatters a model that remembers claims.

`split="topics"` is the stricter estimate, closer to the competition test
(unseen bodies and mostly unseen claims): headlines and bodies joined by a
related pair form one topic (an Emergent claim, 191 in the training file),
one topic in five is held out, and a model is trained on the other topics'
pairs on the spot (a few minutes) and scored on the pairs within the held-out
topics. Pairs that join a held-out topic to a training one are in neither
part. Those are all unrelated pairs (29,587 of the 36,545), so a held-out
fold is 17-41% unrelated where the competition test is 72%: its FNC score
weighs the hard agree/discuss/disagree choice far more than the test's does.
`at_test_mix` rescales a fold's confusion counts to the test's label counts
for a number comparable with published test scores.
"""

from __future__ import annotations

import csv
import random
import sys

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from crosswire.errors import InputError

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = frozenset(LABELS[:3])
SPLIT_SEED = 1489215  # the seed of the FNC-1 baseline's hold-out split
TRAIN_SHARE = 0.8
TOPIC_FOLDS = 5
Split = Literal["all", "train", "dev"]
EvalSplit = Literal["all", "dev", "topics"]
# Label counts of the FNC-1 competition test set (25,413 pairs), for at_test_mix.
TEST_MIX = {"agree": 1903, "disagree": 697, "discuss": 4464, "unrelated": 18349}


@dataclass(frozen=True, slots=True)
class StancePair:
    """One labelled pair: a headline, the body it was paired with, the gold stance."""

    headline: str
    body_id: str
    body: str
    stance: str


def read_fnc1(stances: Path, bodies: Path) -> list[StancePair]:
    """Every row of the stances file joined with its body; clear errors for malformed files."""
    body_text = {row["Body ID"]: row["articleBody"] for row in _rows(bodies, ("Body ID", "articleBody"))}
    pairs = []
    for line, row in enumerate(_rows(stances, ("Headline", "Body ID", "Stance")), start=2):
        stance = row["Stance"].strip().lower()
        if stance not in LABELS:
            raise InputError(f"{stances}:{line}: unknown stance {row['Stance']!r} (expected one of {', '.join(LABELS)})")
        body_id = row["Body ID"].strip()
        if body_id not in body_text:
            raise InputError(f"{stances}:{line}: body id {body_id!r} is not in {bodies}")
        pairs.append(StancePair(row["Headline"], body_id, body_text[body_id], stance))
    return pairs


def _rows(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)  # article bodies can be long
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or ())]
            if missing:
                raise InputError(f"{path}: missing column(s) {', '.join(missing)} (found {reader.fieldnames})")
            rows = [{c: (row[c] or "") for c in columns} for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"{path}: cannot read as a UTF-8 CSV file ({error})") from error
    return [{**row, "Body ID": row["Body ID"].strip()} for row in rows]


def split_by_body(pairs: Sequence[StancePair], part: Split) -> list[StancePair]:
    """The pairs of one part of the body-id split ("all" keeps every pair)."""
    if part == "all":
        return list(pairs)
    ids = sorted({p.body_id for p in pairs}, key=lambda i: (len(i), i))
    random.Random(SPLIT_SEED).shuffle(ids)
    train_ids = set(ids[: int(TRAIN_SHARE * len(ids))])
    return [p for p in pairs if (p.body_id in train_ids) == (part == "train")]


def topic_folds(pairs: Sequence[StancePair], *, folds: int = TOPIC_FOLDS) -> list[tuple[int, int]]:
    """Per pair, the folds (0..folds-1) of its headline's topic and of its body's topic.

    A topic is a connected component of headlines and bodies over related
    pairs, so both folds of a related pair are the same; topics are shuffled
    with the baseline seed and dealt round-robin."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for p in pairs:
        head, body = root("h:" + p.headline), root("b:" + p.body_id)
        if p.stance in RELATED and head != body:
            parent[head] = body
    topics = sorted({root(node) for node in list(parent)})
    random.Random(SPLIT_SEED).shuffle(topics)
    fold_of = {topic: i % folds for i, topic in enumerate(topics)}
    return [(fold_of[root("h:" + p.headline)], fold_of[root("b:" + p.body_id)]) for p in pairs]


def split_by_topic(pairs: Sequence[StancePair], *, held_out: int = 0) -> tuple[list[StancePair], list[StancePair]]:
    """(training pairs, held-out pairs): headline and body both outside fold `held_out`, or both inside it."""
    folds = topic_folds(pairs)
    train = [p for p, (head, body) in zip(pairs, folds) if held_out not in (head, body)]
    return train, [p for p, (head, body) in zip(pairs, folds) if head == body == held_out]


def score_labels(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float | int]:
    """FNC score (% of maximum), macro-F1, per-class F1 and the confusion counts."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    score = best = 0.0
    confusion = {(g, p): 0 for g in LABELS for p in LABELS}
    for g, p in zip(gold, predicted):
        confusion[g, p] += 1
        best += 0.25 + (0.75 if g in RELATED else 0.0)
        score += 0.25 * ((g in RELATED) == (p in RELATED)) + (0.75 if g == p and g in RELATED else 0.0)
    f1 = {label: _f1(confusion, label) for label in LABELS}
    result: dict[str, float | int] = {
        "n": len(gold),
        "fnc_score": round(100.0 * score / best, 2) if best else 0.0,
        "macro_f1": round(sum(f1.values()) / len(LABELS), 4),
        "accuracy": round(sum(confusion[label, label] for label in LABELS) / max(1, len(gold)), 4),
    }
    result.update({f"f1_{label}": round(value, 4) for label, value in f1.items()})
    result.update({f"gold_{g}_as_{p}": confusion[g, p] for g in LABELS for p in LABELS})
    return result


def at_test_mix(scores: dict[str, float | int], mix: dict[str, int] = TEST_MIX) -> dict[str, float]:
    """FNC score and macro-F1 of `score_labels` output with each gold label's row scaled to `mix`."""
    rows = {g: sum(float(scores[f"gold_{g}_as_{p}"]) for p in LABELS) for g in LABELS}
    total = sum(mix.values())
    confusion: dict[tuple[str, str], float] = {
        (g, p): float(scores[f"gold_{g}_as_{p}"]) * mix[g] / total / rows[g] if rows[g] else 0.0
        for g in LABELS for p in LABELS
    }
    score = best = 0.0
    for (g, p), count in confusion.items():
        best += count * (0.25 + (0.75 if g in RELATED else 0.0))
        score += count * (0.25 * ((g in RELATED) == (p in RELATED)) + (0.75 if g == p and g in RELATED else 0.0))
    macro = sum(_f1(confusion, label) for label in LABELS) / len(LABELS)
    return {"test_mix_fnc_score": round(100.0 * score / best, 2) if best else 0.0, "test_mix_macro_f1": round(macro, 4)}


def _f1(confusion: Mapping[tuple[str, str], float], label: str) -> float:
    tp = confusion[label, label]
    fp = sum(confusion[g, label] for g in LABELS if g != label)
    fn = sum(confusion[label, p] for p in LABELS if p != label)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def score_fnc1(stances: Path, bodies: Path, *, split: EvalSplit = "all") -> dict[str, float | int]:
    """The stance model on an FNC-1 file pair, on the training file's dev part, or on held-out topics.

    "all" and "dev" score the shipped model; "topics" trains one on the other topics first."""
    from crosswire.link.stance import load_stance_model

    pairs = read_fnc1(Path(stances), Path(bodies))
    if split == "topics":
        from crosswire.evaluate.train_stance import Settings, train

        train_pairs, pairs = split_by_topic(pairs)
        if not train_pairs or not pairs:
            raise InputError(f"{stances}: too few topics to hold one in {TOPIC_FOLDS} out")
        model = train(train_pairs, Settings())
    else:
        pairs = split_by_body(pairs, split)
        model = load_stance_model()
    if not pairs:
        raise InputError(f"{stances}: no pairs to score")
    results = model.predict([(p.headline, p.body) for p in pairs])
    scores = score_labels([p.stance for p in pairs], [r.label for r in results])
    return {**scores, **at_test_mix(scores)} if split == "topics" else scores
