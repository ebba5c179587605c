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
from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]

from crosswire.link.claim_candidates import indexed_terms, scored_pairs
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


def tfidf_matrix(documents: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    """Rows: L2-normalised sublinear TF-IDF vectors of the term lists, IDF from these documents."""
    vocabulary: dict[str, int] = {}
    frequency: Counter[int] = Counter()
    rows, cols, values = [], [], []
    for row, terms in enumerate(documents):
        counts = Counter(vocabulary.setdefault(term, len(vocabulary)) for term in terms)
        frequency.update(counts.keys())
        for col, count in counts.items():
            rows.append(row)
            cols.append(col)
            values.append(1.0 + math.log(count))
    idf = np.zeros(len(vocabulary))
    for col, df in frequency.items():
        idf[col] = math.log((len(documents) + 1) / (df + 1)) + 1.0
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(len(documents), len(vocabulary)))
    matrix = matrix.multiply(idf).tocsr() if len(vocabulary) else matrix
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def claim_content(claim: Claim, text: str | None) -> str:
    """What the claim says: its content span when known, else its text."""
    if text is not None and claim.content_start is not None and claim.content_end is not None:
        return text[claim.content_start : claim.content_end]
    return claim.text


def alignable_claims(
    claims: Mapping[str, Sequence[Claim]], texts: Mapping[str, str]
) -> tuple[list[ClaimKey], list[list[str]]]:
    """The claims worth aligning (not questions or opinion, enough content words) and their terms."""
    keys: list[ClaimKey] = []
    documents: list[list[str]] = []
    for article_id in sorted(claims):
        for position, claim in enumerate(claims[article_id]):
            terms = claim_terms(claim_content(claim, texts.get(article_id)))
            if claim.kind not in _SKIPPED_KINDS and len(set(terms)) >= _MIN_TERMS:
                keys.append((article_id, position))
                documents.append(terms)
    return keys, documents


def align_claims(
    claims: Mapping[str, Sequence[Claim]], texts: Mapping[str, str], *, threshold: float = THRESHOLD
) -> list[list[ClaimKey]]:
    """Groups (two or more) of claims in different articles that say the same thing."""
    keys, documents = alignable_claims(claims, texts)
    if len(keys) < 2:
        return []
    matrix = tfidf_matrix(documents)
    pairs = similar_pairs(matrix, article_numbers(keys), threshold)
    return _greedy_groups(keys, sorted(pairs, reverse=True))


def article_numbers(keys: Sequence[ClaimKey]) -> np.ndarray:
    """Each claim's article as a number (claims of one article share it)."""
    numbers: dict[str, int] = {}
    return np.array([numbers.setdefault(article_id, len(numbers)) for article_id, _ in keys], dtype=np.int64)


def similar_pairs(
    matrix: sparse.csr_matrix, owners: np.ndarray, threshold: float
) -> list[tuple[float, int, int]]:
    """(score, i, j), i < j, of claims of different articles at cosine >= `threshold`, among the candidates
    `claim_candidates` finds (the full product of thousands of claims is nearly dense: common words)."""
    indexed = indexed_terms(matrix, threshold)
    pairs: list[tuple[float, int, int]] = []
    for scores, left, right in scored_pairs(matrix, indexed, owners, threshold):
        pairs.extend(zip(scores.tolist(), left.tolist(), right.tolist()))
    return pairs


def _greedy_groups(keys: Sequence[ClaimKey], pairs: Sequence[tuple[float, int, int]]) -> list[list[ClaimKey]]:
    """Complete-link merging: two groups join only if every cross pair is similar enough."""
    similar = {(i, j) for _, i, j in pairs} | {(j, i) for _, i, j in pairs}
    group_of = list(range(len(keys)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(keys))}
    for _, i, j in pairs:
        first, second = group_of[i], group_of[j]
        if first == second:
            continue
        if {keys[m][0] for m in members[first]} & {keys[m][0] for m in members[second]}:
            continue  # one claim per article in a group
        if any((a, b) not in similar for a in members[first] for b in members[second]):
            continue
        for member in members[second]:
            group_of[member] = first
        members[first].extend(members.pop(second))
    groups = [sorted(keys[m] for m in group) for group in members.values() if len(group) > 1]
    return sorted(groups)


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
