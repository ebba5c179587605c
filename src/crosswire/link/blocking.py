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
_ROWS_PER_BLOCK = 250  # at most 250 x 6,000 hits in flight


def candidate_pairs(matrix: Any, spans: Sequence[DateSpan | None]) -> tuple[np.ndarray, np.ndarray]:
    """(left, right) index arrays, left < right, each pair once, in ascending order."""
    n = matrix.shape[0]
    rows, terms = top_terms(matrix, TOP_TERMS)
    weeks = np.array([_week(span) for span in spans], dtype=np.int64).reshape(n)
    postings = _Postings(rows, terms, weeks)
    found = []
    for start in range(0, n, _ROWS_PER_BLOCK):
        lo, hi = np.searchsorted(rows, [start, start + _ROWS_PER_BLOCK])
        owners, hits = postings.lookup(np.arange(lo, hi), rows[lo:hi], terms[lo:hi])
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
    """Which mentions carry a term among their top terms, everywhere and by week.

    Every dated (mention, term) entry knows its own (term, week) bucket, and the buckets sit sorted by
    term then week, so the buckets of the weeks either side are the neighbouring buckets (when they
    exist): a look-up is a few array reads, no search. (Two binary searches a week into all the
    buckets, each missing the cache on a large collection, made the look-ups the part of the linker
    whose cost per mention grew: 0.007 CPU ms a mention at 10k, 0.085 at 300k.)"""

    def __init__(self, rows: np.ndarray, terms: np.ndarray, weeks: np.ndarray) -> None:
        self.weeks = weeks
        self.count = np.bincount(terms) if len(terms) else np.zeros(0, dtype=np.int64)
        self.start = np.cumsum(self.count) - self.count
        by_term = np.lexsort((rows, terms))
        dated = by_term[weeks[rows[by_term]] != _NO_WEEK]
        known = weeks[weeks != _NO_WEEK]
        first_week = int(known.min()) - 1 if len(known) else 0
        week_span = int(known.max()) - first_week + 2 if len(known) else 1
        week_keys = terms[dated].astype(np.int64) * week_span + (weeks[rows[dated]] - first_week)
        order = np.argsort(week_keys, kind="stable")
        week_keys = week_keys[order]
        # one array of mention indices: every term's posting list, then every (term, week) bucket
        self.mentions = np.concatenate([rows[by_term], rows[dated][order]])
        new = np.concatenate(([True], week_keys[1:] != week_keys[:-1])) if len(week_keys) else np.zeros(0, bool)
        bucket_start = np.flatnonzero(new)
        self.bucket_key = week_keys[bucket_start]
        self.bucket_start = bucket_start + len(by_term)
        self.bucket_size = np.diff(np.append(bucket_start, len(week_keys)))
        self.entry_bucket = np.full(len(rows), -1, dtype=np.int64)  # top-term entry -> its (term, week) bucket
        self.entry_bucket[dated[order]] = np.cumsum(new) - 1

    def lookup(self, entries: np.ndarray, rows: np.ndarray, terms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(owner, hit) arrays: for each top-term entry (row, term), the mentions its look-ups return."""
        counts = self.count[terms]
        rare = counts <= MAX_POSTINGS
        starts, lengths, owners = [self.start[terms[rare]]], [counts[rare]], [rows[rare]]
        common = ~rare & (self.weeks[rows] != _NO_WEEK)
        bucket, rows = self.entry_bucket[entries[common]], rows[common]
        key = self.bucket_key[bucket]
        last = len(self.bucket_key) - 1
        for near in (-1, 0, 1):
            other = np.clip(bucket + near, 0, max(last, 0))
            exists = self.bucket_key[other] == key + near
            size = np.where(exists, self.bucket_size[other], 0)
            fits = (size > 0) & (size <= MAX_POSTINGS)
            starts.append(self.bucket_start[other[fits]])
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
