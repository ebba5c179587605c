"""Score attribution finding on PolNeAR (Newell, Margolin, Ruths, LREC 2018).

A split directory holds text/ARTICLE.txt and attributions/ARTICLE*.ann
(brat standoff; several annotators' files for some articles: the first by
name is gold). The measure is character-level F1 per role (source, cue,
content): per article, the characters inside any gold span of a role are
compared with the characters inside any predicted span of that role; true
positives, false positives and false negatives are summed over articles
(micro average). What is scored is what the product runs: the rule finder
merged with the trained tagger (`attribution_model.find_attributions_with_model`);
the rules alone (`rules_*`) and the quotes-only baseline (content = quoted
passages, quotation marks included) are measured in the same run.
"""

from __future__ import annotations

import re

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crosswire.errors import InputError
from crosswire.understand.attribution import find_attributions
from crosswire.understand.attribution_model import find_attributions_with_model
from crosswire.understand.quotes import quote_spans

ROLES = ("source", "cue", "content")
# A text-bound annotation line; the span text after it may contain newlines.
_TEXT_BOUND = re.compile(r"(?m)^T\d+\t(?P<label>[\w-]+) (?P<offsets>\d+ \d+(?:;\d+ \d+)*)\t")
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One article's text and the character spans of each role."""

    name: str
    text: str
    spans: dict[str, tuple[Span, ...]]


@dataclass(slots=True)
class RoleCounts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[int], predicted: set[int]) -> None:
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    def f1(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 0.0


@dataclass(slots=True)
class Scoreboard:
    counts: dict[str, RoleCounts] = field(default_factory=lambda: {role: RoleCounts() for role in ROLES})
    rules: dict[str, RoleCounts] = field(default_factory=lambda: {role: RoleCounts() for role in ROLES})
    baseline: RoleCounts = field(default_factory=RoleCounts)
    articles: int = 0


def load_split(directory: Path) -> list[GoldArticle]:
    """Articles of a PolNeAR split with the first annotator's spans."""
    texts = sorted((directory / "text").glob("*.txt"))
    if not texts:
        raise InputError(f"{directory} has no text/*.txt: not a PolNeAR split directory")
    articles = []
    for path in texts:
        annotations = sorted((directory / "attributions").glob(f"{path.stem}*.ann"))
        if not annotations:
            continue
        text = path.read_text(encoding="utf-8")
        articles.append(GoldArticle(path.stem, text, read_ann(annotations[0].read_text(encoding="utf-8"))))
    return articles


def read_ann(ann: str) -> dict[str, tuple[Span, ...]]:
    """Spans per role from brat standoff text ("T3\\tContent 22 51;60 70\\t...")."""
    spans: dict[str, list[Span]] = {role: [] for role in ROLES}
    for match in _TEXT_BOUND.finditer(ann):
        role = match.group("label").lower()
        offsets = match.group("offsets")
        if role not in spans:
            continue
        for piece in offsets.split(";"):
            start, end = piece.split()
            spans[role].append((int(start), int(end)))
    return {role: tuple(values) for role, values in spans.items()}


def predict_spans(doc: Any) -> dict[str, tuple[Span, ...]]:
    """Spans per role that the product's attribution finder (rules + tagger) labels in `doc`."""
    return relation_spans(find_attributions_with_model(doc))


def relation_spans(relations: Iterable[Any]) -> dict[str, tuple[Span, ...]]:
    """Spans per role (source, cue, content) of attribution relations."""
    spans: dict[str, list[Span]] = {role: [] for role in ROLES}
    for relation in relations:
        if relation.source is not None:
            spans["source"].append(relation.source)
        if relation.cue is not None:
            spans["cue"].append(relation.cue)
        spans["content"].extend(relation.content)
    return {role: tuple(values) for role, values in spans.items()}


def characters(spans: Iterable[Span], text: str) -> set[int]:
    """Offsets covered by `spans`, whitespace left out so token joins do not count."""
    return {i for start, end in spans for i in range(start, min(end, len(text))) if not text[i].isspace()}


def score_docs(articles: Sequence[GoldArticle], docs: Iterable[Any]) -> dict[str, float | int]:
    """Score parsed `docs` (one per article, same order) against the gold spans."""
    board = Scoreboard()
    for article, doc in zip(articles, docs, strict=True):
        predicted = predict_spans(doc)
        rules = relation_spans(find_attributions(doc))
        for role in ROLES:
            gold = characters(article.spans[role], article.text)
            board.counts[role].add(gold, characters(predicted[role], article.text))
            board.rules[role].add(gold, characters(rules[role], article.text))
        gold_content = characters(article.spans["content"], article.text)
        board.baseline.add(gold_content, characters(quote_spans(article.text), article.text))
        board.articles += 1
    result: dict[str, float | int] = {"n": board.articles}
    for role in ROLES:
        result[f"{role}_f1"] = round(board.counts[role].f1(), 4)
    for role in ROLES:
        counts = board.counts[role]
        result[f"{role}_precision"] = round(counts.tp / max(1, counts.tp + counts.fp), 4)
        result[f"{role}_recall"] = round(counts.tp / max(1, counts.tp + counts.fn), 4)
    for role in ROLES:
        result[f"rules_{role}_f1"] = round(board.rules[role].f1(), 4)
    result["baseline_content_f1"] = round(board.baseline.f1(), 4)
    return result


def score_polnear(directory: Path) -> dict[str, float | int]:
    """Character-level source / cue / content F1 on a PolNeAR split (e.g. polnear/dev)."""
    from crosswire.understand.nlp import load_pipeline

    articles = load_split(Path(directory))
    docs = load_pipeline().pipe((article.text for article in articles), batch_size=16)
    return score_docs(articles, docs)
