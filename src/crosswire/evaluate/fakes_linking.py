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

The gold date is mostly the article's publication date (crowd workers copied
it), so one event reported on two days is two gold events. Beside the strict
scores (same annotated date), the output gives relaxed ones (`relaxed_*`):
gold pairs share governorate and cause and their annotated dates are at most
`RELAXED_DAYS` apart. Relaxed is an easier gold, not a better linker: it can
also join two distinct events a day apart in one governorate.
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


RELAXED_DAYS = 1


def gold_pairs(rows: Sequence[FakesRow], *, slack_days: int = 0) -> set[tuple[int, int]]:
    """Row index pairs sharing governorate and cause of death whose event dates
    are at most `slack_days` apart (0: the same date; rows without a date pair
    only with each other, and only when `slack_days` is 0)."""
    if slack_days == 0:
        return _pairs((row.event_date, row.governorate, row.cause) for row in rows)
    by_place: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        if row.event_date is not None:
            by_place[(row.governorate, row.cause)].append(index)
    pairs = set()
    for members in by_place.values():
        for i, j in combinations(members, 2):
            first, second = rows[i].event_date, rows[j].event_date
            if first is not None and second is not None and abs((first - second).days) <= slack_days:
                pairs.add((i, j))
    return pairs


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
    """{"n", "pairs_gold", "pairs_predicted", "precision", "recall", "f1"} over article pairs
    against the strict gold, and the same with a `relaxed_` prefix against gold
    dates `RELAXED_DAYS` apart (see the module docstring)."""
    rows = [row for row in read_fakes_rows(path) if row.text]
    if not rows:
        raise InputError(f"{path}: no rows with text")
    predicted = predicted_pairs(article_mentions(rows), [row.text for row in rows])
    scores: dict[str, float | int] = {"n": len(rows), "pairs_predicted": len(predicted)}
    scores.update(pair_scores(predicted, gold_pairs(rows)))
    relaxed = pair_scores(predicted, gold_pairs(rows, slack_days=RELAXED_DAYS))
    scores.update({f"relaxed_{name}": value for name, value in relaxed.items()})
    return scores


def pair_scores(predicted: set[tuple[int, int]], gold: set[tuple[int, int]]) -> dict[str, float | int]:
    """{"pairs_gold", "precision", "recall", "f1"} of predicted pairs against gold ones."""
    hits = len(gold & predicted)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pairs_gold": len(gold), "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(f1, 4)}
