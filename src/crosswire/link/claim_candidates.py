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

Candidates are found and scored a block of claims at a time, the block
sized by how many candidates it can give, so memory stays bounded.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]

from crosswire.link.arrays import row_blocks
from crosswire.link.event_text import pair_cosines

MAX_POSTINGS = 500
_CANDIDATES_PER_BLOCK = 2_000_000  # candidate pairs in flight (~100 MB with their scores)


def indexed_terms(matrix: sparse.csr_matrix, threshold: float) -> sparse.csr_matrix:
    """A 0/1 matrix of each claim's indexed terms: outside the prefix that cannot reach `threshold`, and held
    by at most `MAX_POSTINGS` claims."""
    n, width = matrix.shape
    counts = np.diff(matrix.indptr)
    rows = np.repeat(np.arange(n), counts)
    frequency = np.bincount(matrix.indices, minlength=width)
    rank = np.empty(width, dtype=np.int64)
    rank[np.lexsort((np.arange(width), -frequency))] = np.arange(width)
    order = np.lexsort((rank[matrix.indices], rows))
    cols, weights = matrix.indices[order], matrix.data[order]
    largest = np.zeros(width)
    np.maximum.at(largest, matrix.indices, matrix.data)
    length = np.sqrt(_running_sums(weights**2, matrix.indptr, rows))
    bound = np.minimum(length, _running_sums(weights * largest[cols], matrix.indptr, rows))
    # a tiny margin: a prefix that reaches the threshold only through rounding is indexed too
    keep = bound >= threshold * (1 - 1e-9)
    cols, rows = cols[keep], rows[keep]
    postings = np.bincount(cols, minlength=width)
    common = postings[cols] > MAX_POSTINGS
    cols, rows = cols[~common], rows[~common]
    return sparse.csr_matrix((np.ones(len(cols), dtype=np.float32), (rows, cols)), shape=matrix.shape)


def _running_sums(values: np.ndarray, indptr: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Each entry's sum of `values` from the start of its row up to and including itself."""
    total = np.cumsum(values)
    sums: np.ndarray = total - np.concatenate(([0.0], total))[indptr[:-1]][rows]
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
