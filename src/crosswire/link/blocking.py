"""Candidate pairs for event linking, without comparing all pairs.

Two mentions are compared only when they share one of their `TOP_TERMS`
heaviest TF-IDF terms (a name, a village, a rare noun). A term carried as a
top term by more than `MAX_POSTINGS` mentions says little on its own; it is
then used only within the mention's week and the weeks either side, and
dropped if it is that common even there. Of the mentions found, each keeps
the `MAX_CANDIDATES` sharing the most top terms with it (ties: the lower
index). Every bound is a constant, so the work per mention stays flat as the
collection grows (20 x 3 x 100 look-ups at most, 40 comparisons).

Postings are integer arrays (mentions sorted by term, and by term and week)
and the look-ups run `_ROWS_PER_BLOCK` mentions at a time, so memory is the
pairs themselves plus one block's hits: per-term Python lists and a set of
pair tuples took about 1 GB at 100k mentions.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from crosswire.link.event_similarity import DateSpan
from crosswire.link.arrays import expand_ranges, sorted_unique
from crosswire.link.event_text import top_terms

TOP_TERMS = 20
MAX_POSTINGS = 100
MAX_CANDIDATES = 40
_WEEK_DAYS = 7
_MAX_BUCKETED_SPAN_DAYS = 31
_NO_WEEK = -1
_ROWS_PER_BLOCK = 500  # at most 500 x 6,000 hits in flight


def candidate_pairs(matrix: Any, spans: Sequence[DateSpan | None]) -> tuple[np.ndarray, np.ndarray]:
    """(left, right) index arrays, left < right, each pair once, in ascending order."""
    n = matrix.shape[0]
    rows, terms = top_terms(matrix, TOP_TERMS)
    weeks = np.array([_week(span) for span in spans], dtype=np.int64).reshape(n)
    postings = _Postings(rows, terms, weeks)
    found = []
    for start in range(0, n, _ROWS_PER_BLOCK):
        lo, hi = np.searchsorted(rows, [start, start + _ROWS_PER_BLOCK])
        owners, hits = postings.lookup(rows[lo:hi], terms[lo:hi])
        found.append(_best(owners, hits, n))
    return _split(np.concatenate(found) if found else np.zeros(0, dtype=np.int64), n)


def _split(keys: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pair keys (low * n + high) as ascending (left, right) arrays; sorted in place (up to 40
    keys a mention: whole-array copies of them were the blocking's largest temporaries)."""
    keys.sort()
    if len(keys):
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    dtype = np.int32 if n < 2**31 else np.int64
    left, right = np.empty(len(keys), dtype=dtype), np.empty(len(keys), dtype=dtype)
    np.floor_divide(keys, n, out=left, casting="unsafe")
    np.remainder(keys, n, out=right, casting="unsafe")
    return left, right


class _Postings:
    """Which mentions carry a term among their top terms, everywhere and by week."""

    def __init__(self, rows: np.ndarray, terms: np.ndarray, weeks: np.ndarray) -> None:
        self.weeks = weeks
        self.count = np.bincount(terms) if len(terms) else np.zeros(0, dtype=np.int64)
        self.start = np.cumsum(self.count) - self.count
        by_term = np.lexsort((rows, terms))
        dated = by_term[weeks[rows[by_term]] != _NO_WEEK]
        known = weeks[weeks != _NO_WEEK]
        self.first_week = int(known.min()) - 1 if len(known) else 0
        self.week_span = int(known.max()) - self.first_week + 2 if len(known) else 1
        self.week_keys = self._key(terms[dated], weeks[rows[dated]])
        order = np.argsort(self.week_keys, kind="stable")
        self.week_keys = self.week_keys[order]
        # one array of mention indices: every term's posting list, then every (term, week) bucket
        self.mentions = np.concatenate([rows[by_term], rows[dated][order]])
        self.weekly_start = len(by_term)

    def _key(self, terms: np.ndarray, weeks: np.ndarray) -> np.ndarray:
        keys: np.ndarray = terms.astype(np.int64) * self.week_span + (weeks - self.first_week)
        return keys

    def lookup(self, rows: np.ndarray, terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(owner, hit) arrays: for each (row, term), the mentions its look-ups return."""
        counts = self.count[terms]
        rare = counts <= MAX_POSTINGS
        starts, lengths, owners = [self.start[terms[rare]]], [counts[rare]], [rows[rare]]
        common = ~rare & (self.weeks[rows] != _NO_WEEK)
        terms, rows = terms[common], rows[common]
        for near in (-1, 0, 1):
            key = self._key(terms, self.weeks[rows] + near)
            lo = np.searchsorted(self.week_keys, key, side="left")
            size = np.searchsorted(self.week_keys, key, side="right") - lo
            fits = (size > 0) & (size <= MAX_POSTINGS)
            starts.append(lo[fits] + self.weekly_start)
            lengths.append(size[fits])
            owners.append(rows[fits])
        length = np.concatenate(lengths)
        hits = self.mentions[expand_ranges(np.concatenate(starts), length)]
        return np.repeat(np.concatenate(owners), length), hits


def _best(owners: np.ndarray, hits: np.ndarray, n: int) -> np.ndarray:
    """Pair keys (low * n + high) of each owner's `MAX_CANDIDATES` hits found most often."""
    other = owners != hits
    pair, times = sorted_unique(owners[other].astype(np.int64) * n + hits[other])
    owner, hit = pair // n, pair % n
    order = np.lexsort((hit, -times, owner))
    rank = np.arange(len(order)) - np.searchsorted(owner, owner[order], side="left")
    kept = order[rank < MAX_CANDIDATES]
    low, high = np.minimum(owner[kept], hit[kept]), np.maximum(owner[kept], hit[kept])
    return np.asarray(low * n + high, dtype=np.int64)


def _week(span: DateSpan | None) -> int:
    """The week number (days since 1970 // 7) of a short span's middle; `_NO_WEEK` for long or unknown spans."""
    if span is None or (span.last - span.first).days > _MAX_BUCKETED_SPAN_DAYS:
        return _NO_WEEK
    middle = span.first + (span.last - span.first) / 2
    return middle.toordinal() // _WEEK_DAYS
