"""Event and claim groups again for only what new articles reach.

Both groupers merge only across a pair at their threshold (an average
reaches it only if one of its pairs does; complete link needs all of them),
so the groups inside one connected component of "pairs at the threshold"
never depend on anything outside it. Starting from the new items, the
candidates are scored breadth-first; the stored groups of every item reached
are pulled in whole; the grouper a full run uses (average link for events,
complete link for claims) then runs on what was reached alone, with the
items in their global order so that ties break as in a full run. Every
other stored group is kept as it is.

Events follow their whole component, so their groups are exactly a full
run's: IDF and blocking (which pairs are candidates at all) are computed over
the whole collection as a full run computes them, and outside the component
nothing can change. The price: on FA-KES one new article's mention reaches
1105 of 1178 mentions, so the saving there is only in the stored events'
rows that are not rewritten, not in scoring.

Claims stop after `CLAIM_HOPS` (one step: the new claims, the claims they
align with, and those claims' stored groups). A full run can differ: it
regroups the whole component (3542 of 7000 claims for one FA-KES article),
and the new articles' words shift the IDF of every claim, moving a few old
pairs across the threshold (one FA-KES article: 22 claim groups of 5375
differ from a full relink, 4 of them from IDF alone). `crosswire link
--full` rebuilds them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from crosswire.link.blocking import candidate_pairs
from crosswire.link.claims import THRESHOLD as CLAIM_THRESHOLD
from crosswire.link.claim_candidates import ClaimPairs, indexed_terms, scored_pairs
from crosswire.link.claims import claim_table, complete_link_groups, weighted
from crosswire.link.event_clusters import average_link
from crosswire.link.event_similarity import MentionTable, date_span
from crosswire.link.event_text import mention_vectors
from crosswire.link.events import ARTICLE_WEIGHT, SAME_ARTICLE_MIN, THRESHOLD, score_candidates
from crosswire.link.records import EventMention, MentionKey
from crosswire.understand.records import Claim

ClaimKey = tuple[str, int]
CLAIM_HOPS = 1  # how far from a new claim claim groups are redone; events go as far as their component


def regroup_events(
    mentions: Sequence[EventMention],
    *,
    new_keys: set[MentionKey],
    stored: Sequence[Sequence[MentionKey]],
    article_texts: Mapping[str, str],
) -> list[list[MentionKey]]:
    """Every mention's event group, as `link_event_mentions` gives them, regrouping only what `new_keys` reach."""
    unique = sorted({m.key: m for m in mentions}.values(), key=lambda m: m.key)
    if not unique:
        return []
    index = {m.key: i for i, m in enumerate(unique)}
    matrix, evidence = mention_vectors(unique, article_texts, article_weight=ARTICLE_WEIGHT)
    spans = [date_span(m) for m in unique]
    left, right = candidate_pairs(matrix, spans)
    table = MentionTable(unique, spans)
    neighbours: dict[int, set[int]] = defaultdict(set)
    for i, j in zip(left.tolist(), right.tolist()):
        neighbours[i].add(j)
        neighbours[j].add(i)
    scores: dict[tuple[int, int], float | None] = {}

    def expand(frontier: Sequence[int]) -> Iterable[int]:
        pairs = sorted({(min(i, j), max(i, j)) for i in frontier for j in neighbours[i]} - scores.keys())
        _score_events(pairs, table, matrix, evidence, scores)
        return (k for pair in pairs if (s := scores.get(pair)) is not None and s >= THRESHOLD for k in pair)

    groups_of = _groups_by_member([[index[k] for k in group if k in index] for group in stored])
    component = _reach({index[k] for k in new_keys if k in index}, expand, groups_of, hops=None)
    ordered = sorted(component)
    _score_events(sorted({(i, j) for i in ordered for j in neighbours[i] if i < j and j in component} - scores.keys()),
                  table, matrix, evidence, scores)
    local = {g: position for position, g in enumerate(ordered)}
    local_scores = {(local[i], local[j]): s for (i, j), s in scores.items() if i in local and j in local}
    regrouped = average_link([unique[g] for g in ordered], [spans[g] for g in ordered], local_scores,
                             threshold=THRESHOLD, same_article_min=SAME_ARTICLE_MIN)
    keyed = [[unique[ordered[i]].key for i in group] for group in regrouped]
    keyed += [list(group) for group in stored if group and not any(index.get(k, -1) in component for k in group)]
    return sorted((sorted(group) for group in keyed if group), key=lambda group: group[0])


