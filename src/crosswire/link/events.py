"""Which event mentions in different articles are the same real event.

The rule, in order:

1. Words. Each mention gets a TF-IDF vector of its evidence sentences plus,
   for an article's main mention, `ARTICLE_WEIGHT` times its article's vector
   when article texts are given (`event_text.py`; a background mention is
   known by its own words only). Names, villages and years carry the weight; words every
   article uses carry little.
2. Candidates. Only mentions that share one of their heaviest terms are
   compared, within a week either side for common terms (`blocking.py`): a
   bounded number of comparisons per mention, never all pairs.
3. Pair score = cosine of the vectors + `AGREEMENT_WEIGHT` x agreement of
   type, actors, place, day and casualty ranges (`event_similarity.py`). Two
   mentions of one article are compared on their evidence alone. Dates are
   trusted as far as they are reliable: a pair whose dates, both precise to
   the day or week and both anchored (within a week before their article's
   publication), cannot overlap (one day of slack: "2018-W06" holds
   "2018-02-07", "2018-02-27" does not) is forbidden, whatever its words; if
   one of the two is unanchored (a dateline or trial date read as the
   event's, an article without a publication date) the conflict costs
   `date_penalty` instead, so near-identical words still link. Places are
   only agreement, never a gate (frame places are too often wrong). Two
   main mentions whose articles are about different people
   (`participants.py`) lose `participant_penalty`.
4. Groups. Average-link agglomeration over the scored pairs, stopping at
   `THRESHOLD`, refusing merges across forbidden pairs, clusters whose
   anchored day-precision dates would spread over more than a day, and two
   mentions of one article unless that pair scores `SAME_ARTICLE_MIN` on its
   evidence alone (`event_clusters.py`).

THRESHOLD, ARTICLE_WEIGHT, AGREEMENT_WEIGHT, DATE_PENALTY and
PARTICIPANT_PENALTY were chosen on ECB+ from a small grid
(`evaluate/ecbplus.py` GRID) and checked on the FA-KES development split;
the other constants are fixed by hand. `python -m crosswire.evaluate.ecbplus
PATH --cv 2` re-chooses them on odd topics and scores even ones (and the
reverse): B-cubed F1 0.907 on all topics with the shipped constants (0.891
without the participant penalty), 0.904 cross-validated (0.924 on even
topics, 0.885 on odd). Before dates were weighed by anchoring (a hard gate
on every day or week date) it was 0.892 and 0.872 (0.899 / 0.844).

IDF is taken over the mentions of the call, so the same pair scores
somewhat differently in a batch of 10 and of 10,000 (`event_text.py`): link
a store's whole collection at once, as the link stage does. Terms' weights
depend on the share of articles using them (log((N+1)/(df+1))), which is
stable once a collection has a few hundred articles; a shipped background
table would remove the dependence and is not done.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]

from crosswire.link.blocking import candidate_pairs
from crosswire.link.event_clusters import ScoredPairs, average_link
from crosswire.link.event_similarity import (
    DATE_PENALTY,
    PARTICIPANT_PENALTY,
    DateSpan,
    MentionTable,
    date_span,
    pair_scores,
)
from crosswire.link.event_text import mention_vectors, pair_cosines
from crosswire.link.records import EventMention, MentionKey

THRESHOLD = 0.22
ARTICLE_WEIGHT = 30.0
AGREEMENT_WEIGHT = 0.05  # FA-KES (real conflict news) gains from it: strict pair F1 0.197 at 0.0, 0.212 at 0.05
SAME_ARTICLE_MIN = 0.6
_MIN_COSINE = 0.02  # pairs below this are not scored at all: they would count ~0 in any mean
_SCORE_CHUNK = 100_000  # pairs scored at once (a few dozen numpy temporaries of this length: ~25 MB)


def link_event_mentions(
    mentions: Sequence[EventMention],
    *,
    article_texts: Mapping[str, str] | None = None,
    threshold: float = THRESHOLD,
    article_weight: float = ARTICLE_WEIGHT,
    agreement_weight: float = AGREEMENT_WEIGHT,
    date_penalty: float = DATE_PENALTY,
    participant_penalty: float = PARTICIPANT_PENALTY,
) -> list[list[MentionKey]]:
    """Groups of mentions that are the same real event (every mention in exactly
    one group, singletons included), deterministic order: keys sorted within a
    group, groups by their first key. Duplicate keys are linked once."""
    unique = sorted({m.key: m for m in mentions}.values(), key=lambda m: m.key)
    if not unique:
        return []
    spans = [date_span(m) for m in unique]
    pairs = _scored_pairs(unique, spans, article_texts, article_weight=article_weight,
                          agreement_weight=agreement_weight, date_penalty=date_penalty,
                          participant_penalty=participant_penalty)
    groups = average_link(unique, spans, pairs, threshold=threshold, same_article_min=SAME_ARTICLE_MIN)
    keyed = [[unique[i].key for i in group] for group in groups]
    return sorted(keyed, key=lambda group: group[0])


def _scored_pairs(
    unique: Sequence[EventMention], spans: Sequence[DateSpan | None], article_texts: Mapping[str, str] | None, *,
    article_weight: float, agreement_weight: float, date_penalty: float, participant_penalty: float,
) -> ScoredPairs:
    """The candidate pairs' scores (NaN: forbidden), less the allowed ones whose words are too unlike to
    matter. The word vectors are dropped on return, before grouping."""
    matrix, evidence = mention_vectors(unique, article_texts, article_weight=article_weight)
    left, right = candidate_pairs(matrix, spans)
    return score_candidates(MentionTable(unique, spans), matrix, evidence, left, right,
                            agreement_weight=agreement_weight, date_penalty=date_penalty,
                            participant_penalty=participant_penalty)


def score_candidates(
    table: MentionTable, matrix: sparse.csr_matrix, evidence: sparse.csr_matrix, left: np.ndarray, right: np.ndarray,
    *, agreement_weight: float = AGREEMENT_WEIGHT, date_penalty: float = DATE_PENALTY,
    participant_penalty: float = PARTICIPANT_PENALTY,
) -> ScoredPairs:
    """Pairs (left[i], right[i]) of `table`'s mentions scored as the linker scores them (two mentions of one
    article on their evidence vectors alone), less the allowed ones under `_MIN_COSINE`."""
    cosines = pair_cosines(matrix, left, right)
    same = np.flatnonzero(table.article[left] == table.article[right])
    if len(same):
        cosines[same] = pair_cosines(evidence, left[same], right[same])
    scores = np.empty(len(left))
    for start in range(0, len(left), _SCORE_CHUNK):
        chunk = slice(start, start + _SCORE_CHUNK)
        scores[chunk] = pair_scores(table, left[chunk], right[chunk], cosines[chunk],
                                    agreement_weight=agreement_weight, date_penalty=date_penalty,
                                    participant_penalty=participant_penalty)
    keep = np.isnan(scores) | (cosines >= _MIN_COSINE)
    return ScoredPairs(left[keep], right[keep], scores[keep])
