"""The same claim in different articles, and aligned claims that disagree.

A claim is compared by what it says: its content span when attributed
("that more than 100 Russians had been killed"), else its text. Texts
become TF-IDF vectors over content words cut to their first six letters (a
crude stemmer: "mercenary"/"mercenaries", "Russia"/"Russian") and numbers;
the IDF is the input collection's own. Two claims of different articles
align when their cosine reaches `threshold`; only pairs sharing an indexed
(rarer) term are scored (`claim_candidates`), which finds all of them but
those sharing only terms of more than 500 claims. Groups are merged from the
most similar pair down, only when every cross pair reaches the threshold
(complete link) and never with two claims of one article in a group: with
single links, background sentences chained 175 FA-KES claims into one group.

The threshold (0.35) is set for precision. Measured (`crosswire eval
claim-alignment /work/shared/data/fnc1 --json`): FNC-1 headlines against
their bodies' best sentence, related vs unrelated, on odd Body IDs: at 0.35
precision 0.99, recall 0.19; the F1-best threshold found on even IDs (0.13)
gives P 0.83 / R 0.84 there, but FNC-1's "related" is same topic, looser than
same claim. On the seeds' hand-labelled pairs (tests/data/link/
seed_claim_pairs.json) it finds 1 of 4 paraphrases, with 1 of 6 look-alikes
wrongly aligned: word overlap does not see paraphrase.

Averaged-word sentence vectors (WordLlama 0.4.0.post1, 256-d, MIT, loads
offline) were measured and are not shipped. On the FNC-1 proxy they help a
lot: 0.5 x vector cosine + 0.5 x TF-IDF cosine at 0.38 (both chosen on even
IDs for precision 0.99) gives P 0.99 / R 0.53 on odd IDs, against R 0.19
here. But FNC-1's "related" is same topic, and topic is what averaged word
vectors see: on the seeds' hand-labelled pairs the blend scores two of the
six look-alikes (0.48, 0.44) above three of the four paraphrases (0.21,
0.01, one not alignable), so it would align more claims that merely share
an event, which is the error this stage must not make. A claim-level
paraphrase signal needs a model that reads word order; the one known to load
offline (MiniLM through sentence-transformers) needs torch, a 1.5 GB
install, runs at about 180 sentences a second here, and was not tried.

`contradictions` says which aligned claims disagree: one asserts what the
other denies, or both give figures of one category whose ranges are
disjoint.
"""

from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from typing import Mapping, Sequence

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]
from scipy.sparse.csgraph import connected_components  # type: ignore[import-untyped]

from crosswire.link.arrays import row_blocks
from crosswire.link.claim_candidates import ClaimPairs, distinct_pairs
from crosswire.understand.records import Claim, Figure

ClaimKey = tuple[str, int]

