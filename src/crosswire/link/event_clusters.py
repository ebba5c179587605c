"""Average-link grouping of event mentions over a sparse graph of scored pairs.

Clusters merge best-first while the mean score over all their cross pairs
(pairs never compared count as 0, so a cluster joins only what most of its
members resemble) stays at or above the threshold. Single-link chaining, the
usual failure of one-pass grouping (A like B, B like C, A nothing like C),
cannot happen. A merge is refused when:

- any compared pair across the two clusters failed the date gate;
- the anchored exact (day-precision) dates of the merged cluster would
  spread over more than `DATE_SLACK_DAYS`, so a chain of "one day later"
  stops (unanchored dates only lower their pairs' scores, as in the gate);
- both hold a mention of the same article, unless every such same-article
  pair scores at least `same_article_min`: the understand stage already split
  an article into distinct events, so only a near-identical pair is undone.

Each merge moves the smaller cluster's neighbour sums into the larger one, so
the work is about O(E log E) for E scored pairs.

A mean reaches the threshold only if one of its pairs does (pairs never
compared count 0), so no merge ever crosses two connected components of the
pairs at the threshold: each component is grouped on its own pairs, one at a
time, and only its pairs live in Python dicts (all pairs as dicts of dicts
took about 3 KB a mention at 100k; the pairs wait in numpy arrays instead).
Which of two merged clusters keeps its id (the one with more neighbours in
the component) only orders exact ties.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterator, Mapping, Sequence

import numpy as np
from scipy.sparse import coo_matrix  # type: ignore[import-untyped]
from scipy.sparse.csgraph import connected_components  # type: ignore[import-untyped]

from crosswire.link.event_similarity import DATE_SLACK_DAYS, DateSpan
from crosswire.link.records import EventMention

_Pair = tuple[int, int]


@dataclass(frozen=True, slots=True)
class ScoredPairs:
    """Scored mention pairs as parallel arrays, left < right; a NaN score marks a pair a gate forbids."""

    left: np.ndarray
    right: np.ndarray
    score: np.ndarray

    @classmethod
    def from_mapping(cls, scores: Mapping[_Pair, float | None]) -> ScoredPairs:
        pairs = np.array(list(scores), dtype=np.int64).reshape(-1, 2)
        values = np.array([np.nan if s is None else s for s in scores.values()], dtype=np.float64)
        return cls(pairs[:, 0], pairs[:, 1], values)


@dataclass(slots=True)
class _Cluster:
    members: list[int]
    articles: set[str]
    first: date | None  # earliest anchored exact (day-precision) date of the members
    last: date | None  # latest


def average_link(
    mentions: Sequence[EventMention],
    spans: Sequence[DateSpan | None],
    scores: ScoredPairs | Mapping[_Pair, float | None],
    *,
    threshold: float,
    same_article_min: float,
) -> list[list[int]]:
    """Groups of mention indices; a mapping's `scores[(i, j)]` (i < j) is None for a pair a gate forbids."""
    pairs = scores if isinstance(scores, ScoredPairs) else ScoredPairs.from_mapping(scores)
    groups: list[list[int]] = []
    for members, left, right, score in _components(len(mentions), pairs, threshold):
        if len(members) == 1:
            groups.append(members)
        else:
            groups.extend(_agglomerate(members, left, right, score, mentions, spans, threshold, same_article_min))
    return groups


def _components(
    n: int, pairs: ScoredPairs, threshold: float
) -> Iterator[tuple[list[int], list[int], list[int], list[float]]]:
    """(members, left, right, score) of each connected component of the pairs at the threshold, with
    every scored pair inside it."""
    strong = pairs.score >= threshold  # NaN (forbidden) compares False
    graph = coo_matrix((np.ones(int(strong.sum()), dtype=np.int8), (pairs.left[strong], pairs.right[strong])),
                       shape=(n, n))
    count, label = connected_components(graph, directed=False)
    members = np.argsort(label, kind="stable")
    member_start = np.searchsorted(label[members], np.arange(count + 1))
    inside = np.flatnonzero(label[pairs.left] == label[pairs.right])
    inside = inside[np.argsort(label[pairs.left[inside]], kind="stable")]
    pair_start = np.searchsorted(label[pairs.left[inside]], np.arange(count + 1))
    for c in range(count):
        chosen = inside[pair_start[c] : pair_start[c + 1]]
        yield (members[member_start[c] : member_start[c + 1]].tolist(), pairs.left[chosen].tolist(),
               pairs.right[chosen].tolist(), pairs.score[chosen].tolist())


