"""The event linker's compact arrays: block helpers, blocked vector building and
average link over one connected component at a time."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from crosswire.link import event_text
from crosswire.link.arrays import expand_ranges, row_blocks, sorted_unique
from crosswire.link.event_clusters import ScoredPairs, average_link
from crosswire.link.event_similarity import date_span
from crosswire.link.event_text import mention_vectors
from crosswire.link.records import EventMention
from tests.paths import SEED_000, SEED_004

_BASE = EventMention(
    article_id="", position=0, outlet="x", published=None, type="Battles", sub_event=None, date=None,
    date_precision=None, place_name=None, admin1=None, country=None, lat=None, lon=None, actors=(), figures=(),
    text="", main=True,
)


def test_row_blocks_cover_every_row_once_within_the_budget_or_one_row_alone() -> None:
    cost = np.array([3, 4, 10, 1, 1, 1, 2])
    blocks = list(row_blocks(cost, 5))
    assert blocks == [(0, 1), (1, 2), (2, 3), (3, 7)]
    assert list(row_blocks(cost[:0], 5)) == []


def test_expand_ranges_and_sorted_unique() -> None:
    assert expand_ranges(np.array([5, 0, 9]), np.array([2, 0, 3])).tolist() == [5, 6, 9, 10, 11]
    values, counts = sorted_unique(np.array([7, 3, 7, 7, 1, 3]))
    assert values.tolist() == [1, 3, 7] and counts.tolist() == [1, 2, 3]
    assert sorted_unique(np.zeros(0, dtype=np.int64))[0].tolist() == []


def test_vectors_built_block_by_block_are_bit_for_bit_the_whole_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = {"s0": SEED_000.read_text(encoding="utf-8"), "s4": SEED_004.read_text(encoding="utf-8")}
    sentences = [s for text in texts.values() for s in text.split(". ") if len(s) > 40]
    mentions = [replace(_BASE, article_id=("s0", "s4", "x")[i % 3], position=i, main=i < 3, text=s)
                for i, s in enumerate(sentences)]
    whole, evidence = mention_vectors(mentions, texts, article_weight=30.0)
    monkeypatch.setattr(event_text, "_BLOCK_ENTRIES", 50)
    blocked, blocked_evidence = mention_vectors(mentions, texts, article_weight=30.0)
    for a, b in ((whole, blocked), (evidence, blocked_evidence)):
        assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
        assert np.array_equal(a.data, b.data)
    assert whole.nnz > evidence.nnz > 0  # the main mentions carry their article's words


def _mentions(count: int) -> list[EventMention]:
    return [replace(_BASE, article_id=f"a{i}") for i in range(count)]


def test_a_cluster_joins_what_most_of_its_members_resemble_and_never_across_a_forbidden_pair() -> None:
    mentions = _mentions(6)
    spans = [date_span(m) for m in mentions]
    scores = {(0, 1): 0.9, (1, 2): 0.3, (0, 2): 0.0,  # 2 is 0.15 on average from {0, 1}: stays out
              (3, 4): 0.8, (4, 5): 0.7, (3, 5): None,  # 5 may not join 3's cluster
              (2, 3): 0.1}  # under the threshold, across two components
    groups = average_link(mentions, spans, scores, threshold=0.22, same_article_min=0.6)
    assert sorted(groups) == [[0, 1], [2], [3, 4], [5]]
    left, right = np.array([p[0] for p in scores]), np.array([p[1] for p in scores])
    values = np.array([np.nan if s is None else s for s in scores.values()])
    arrays = average_link(mentions, spans, ScoredPairs(left, right, values), threshold=0.22, same_article_min=0.6)
    assert sorted(arrays) == sorted(groups)
    scores[(3, 5)] = 0.7
    assert sorted(average_link(mentions, spans, scores, threshold=0.22, same_article_min=0.6)) == [[0, 1], [2], [3, 4, 5]]


def test_two_mentions_of_one_article_join_only_when_their_pair_is_near_identical() -> None:
    mentions = [replace(_BASE, article_id="a", position=0), replace(_BASE, article_id="a", position=1),
                replace(_BASE, article_id="b")]
    spans = [date_span(m) for m in mentions]
    apart = average_link(mentions, spans, {(0, 1): 0.5, (0, 2): 0.9, (1, 2): 0.9}, threshold=0.22,
                         same_article_min=0.6)
    assert sorted(apart) == [[0, 2], [1]]
    together = average_link(mentions, spans, {(0, 1): 0.7, (0, 2): 0.9, (1, 2): 0.9}, threshold=0.22,
                            same_article_min=0.6)
    assert together == [[0, 1, 2]]
