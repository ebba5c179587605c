"""Which claims to compare: pairs sharing an indexed term, without scoring all pairs.

Every claim's TF-IDF row has unit length, so two claims reach cosine `t`
only through the terms they share. Order the vocabulary from the most
common term to the rarest and split each row into a prefix of its commonest
terms and the rest: if the prefix alone cannot reach `t` against any claim
(the smaller of its length and of the sum of its weights times each term's
largest weight in any claim stays below `t`), a pair at `t` must share a
term outside the prefix of both claims (Bayardo, Ma and Srikant, "Scaling
up all pairs similarity search", WWW 2007). Only those terms are indexed,
so the search misses no pair at the threshold...

...except that a term indexed by more than `MAX_POSTINGS` claims is
dropped, as shared passages drop fingerprints held by too many articles:
it would make pairs of most claims that use it, and it is what made the
full product a quarter dense. Pairs at the threshold that share only such
terms are lost: short or boilerplate claims made of common words, and
one sentence repeated in hundreds of articles. On the FA-KES dev store none
of its 13,848 pairs is lost (a cap of 200 lost 26); on the synthetic 10k
store, where every FA-KES claim comes 18 times, 46% are (benchmarks/
README.md). The work per claim is then at most its indexed terms times
`MAX_POSTINGS`, whatever the size of the collection; the pairs found are
not bounded.

Identical claims (the same terms, in the same order, as often: a sentence
republished word for word) have identical rows: they are searched as one
(`distinct_pairs`), which also keeps a sentence repeated in hundreds of
articles from counting hundreds of times against `MAX_POSTINGS`. Their pairs
are then given to each copy, with the very scores each would have had
(a cosine depends only on the two rows).

Candidates are found and scored a block of claims at a time, the block
sized by how many candidates it can give, so memory stays bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Iterable, Iterator

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]

from crosswire.link.arrays import row_blocks
from crosswire.link.event_text import pair_cosines

MAX_POSTINGS = 500
_CANDIDATES_PER_BLOCK = 2_000_000  # candidate pairs in flight (~100 MB with their scores)


@dataclass(frozen=True, slots=True)
class ClaimPairs:
    """Pairs of claims (row numbers; left < right unless said otherwise) and their cosines, as arrays."""

    scores: np.ndarray  # float64
    left: np.ndarray  # int32 from `joined` (int64 past 2**31 claims)
    right: np.ndarray

    def __len__(self) -> int:
        return len(self.scores)

    @classmethod
    def joined(cls, blocks: Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> ClaimPairs:
        """The blocks' pairs in one set of arrays, row numbers as int32 where they fit (millions of pairs at
        100,000 articles: half the bytes of int64)."""
        found = [(scores, _compact(left), _compact(right)) for scores, left, right in blocks]
        if not found:
            return cls(np.zeros(0), np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32))
        scores, left, right = (np.concatenate(parts) for parts in zip(*found))
        return cls(scores, left, right)


def _compact(rows: np.ndarray) -> np.ndarray:
    return rows.astype(np.int32 if rows.max(initial=0) < 2**31 else np.int64, copy=False)


def distinct_pairs(matrix: sparse.csr_matrix, owners: np.ndarray, threshold: float) -> ClaimPairs:
    """Every pair i < j of rows of different `owners` at cosine >= `threshold` among the candidates, identical
    rows searched once: the pairs of one of them go to all, and identical rows of different owners pair up at
    their own cosine (about 1)."""
    first = identical_rows(matrix)
    distinct = np.flatnonzero(first == np.arange(len(first)))
    if len(distinct) == len(first):
        return ClaimPairs.joined(scored_pairs(matrix, indexed_terms(matrix, threshold), owners, threshold))
    copies = np.bincount(first, minlength=len(first))
    # A row standing for several owners is never "the same article" as another row; copies have no
    # indexed terms, so they give no candidates of their own.
    stand_in = np.where(copies == 1, owners, -1 - np.arange(len(owners)))
    indexed = indexed_terms(matrix, threshold, rows=distinct)
    found = ClaimPairs.joined(scored_pairs(matrix, indexed, stand_in, threshold))
    del indexed
    copies = copies[distinct]
    members = np.argsort(first, kind="stable")  # each distinct row's copies, in row order, grouped
    starts = np.r_[0, np.cumsum(copies)[:-1]]
    found = ClaimPairs(found.scores, np.searchsorted(distinct, found.left), np.searchsorted(distinct, found.right))
    same_left, same_right = _within(members, starts[copies > 1], copies[copies > 1])
    same_scores = pair_cosines(matrix, same_left, same_left)  # a row with itself: what its copies score
    # A block of pairs at a time, kept ones only: the copies' pairs whole, with their index temporaries,
    # took several times the pairs kept.
    blocks = (_expanded(found, members, starts, copies, first, last)
              for first, last in row_blocks(copies[found.left] * copies[found.right], _EXPANDED_PAIRS))
    return ClaimPairs.joined(_kept(left, right, scores, owners, threshold)
                             for left, right, scores in chain(blocks, [(same_left, same_right, same_scores)]))


_EXPANDED_PAIRS = 2_000_000  # pairs of copies made at once


def _kept(
    left: np.ndarray, right: np.ndarray, scores: np.ndarray, owners: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(scores, lower, higher row) of the pairs of different owners at the threshold."""
    keep = (owners[left] != owners[right]) & (scores >= threshold)
    left, right = left[keep], right[keep]
    return scores[keep], np.minimum(left, right), np.maximum(left, right)