THRESHOLD = 0.35
_SKIPPED_KINDS = frozenset({"question"})
_MIN_TERMS = 3
_STEM = 6
_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he
    her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
    now of off on once only or other our ours ourselves out over own said same say says she should so some such
    than that the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself told according
    reported reports report added saying""".split()
)
_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class ClaimConflict:
    """Two aligned claims that disagree: reason "denial" or "figures"."""

    first: ClaimKey
    second: ClaimKey
    reason: str


def claim_terms(text: str) -> list[str]:
    """Content words cut to six letters, and numbers without separators."""
    terms = []
    for token in _TOKEN.findall(text.lower()):
        if token[0].isdigit():
            terms.append(token.replace(",", "").rstrip("."))
        elif token not in _STOPWORDS and len(token) > 1:
            terms.append(token.replace("’", "'")[:_STEM])
    return terms


@dataclass(frozen=True, slots=True)
class ClaimTerms:
    """Claims as arrays: claim i is position `positions[i]` of article `article_ids[owners[i]]`, and row i of
    `counts` holds its terms (column = term id, in order of first use; value = how often).

    One array entry a term of a claim: lists of term strings per claim took about 0.5 KB a claim, most of
    the memory of aligning a million claims."""

    article_ids: list[str]
    owners: np.ndarray  # int64: the claim's article, numbered in `article_ids` order
    positions: np.ndarray  # int64
    counts: sparse.csr_matrix

    def __len__(self) -> int:
        return len(self.owners)

    def key(self, index: int) -> ClaimKey:
        return (self.article_ids[int(self.owners[index])], int(self.positions[index]))


def claim_content(claim: Claim, text: str | None) -> str:
    """What the claim says: its content span when known, else its text."""
    if text is not None and claim.content_start is not None and claim.content_end is not None:
        return text[claim.content_start : claim.content_end]
    return claim.text


def claim_table(claims: Mapping[str, Sequence[Claim]], texts: Mapping[str, str]) -> ClaimTerms:
    """The claims worth aligning (not questions or opinion, enough content words), articles in sorted order."""
    vocabulary: dict[str, int] = {}
    owners, positions, terms, counts = array("q"), array("q"), array("i"), array("i")
    indptr = array("q", [0])
    article_ids: list[str] = []
    for article_id in sorted(claims):
        text = texts.get(article_id)
        for position, claim in enumerate(claims[article_id]):
            if claim.kind in _SKIPPED_KINDS:
                continue
            counted = Counter(claim_terms(claim_content(claim, text)))  # in order of first use
            if len(counted) < _MIN_TERMS:
                continue
            if not article_ids or article_ids[-1] != article_id:
                article_ids.append(article_id)
            owners.append(len(article_ids) - 1)
            positions.append(position)
            terms.extend([vocabulary.setdefault(term, len(vocabulary)) for term in counted])
            counts.extend(counted.values())
            indptr.append(len(terms))
    matrix = sparse.csr_matrix(
        (np.frombuffer(counts, dtype=np.int32), np.frombuffer(terms, dtype=np.int32), np.frombuffer(indptr, dtype=np.int64)),
        shape=(len(owners), len(vocabulary)),
    )
    return ClaimTerms(article_ids=article_ids, owners=np.frombuffer(owners, dtype=np.int64),
                      positions=np.frombuffer(positions, dtype=np.int64), counts=matrix)


def tfidf_matrix(documents: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    """Rows: L2-normalised sublinear TF-IDF vectors of the term lists, IDF from these documents."""
    vocabulary: dict[str, int] = {}
    terms, counts, indptr = array("i"), array("i"), array("q", [0])
    for document in documents:
        counted = Counter(vocabulary.setdefault(term, len(vocabulary)) for term in document)
        terms.extend(counted.keys())
        counts.extend(counted.values())
        indptr.append(len(terms))
    return weighted(sparse.csr_matrix(
        (np.frombuffer(counts, dtype=np.int32), np.frombuffer(terms, dtype=np.int32), np.frombuffer(indptr, dtype=np.int64)),
        shape=(len(documents), len(vocabulary)),
    ))


def weighted(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """Term counts as L2-normalised sublinear TF-IDF rows, IDF from these rows.

    The arithmetic is the one of a COO matrix of Python floats built term by term, weighed and normalised
    with scipy (`math.log` per value, the same products, the same sums in the same order, each row's terms
    in the order scipy's product left them: reversed), so scores are those of earlier versions to the bit
    and a pair exactly at the threshold stays on the same side of it; but a block of rows at a time, in
    place, instead of three whole-matrix copies."""
    n, width = counts.shape
    counts.sum_duplicates()  # sorted terms in each row, as a COO matrix turned CSR has them
    logs = np.array([0.0] + [1.0 + math.log(c) for c in range(1, int(counts.data.max(initial=0)) + 1)])
    frequencies, of_term = np.unique(np.bincount(counts.indices, minlength=width), return_inverse=True)
    idf = np.array([math.log((n + 1) / (df + 1)) + 1.0 for df in frequencies.tolist()])[of_term]
    indptr = counts.indptr.astype(np.int64)
    data = logs[counts.data]
    data *= idf[counts.indices]
    indices = np.empty_like(counts.indices)
    for first, last in row_blocks(np.diff(indptr), _WEIGHING_ENTRIES):
        low, high = int(indptr[first]), int(indptr[last])
        block = sparse.csr_matrix((data[low:high], counts.indices[low:high], indptr[first : last + 1] - low),
                                  shape=(last - first, width))
        norms = np.sqrt(np.asarray(block.multiply(block).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        lengths = np.diff(indptr[first : last + 1])
        rows = np.repeat(np.arange(last - first), lengths)
        reverse = indptr[first:last][rows] + indptr[first + 1 : last + 1][rows] - 1 - np.arange(low, high) - low
        data[low:high] = (data[low:high] * (1.0 / norms)[rows])[reverse]
        indices[low:high] = counts.indices[low:high][reverse]
    return sparse.csr_matrix((data, indices, indptr), shape=(n, width))


_WEIGHING_ENTRIES = 2_000_000  # stored weights normalised at once


def align_claims(
    claims: Mapping[str, Sequence[Claim]], texts: Mapping[str, str], *, threshold: float = THRESHOLD
) -> list[list[ClaimKey]]:
    """Groups (two or more) of claims in different articles that say the same thing."""
    table = claim_table(claims, texts)
    if len(table) < 2:
        return []
    matrix = weighted(table.counts)
    # the integer counts are not needed once weighted: 8 bytes a stored term (125 MB at 100,000 articles)
    table = replace(table, counts=sparse.csr_matrix((len(table), 0), dtype=np.int32))
    # every pair of claims of different articles at cosine >= threshold among the candidates: the full
    # product of thousands of claims is nearly dense (common words)
    pairs = distinct_pairs(matrix, table.owners, threshold)
    del matrix
    # the scores only order the merges: dropped before grouping, which needs memory of its own
    left, right = merging_order(pairs)
    del pairs
    return [[table.key(i) for i in group] for group in _grouped(table.owners, left, right)]


def complete_link_groups(owners: np.ndarray, pairs: ClaimPairs) -> list[list[int]]:
    """Complete-link merging from the most similar pair down (ties: the later pair first): two groups join
    only if every cross pair is in `pairs` and they have no article in common. Groups of two or more, each
    sorted, in sorted order.

    Groups never reach beyond a connected component of `pairs`, so each component is merged on its own.
    Pairs stay in numpy arrays, and "is this pair similar" is a binary search in the claim's sorted
    neighbours (8 bytes a pair): at 0.35 most aligned claims are one component (73,000 claims and 470,000
    pairs of the 128,000 claims of 10,000 articles), and a set of pairs as Python objects took about 100
    bytes a pair."""
    return _grouped(owners, *merging_order(pairs))


def merging_order(pairs: ClaimPairs) -> tuple[np.ndarray, np.ndarray]:
    """(left, right) of the pairs, the most similar first (ties: the later pair first)."""
    order = np.lexsort((-pairs.right, -pairs.left, -pairs.scores))
    return pairs.left[order], pairs.right[order]


def _grouped(owners: np.ndarray, left: np.ndarray, right: np.ndarray) -> list[list[int]]:
    """`complete_link_groups` of the pairs (left[i], right[i]), given in merging order."""
    if not len(left):
        return []
    count = len(owners)
    graph = sparse.csr_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(count, count))
    graph = (graph + graph.T).tocsr()
    graph.sort_indices()
    labels = connected_components(graph, directed=False)[1][left]
    neighbours = _Neighbours(graph.indptr, graph.indices)
    del graph
    by_component = np.argsort(labels, kind="stable")
    left, right, labels = left[by_component], right[by_component], labels[by_component]
    del by_component
    bounds = np.r_[np.flatnonzero(np.r_[True, labels[1:] != labels[:-1]]), len(labels)].tolist()
    del labels
    owner_of = _ints("q", owners)
    groups: list[list[int]] = []
    for start, stop in zip(bounds[:-1], bounds[1:]):
        groups.extend(_merged(left[start:stop], right[start:stop], owner_of, neighbours))
    return sorted(groups)


_GROUPING_PAIRS = 1_000_000  # pairs turned into Python objects at once


class _Neighbours:
    """Each claim's similar claims, sorted (a symmetric CSR graph), read as Python ints."""

    def __init__(self, indptr: np.ndarray, indices: np.ndarray) -> None:
        self._starts = _ints("q", indptr)
        self._found = _ints("i", indices)

    def all_similar(self, ours: Sequence[int], theirs: Sequence[int]) -> bool:
        """Every pair of a claim of `ours` and one of `theirs` is similar."""
        found = self._found
        for a in ours:
            low, high = self._starts[a], self._starts[a + 1]
            for b in theirs:
                at = bisect_left(found, b, low, high)
                if at == high or found[at] != b:
                    return False
        return True


def _ints(typecode: str, values: np.ndarray) -> array[int]:
    """`values` as an `array` (read item by item as Python ints, much faster than from numpy)."""
    found = array(typecode)
    found.frombytes(np.ascontiguousarray(values, dtype=np.dtype(typecode)).tobytes())
    return found


def _merged(left: np.ndarray, right: np.ndarray, owner_of: Sequence[int], neighbours: _Neighbours) -> list[list[int]]:
    """Complete-link groups of one component's pairs (left < right, in merging order)."""
    if len(left) == 1:
        return [[int(left[0]), int(right[0])]]  # two claims of different articles: nothing stops the one merge
    group_of: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    for at in range(0, len(left), _GROUPING_PAIRS):
        for i, j in zip(left[at : at + _GROUPING_PAIRS].tolist(), right[at : at + _GROUPING_PAIRS].tolist()):
            first, second = group_of.get(i, i), group_of.get(j, j)
            if first == second:
                continue
            ours, theirs = members.get(first, [first]), members.get(second, [second])
            if not {owner_of[m] for m in ours}.isdisjoint([owner_of[m] for m in theirs]):
                continue  # one claim per article in a group
            if (len(ours) > 1 or len(theirs) > 1) and not neighbours.all_similar(ours, theirs):
                continue
            for member in theirs:
                group_of[member] = first
            group_of[first] = first
            members[first] = ours + theirs
            members.pop(second, None)
    return [sorted(group) for group in members.values()]


def contradictions(
    groups: Sequence[Sequence[ClaimKey]],
    claims: Mapping[str, Sequence[Claim]],
    *,
    figures: Mapping[str, Sequence[Figure]] | None = None,
) -> list[ClaimConflict]:
    """Pairs of aligned claims that disagree: assertion against denial, or disjoint figure ranges."""
    conflicts = []
    for group in groups:
        for index, first in enumerate(group):
            for second in group[index + 1 :]:
                reason = _disagreement(first, second, claims, figures or {})
                if reason is not None:
                    conflicts.append(ClaimConflict(first, second, reason))
    return conflicts


def _disagreement(
    first: ClaimKey, second: ClaimKey, claims: Mapping[str, Sequence[Claim]], figures: Mapping[str, Sequence[Figure]]
) -> str | None:
    a, b = claims[first[0]][first[1]], claims[second[0]][second[1]]
    asserting = {"reported", "attributed"}
    if {a.kind, b.kind} & {"denial"} and {a.kind, b.kind} & asserting:
        return "denial"
    for fa in _figures_in(a, figures.get(first[0], ())):
        for fb in _figures_in(b, figures.get(second[0], ())):
            if fa.category == fb.category and _disjoint(fa, fb):
                return "figures"
    return None


def _figures_in(claim: Claim, figures: Sequence[Figure]) -> list[Figure]:
    return [f for f in figures if claim.start <= f.start and f.end <= claim.end]


def _disjoint(a: Figure, b: Figure) -> bool:
    return (a.high is not None and a.high < b.low) or (b.high is not None and b.high < a.low)
