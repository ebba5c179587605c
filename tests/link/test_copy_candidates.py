"""Candidate pairs for shared passages, counted with arrays, against the plain count they replace."""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import combinations

import pytest

from crosswire.link import copies
from crosswire.link.copies import Fingerprints, _candidate_pairs, _MIN_SHARED
from crosswire.link.records import ArticleText
from tests.paths import REPO

FIXTURE = REPO / "tests" / "data" / "link" / "fakes_copies.jsonl"


def _articles() -> list[ArticleText]:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    return [ArticleText(r["id"], r["outlet"], r["published"], None, r["text"], seq) for seq, r in enumerate(rows)]


def _counted(prints: list[set[int]], max_df: int) -> set[tuple[int, int]]:
    """The pairs as a dict of pair counts gives them (what `_candidate_pairs` did before arrays)."""
    index: dict[int, list[int]] = defaultdict(list)
    for article, found in enumerate(prints):
        for value in found:
            index[value].append(article)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for holders in index.values():
        if 2 <= len(holders) <= max_df:
            for pair in combinations(holders, 2):
                shared[pair] += 1
    return {pair for pair, count in shared.items() if count >= _MIN_SHARED}


@pytest.mark.parametrize("chunk", [5_000_000, 7])  # 7: a pair's two shared fingerprints counted in different chunks
def test_array_counting_gives_the_pairs_a_dict_count_gives(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(copies, "_PAIRS_PER_CHUNK", chunk)
    # The fixture's articles twice over: every article pairs with its twin and with the articles it copies.
    articles = _articles() * 2
    texts = Fingerprints(articles, cache=4)  # most articles' tokens recomputed when asked for again
    values = texts.values()
    prints = [set(texts.tokens(i).prints.tolist()) for i in range(len(articles))]
    assert [sorted(found) for found in prints] == [v.tolist() for v in values]
    assert all(len(found) > 10 for found in prints)
    for max_df in (100, 3, 2):  # 2: only the twins' own fingerprints are rare enough
        expected = _counted(prints, max_df)
        assert expected, max_df
        assert _candidate_pairs(values, max_df=max_df) == expected
    twins = {(i, i + len(articles) // 2) for i in range(len(articles) // 2)}
    assert _candidate_pairs(values, max_df=2) <= twins


def test_no_articles_or_no_shared_fingerprints_give_no_pairs() -> None:
    articles = _articles()
    assert _candidate_pairs([], max_df=100) == set()
    assert _candidate_pairs(Fingerprints(articles[:1]).values(), max_df=100) == set()