def _score_events(
    pairs: Sequence[tuple[int, int]], table: MentionTable, matrix: Any, evidence: Any,
    scores: dict[tuple[int, int], float | None],
) -> None:
    """Score `pairs` into `scores` as `link_event_mentions` does (None: forbidden; absent: too unlike)."""
    if not pairs:
        return
    found = score_candidates(table, matrix, evidence, np.array([p[0] for p in pairs], dtype=np.int64),
                             np.array([p[1] for p in pairs], dtype=np.int64))
    for i, j, score in zip(found.left.tolist(), found.right.tolist(), found.score.tolist()):
        scores[(i, j)] = None if math.isnan(score) else score


def regroup_claims(
    claims: Mapping[str, Sequence[Claim]],
    texts: Mapping[str, str],
    *,
    new_ids: set[str],
    stored: Sequence[Sequence[ClaimKey]],
) -> list[list[ClaimKey]]:
    """Groups of two or more aligned claims, as `align_claims` gives them, regrouping only what new claims reach."""
    table = claim_table(claims, texts)
    keys = [table.key(i) for i in range(len(table))]
    index = {key: i for i, key in enumerate(keys)}
    stored_groups = [list(group) for group in stored if len(group) > 1]
    if len(keys) < 2:
        return []
    matrix = weighted(table.counts)
    owners = table.owners
    # indexed over the whole collection, as a full run does: the candidates are then the full run's
    indexed = indexed_terms(matrix, CLAIM_THRESHOLD)

    def expand(frontier: Sequence[int]) -> Iterable[int]:
        found = scored_pairs(matrix, indexed, owners, CLAIM_THRESHOLD, rows=np.asarray(frontier, dtype=np.int64),
                             among=np.arange(len(keys)))
        return (int(j) for _, _, right in found for j in right.tolist())

    groups_of = _groups_by_member([[index[k] for k in group if k in index] for group in stored_groups])
    component = _reach({i for i, key in enumerate(keys) if key[0] in new_ids}, expand, groups_of, hops=CLAIM_HOPS)
    ordered = np.array(sorted(component), dtype=np.int64)
    local = np.full(len(keys), -1, dtype=np.int64)
    local[ordered] = np.arange(len(ordered))
    found = ClaimPairs.joined(scored_pairs(matrix, indexed, owners, CLAIM_THRESHOLD, rows=ordered, among=ordered))
    earlier = local[found.left] < local[found.right]
    pairs = ClaimPairs(found.scores[earlier], local[found.left][earlier], local[found.right][earlier])
    groups = [[keys[ordered[i]] for i in group] for group in complete_link_groups(owners[ordered], pairs)]
    groups += [group for group in stored_groups if not any(index.get(k, -1) in component for k in group)]
    return sorted(sorted(group) for group in groups)


def _groups_by_member(groups: Iterable[list[int]]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for group in groups:
        for member in group:
            found[member] = group
    return found


def _reach(
    start: set[int], expand: Callable[[Sequence[int]], Iterable[int]], groups_of: Mapping[int, list[int]], *,
    hops: int | None,
) -> set[int]:
    """`start`, what is at the threshold from it within `hops` steps (None: any number), and the stored groups
    of those, whole."""
    reached = set(start)
    for item in list(reached):
        reached.update(groups_of.get(item, ()))
    frontier = set(reached)
    steps = 0
    while frontier and (hops is None or steps < hops):
        steps += 1
        found = set(expand(sorted(frontier))) - reached
        for item in list(found):
            found.update(groups_of.get(item, ()))
        frontier = found - reached
        reached |= frontier
    return reached
