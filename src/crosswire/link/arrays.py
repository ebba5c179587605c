"""Small numpy helpers for linking over compact arrays instead of Python objects."""

from __future__ import annotations

from typing import Iterator

import numpy as np


def row_blocks(cost: np.ndarray, budget: int) -> Iterator[tuple[int, int]]:
    """Consecutive (first, last) row ranges whose summed `cost` stays within `budget` (one row at least)."""
    total = np.cumsum(cost)
    first = 0
    while first < len(cost):
        base = total[first - 1] if first else 0
        last = max(int(np.searchsorted(total, base + budget, side="right")), first + 1)
        yield first, last
        first = last


def expand_ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices start, start + 1, ..., start + length - 1 of every range, concatenated."""
    ends = np.cumsum(lengths)
    total = int(ends[-1]) if len(ends) else 0
    indices: np.ndarray = np.repeat(np.asarray(starts, dtype=np.int64) - (ends - lengths), lengths) + np.arange(total)
    return indices


def sorted_unique(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct values ascending, how often each occurs). By sorting: numpy 2's hash-based
    `np.unique` without counts took 8 s on 4 million int64 keys, a sort 0.05 s."""
    ordered = np.sort(values)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1]))) if len(ordered) else ordered[:0]
    counts = np.diff(np.append(starts, len(ordered)))
    return ordered[starts], counts