def _agglomerate(
    members: list[int], left: list[int], right: list[int], score: list[float], mentions: Sequence[EventMention],
    spans: Sequence[DateSpan | None], threshold: float, same_article_min: float,
) -> list[list[int]]:
    """Average link over one component's members and pairs (global indices)."""
    clusters = {i: _singleton(i, mentions[i], spans[i]) for i in members}
    sums: dict[int, dict[int, float]] = {i: {} for i in members}
    forbidden: dict[int, set[int]] = {i: set() for i in members}
    same_article: dict[_Pair, float | None] = {}
    for i, j, value in zip(left, right, score):
        allowed = value == value  # NaN marks a forbidden pair
        if mentions[i].article_id == mentions[j].article_id:
            same_article[(i, j)] = value if allowed else None
        if allowed:
            sums[i][j] = sums[j][i] = value
        else:
            forbidden[i].add(j)
            forbidden[j].add(i)
    heap = [(-s, i, j) for i, row in sums.items() for j, s in row.items() if i < j and s >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in clusters or b not in clusters:
            continue
        current = _mean(a, b, sums, clusters)
        if abs(current + negative) > 1e-12 or current < threshold:
            continue  # stale entry: a fresher one for this pair is in the heap
        if not _may_merge(a, b, clusters, forbidden, mentions, same_article, same_article_min):
            continue
        kept = _merge(a, b, clusters, sums, forbidden, mentions)
        for other in sums[kept]:
            mean = _mean(kept, other, sums, clusters)
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(kept, other), max(kept, other)))
    return [sorted(c.members) for c in clusters.values()]


def _singleton(index: int, mention: EventMention, span: DateSpan | None) -> _Cluster:
    day = span.first if span is not None and span.exact and span.anchored else None
    return _Cluster([index], {mention.article_id}, day, day)


def _mean(a: int, b: int, sums: dict[int, dict[int, float]], clusters: dict[int, _Cluster]) -> float:
    return sums[a].get(b, 0.0) / (len(clusters[a].members) * len(clusters[b].members))


def _may_merge(
    a: int,
    b: int,
    clusters: dict[int, _Cluster],
    forbidden: dict[int, set[int]],
    mentions: Sequence[EventMention],
    same_article: Mapping[_Pair, float | None],
    same_article_min: float,
) -> bool:
    ca, cb = clusters[a], clusters[b]
    if b in forbidden[a]:
        return False
    first = min((d for d in (ca.first, cb.first) if d is not None), default=None)
    last = max((d for d in (ca.last, cb.last) if d is not None), default=None)
    if first is not None and last is not None and last - first > timedelta(days=DATE_SLACK_DAYS):
        return False
    shared = ca.articles & cb.articles
    if not shared:
        return True
    for i in (m for m in ca.members if mentions[m].article_id in shared):
        for j in (m for m in cb.members if mentions[m].article_id == mentions[i].article_id):
            score = same_article.get((min(i, j), max(i, j)))
            if score is None or score < same_article_min:
                return False
    return True


def _merge(
    a: int,
    b: int,
    clusters: dict[int, _Cluster],
    sums: dict[int, dict[int, float]],
    forbidden: dict[int, set[int]],
    mentions: Sequence[EventMention],
) -> int:
    """Merge the smaller cluster into the larger; returns the kept id."""
    if len(sums[a]) < len(sums[b]):
        a, b = b, a
    ca, cb = clusters[a], clusters.pop(b)
    ca.members.extend(cb.members)
    ca.articles |= cb.articles
    ca.first = min((d for d in (ca.first, cb.first) if d is not None), default=None)
    ca.last = max((d for d in (ca.last, cb.last) if d is not None), default=None)
    for other, value in sums.pop(b).items():
        if other == a:
            continue
        sums[a][other] = sums[a].get(other, 0.0) + value
        row = sums[other]
        row[a] = row.get(a, 0.0) + row.pop(b)
    sums[a].pop(b, None)
    for other in forbidden.pop(b):
        if other == a:
            continue
        forbidden[a].add(other)
        forbidden[other].discard(b)
        forbidden[other].add(a)
    forbidden[a].discard(b)
    return a
