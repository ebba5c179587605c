"""Candidate pairs from integer postings are the pairs the rule in `link/blocking.py` asks for.

The reference below is the rule written the plain way (Python lists and a
Counter per mention, as the blocking was first written); the numpy version
must give exactly its pairs."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

import numpy as np

from crosswire.link import blocking
from crosswire.link.blocking import MAX_CANDIDATES, MAX_POSTINGS, TOP_TERMS, candidate_pairs
from crosswire.link.event_similarity import DateSpan, date_span
from crosswire.link.event_text import mention_vectors
from crosswire.link.records import EventMention

_BASE = EventMention(
    article_id="", position=0, outlet="x", published=None, type="Battles", sub_event=None, date=None,
    date_precision=None, place_name=None, admin1=None, country=None, lat=None, lon=None, actors=(), figures=(),
    text="", main=True,
)


def _reference(matrix: object, spans: list[DateSpan | None]) -> set[tuple[int, int]]:
    n = matrix.shape[0]  # type: ignore[attr-defined]
    tops = []
    for i in range(n):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]  # type: ignore[attr-defined]
        order = np.argsort(-matrix.data[start:end], kind="stable")[:TOP_TERMS]  # type: ignore[attr-defined]
        tops.append(matrix.indices[start:end][order].tolist())  # type: ignore[attr-defined]
    weeks = [blocking._week(s) for s in spans]
    postings: dict[int, list[int]] = defaultdict(list)
    weekly: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, terms in enumerate(tops):
        for term in terms:
            postings[term].append(i)
            weekly[(term, weeks[i])].append(i)
    pairs = set()
    for i, terms in enumerate(tops):
        hits: Counter[int] = Counter()
        for term in terms:
            if len(postings[term]) <= MAX_POSTINGS:
                hits.update(postings[term])
            elif weeks[i] != blocking._NO_WEEK:
                for near in (weeks[i] - 1, weeks[i], weeks[i] + 1):
                    bucket = weekly.get((term, near), [])
                    if bucket and len(bucket) <= MAX_POSTINGS:
                        hits.update(bucket)
        hits.pop(i, None)
        for j, _ in sorted(hits.items(), key=lambda item: (-item[1], item[0]))[:MAX_CANDIDATES]:
            pairs.add((min(i, j), max(i, j)))
    return pairs


def _collection(size: int) -> list[EventMention]:
    villages = [f"village{i}" for i in range(150)]
    return [
        replace(_BASE, article_id=f"a{i:04d}", date=None if i % 7 == 0 else f"2018-0{1 + i % 3}-{1 + i % 28:02d}",
                date_precision="day" if i % 5 else "month",
                text=f"Shelling hit {villages[i % 150]} near Aleppo, killing civilians. {villages[(i * 7) % 150]} "
                f"Idlib {villages[(i * 11) % 150]} airstrike")
        for i in range(size)
    ]


def test_the_array_postings_give_exactly_the_plain_rules_pairs_common_terms_included() -> None:
    mentions = _collection(900)
    matrix, _ = mention_vectors(mentions, None, article_weight=0.0)
    spans = [date_span(m) for m in mentions]
    left, right = candidate_pairs(matrix, spans)
    expected = _reference(matrix, spans)
    assert set(zip(left.tolist(), right.tolist())) == expected
    assert list(zip(left.tolist(), right.tolist())) == sorted(expected)  # ascending, each pair once
    common = np.bincount(blocking.top_terms(matrix, TOP_TERMS)[1]).max()
    assert common > MAX_POSTINGS  # the weekly buckets were used


def test_mentions_without_a_short_date_find_nothing_through_common_terms() -> None:
    mentions = [replace(m, date="2018", date_precision="year") for m in _collection(300)]
    matrix, _ = mention_vectors(mentions, None, article_weight=0.0)
    spans = [date_span(m) for m in mentions]
    left, right = candidate_pairs(matrix, spans)
    assert set(zip(left.tolist(), right.tolist())) == _reference(matrix, spans)
