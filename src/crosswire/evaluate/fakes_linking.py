"""`crosswire eval fakes-linking`: which FA-KES articles report the same event.

FA-KES (Abu Salem et al., ICWSM 2019; Zenodo 2607278, CC BY 4.0) annotates
each article's main event with a date, a governorate and a cause of death.
Gold: every pair of articles whose annotations share all three (the data set's
own notion of one event: the 15 April 2017 convoy bombing near Aleppo is
reported by several outlets with 24 to 100 dead). Predicted: every pair of
articles whose main event mentions `link_event_mentions` puts in one group.
Each article goes through the same steps as in `crosswire analyze` (clean
text, publication date from its dateline, spaCy, event frames); all frames
of all articles are linked together, with the whole texts as article texts.
Pairs are unordered article pairs; precision, recall and F1 are over them.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Hashable, Iterable, Sequence

from crosswire.errors import InputError
from crosswire.evaluate.event_mentions import analyse_texts, main_mention
from crosswire.evaluate.fakes_data import FakesRow, read_fakes_rows
from crosswire.link.events import link_event_mentions
from crosswire.link.records import EventMention


def gold_pairs(rows: Sequence[FakesRow]) -> set[tuple[int, int]]:
    """Row index pairs sharing event date, governorate and cause of death."""
    return _pairs((row.event_date, row.governorate, row.cause) for row in rows)


def predicted_pairs(mentions: Sequence[Sequence[EventMention]], texts: Sequence[str]) -> set[tuple[int, int]]:
    """Row index pairs whose main mentions are linked into one group."""
    flat = [m for article in mentions for m in article]
    article_texts = {article[0].article_id: text for article, text in zip(mentions, texts)}
    groups = link_event_mentions(flat, article_texts=article_texts)
    group_of = {key: number for number, group in enumerate(groups) for key in group}
    return _pairs(group_of[main_mention(article).key] for article in mentions)


def _pairs(labels: Iterable[Hashable]) -> set[tuple[int, int]]:
    members: dict[Hashable, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        members[label].append(index)
    return {pair for group in members.values() for pair in combinations(group, 2)}


def article_mentions(rows: Sequence[FakesRow]) -> list[list[EventMention]]:
    items = [(f"row{i:04d}", row.text, row.published) for i, row in enumerate(rows)]
    return list(analyse_texts(items, outlet="fakes"))


def score_fakes_linking(path: Path) -> dict[str, float | int]:
    """{"n", "pairs_gold", "pairs_predicted", "precision", "recall", "f1"} over article pairs."""
    rows = [row for row in read_fakes_rows(path) if row.text]
    if not rows:
        raise InputError(f"{path}: no rows with text")
    gold = gold_pairs(rows)
    predicted = predicted_pairs(article_mentions(rows), [row.text for row in rows])
    hits = len(gold & predicted)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"n": len(rows), "pairs_gold": len(gold), "pairs_predicted": len(predicted),
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