def identical_rows(matrix: sparse.csr_matrix) -> np.ndarray:
    """For each row, the first row equal to it (the same columns in the same order, the same values)."""
    n = matrix.shape[0]
    lengths = np.diff(matrix.indptr)
    hashes = np.zeros(n, dtype=np.uint64)
    for first, last in row_blocks(lengths, _HASHED_ENTRIES):
        low, high = int(matrix.indptr[first]), int(matrix.indptr[last])
        rows = np.repeat(np.arange(last - first), lengths[first:last])
        place = np.arange(high - low) - (matrix.indptr[first:last] - low)[rows]
        with np.errstate(over="ignore"):
            mixed = (matrix.indices[low:high].astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
                     ^ matrix.data[low:high].astype(np.float64).view(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)
                     ^ place.astype(np.uint64) * np.uint64(0x165667B19E3779F9))
            mixed ^= mixed >> np.uint64(31)
            mixed *= np.uint64(0xD6E8FEB86659FD93)
            filled = lengths[first:last] > 0
            block = np.zeros(last - first, dtype=np.uint64)
            block[filled] = np.add.reduceat(mixed, (matrix.indptr[first:last] - low)[filled])
            hashes[first:last] = block + lengths[first:last].astype(np.uint64) * np.uint64(0x27D4EB2F165667C5)
    first_of = np.arange(n)
    order = np.argsort(hashes, kind="stable")
    same = np.flatnonzero(hashes[order][1:] == hashes[order][:-1])
    for at in same.tolist():  # candidates only: rows equal in hash are compared for real
        row, earlier = int(order[at + 1]), int(order[at])
        while True:
            if _equal_rows(matrix, row, int(first_of[earlier])):
                first_of[row] = first_of[earlier]
                break
            if at == 0 or hashes[order[at - 1]] != hashes[order[at]]:
                break
            at -= 1
            earlier = int(order[at])
    return first_of


_HASHED_ENTRIES = 2_000_000


def _equal_rows(matrix: sparse.csr_matrix, a: int, b: int) -> bool:
    (a0, a1), (b0, b1) = matrix.indptr[a : a + 2], matrix.indptr[b : b + 2]
    return bool(a1 - a0 == b1 - b0 and np.array_equal(matrix.indices[a0:a1], matrix.indices[b0:b1])
                and np.array_equal(matrix.data[a0:a1], matrix.data[b0:b1]))


