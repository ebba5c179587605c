"""Candidate pairs for event linking, without comparing all pairs.

Two mentions are compared only when they share one of their `TOP_TERMS`
heaviest TF-IDF terms (a name, a village, a rare noun). A term carried as a
top term by more than `MAX_POSTINGS` mentions says little on its own; it is
then used only within the mention's week and the weeks either side, and
dropped if it is that common even there. Of the mentions found, each keeps
the `MAX_CANDIDATES` sharing the most top terms with it. Every bound is a
constant, so the work per mention stays flat as the collection grows
(20 x 3 x 100 look-ups at most, 40 comparisons).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Sequence

import numpy as np

from crosswire.link.event_similarity import DateSpan
from crosswire.link.event_text import top_terms

TOP_TERMS = 20
MAX_POSTINGS = 100
MAX_CANDIDATES = 40
_WEEK_DAYS = 7
_MAX_BUCKETED_SPAN_DAYS = 31


def candidate_pairs(matrix: Any, spans: Sequence[DateSpan | None]) -> tuple[np.ndarray, np.ndarray]:
    """(left, right) index arrays, left < right, each pair once, in ascending order."""
    n = matrix.shape[0]
    tops = [top_terms(matrix, i, TOP_TERMS) for i in range(n)]
    weeks = [_week(span) for span in spans]
    postings: dict[int, list[int]] = defaultdict(list)
    weekly: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, terms in enumerate(tops):
        for term in terms:
            postings[term].append(i)
            if weeks[i] is not None:
                weekly[(term, weeks[i])].append(i)  # type: ignore[index]
    pairs: set[tuple[int, int]] = set()
    for i, terms in enumerate(tops):
        hits: Counter[int] = Counter()
        for term in terms:
            for found in _lookups(term, weeks[i], postings, weekly):
                hits.update(found)
        hits.pop(i, None)
        for j, _ in sorted(hits.items(), key=lambda item: (-item[1], item[0]))[:MAX_CANDIDATES]:
            pairs.add((i, j) if i < j else (j, i))
    ordered = sorted(pairs)
    left = np.array([p[0] for p in ordered], dtype=np.int64)
    right = np.array([p[1] for p in ordered], dtype=np.int64)
    return left, right


def _lookups(
    term: int, week: int | None, postings: dict[int, list[int]], weekly: dict[tuple[int, int], list[int]]
) -> list[list[int]]:
    everywhere = postings[term]
    if len(everywhere) <= MAX_POSTINGS:
        return [everywhere]
    if week is None:
        return []
    found = []
    for near in (week - 1, week, week + 1):
        bucket = weekly.get((term, near))
        if bucket and len(bucket) <= MAX_POSTINGS:
            found.append(bucket)
    return found


def _week(span: DateSpan | None) -> int | None:
    """The week number (days since 1970 // 7) of a short span's middle; None for long or unknown spans."""
    if span is None or (span.last - span.first).days > _MAX_BUCKETED_SPAN_DAYS:
        return None
    middle = span.first + (span.last - span.first) / 2
    return middle.toordinal() // _WEEK_DAYS