def _expanded(
    found: ClaimPairs, members: np.ndarray, starts: np.ndarray, copies: np.ndarray, first: int, last: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs first..last - 1 of distinct rows as pairs of all their copies."""
    left, right = found.left[first:last], found.right[first:last]
    size = copies[left] * copies[right]
    pair = np.repeat(np.arange(len(size)), size)
    offset = np.arange(len(pair)) - np.repeat(np.cumsum(size) - size, size)
    across = copies[right][pair]
    return (members[starts[left][pair] + offset // across], members[starts[right][pair] + offset % across],
            found.scores[first:last][pair])


def _within(members: np.ndarray, starts: np.ndarray, copies: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of copies of one row."""
    lefts, rights = [], []
    for size in np.unique(copies).tolist():
        first, second = np.triu_indices(size, 1)
        at = starts[copies == size][:, None]
        lefts.append(members[(at + first).ravel()])
        rights.append(members[(at + second).ravel()])
    if not lefts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(lefts), np.concatenate(rights)


def indexed_terms(matrix: sparse.csr_matrix, threshold: float, *, rows: np.ndarray | None = None) -> sparse.csr_matrix:
    """A 0/1 matrix of each claim's indexed terms: outside the prefix that cannot reach `threshold`, and held
    by at most `MAX_POSTINGS` claims. With `rows`, only those claims are counted and indexed (the others'
    rows stay empty). A block of claims at a time: whole-matrix temporaries took about 80 bytes a stored
    weight."""
    n, width = matrix.shape
    lengths = np.diff(matrix.indptr)
    chosen = np.ones(n, dtype=bool) if rows is None else np.isin(np.arange(n), rows)
    frequency = np.zeros(width, dtype=np.int64)
    largest = np.zeros(width)
    for first, last in row_blocks(lengths, _INDEXED_ENTRIES):
        cols, weights = _block_entries(matrix, first, last, chosen)[1:]
        frequency += np.bincount(cols, minlength=width)
        np.maximum.at(largest, cols, weights)
    rank = np.empty(width, dtype=np.int64)
    rank[np.lexsort((np.arange(width), -frequency))] = np.arange(width)
    kept_rows, kept_cols = [], []
    for first, last in row_blocks(lengths, _INDEXED_ENTRIES):
        block_rows, cols, weights = _block_entries(matrix, first, last, chosen)
        order = np.lexsort((rank[cols], block_rows))
        block_rows, cols, weights = block_rows[order], cols[order], weights[order]
        starts = np.flatnonzero(np.r_[True, block_rows[1:] != block_rows[:-1]]) if len(block_rows) else block_rows
        row_of = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(block_rows)]))
        length = np.sqrt(_running_sums(weights**2, starts, row_of))
        bound = np.minimum(length, _running_sums(weights * largest[cols], starts, row_of))
        # a tiny margin: a prefix that reaches the threshold only through rounding is indexed too
        keep = bound >= threshold * (1 - 1e-9)
        kept_rows.append(block_rows[keep].astype(np.int32))
        kept_cols.append(cols[keep])
    cols, found_rows = np.concatenate(kept_cols), np.concatenate(kept_rows)
    del kept_cols, kept_rows
    postings = np.bincount(cols, minlength=width)
    common = postings[cols] > MAX_POSTINGS
    cols, found_rows = cols[~common], found_rows[~common]
    return sparse.csr_matrix((np.ones(len(cols), dtype=np.float32), (found_rows, cols)), shape=matrix.shape)


_INDEXED_ENTRIES = 2_000_000  # stored weights ranked at once


def _block_entries(
    matrix: sparse.csr_matrix, first: int, last: int, chosen: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, weight) of the stored weights of rows first..last - 1 that are `chosen`."""
    low, high = int(matrix.indptr[first]), int(matrix.indptr[last])
    rows = np.repeat(np.arange(first, last), np.diff(matrix.indptr[first : last + 1]))
    keep = chosen[rows]
    return rows[keep], matrix.indices[low:high][keep], matrix.data[low:high][keep]


def _running_sums(values: np.ndarray, starts: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Each entry's sum of `values` from the start of its row (`starts`, by row number) up to and including
    itself."""
    total = np.cumsum(values)
    sums: np.ndarray = total - np.concatenate(([0.0], total))[starts][rows]
    return sums


def scored_pairs(
    matrix: sparse.csr_matrix,
    indexed: sparse.csr_matrix,
    owners: np.ndarray,
    threshold: float,
    *,
    rows: np.ndarray | None = None,
    among: np.ndarray | None = None,
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(score, left, right) arrays, a block at a time, of candidate pairs of different `owners` (articles)
    at cosine >= `threshold`.

    `rows` (default: all) are the claims searched from, `among` (default: all) those searched in;
    without `among`, each pair comes once, left < right; with it, every pair of a row and a claim of `among`.
    """
    searched = np.arange(matrix.shape[0]) if rows is None else np.asarray(rows, dtype=np.int64)
    targets = indexed if among is None else indexed[among]
    target_index = np.arange(matrix.shape[0]) if among is None else np.asarray(among, dtype=np.int64)
    postings = np.asarray(targets.sum(axis=0)).ravel()
    cost = np.asarray(indexed[searched] @ postings).ravel()
    transposed = targets.T.tocsr()
    for first, last in row_blocks(cost, _CANDIDATES_PER_BLOCK):
        block = (indexed[searched[first:last]] @ transposed).tocoo()
        left, right = searched[first:last][block.row], target_index[block.col]
        keep = owners[left] != owners[right]
        if among is None:
            keep &= right > left
        left, right = left[keep], right[keep]
        scores = pair_cosines(matrix, left, right)
        similar = scores >= threshold
        yield scores[similar], left[similar], right[similar]
