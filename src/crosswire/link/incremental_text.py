"""Shared passages and provenance edges again for only what new articles change.

`find_shared_passages` and `provenance_edges` look at every article. Here the
collection-wide steps that are cheap (tokens, fingerprints, the fingerprint
index, outlets) still run over all articles, so that boilerplate and
direction are judged exactly as a full run judges them, but alignment and
edge finding run only for the articles whose result can change:

- copies realigned: the new articles; every stored article that pairs with a
  new one and is later than it (a new article can be an earlier source, and
  then takes words from later ones); both sides of stored pairs that appear
  or vanish because a fingerprint crossed the boilerplate bound (`max_df`);
- edges refound: the realigned articles and the articles they pair with
  (shared passages decide which stored article a citation points to), the
  new articles' near-duplicate partners, and stored articles citing an
  outlet a new article belongs to (it may become, or make ambiguous, the
  cited report).

Every other article keeps its stored passages and edges. The result equals
the full functions' (tests/link/test_incremental.py).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Mapping, Sequence

import numpy as np

from crosswire.link.copies import Fingerprints, _age, _candidate_pairs, _ingest_pairs, _passages_of, find_shared_passages
from crosswire.link.provenance import ArticleIndex, _copy_edges, _dedupe, article_outlet, credited_edges
from crosswire.link.records import ArticleText, ProvenanceEdge, SharedPassage
from crosswire.understand.records import Claim

_DEFAULTS = find_shared_passages.__kwdefaults__ or {}
MIN_WORDS: int = _DEFAULTS.get("min_words", 25)
MAX_DF: int = _DEFAULTS.get("max_df", 100)


def update_passages(
    articles: Sequence[ArticleText], *, new_ids: set[str], stored: Sequence[SharedPassage]
) -> tuple[list[SharedPassage], set[str]]:
    """(every article's passages, ids of the articles whose passages were recomputed)."""
    rank = {articles[i].id: position for position, i in
            enumerate(sorted(range(len(articles)), key=lambda i: _age(articles[i])))}
    texts = Fingerprints(articles)
    pairs = _candidate_pairs(texts.values(), max_df=MAX_DF) | _ingest_pairs(articles)
    old_pairs = _old_pairs(articles, texts.values(), pairs, new_ids=new_ids)
    partners: dict[int, set[int]] = defaultdict(set)
    realign = {i for i, article in enumerate(articles) if article.id in new_ids}
    for first, second in pairs:
        partners[first].add(second)
        partners[second].add(first)
        later = first if rank[articles[first].id] > rank[articles[second].id] else second
        if articles[first].id in new_ids or articles[second].id in new_ids:
            realign.add(later)
    for first, second in (pairs ^ old_pairs):
        if articles[first].id not in new_ids and articles[second].id not in new_ids:
            realign.update((first, second))  # a fingerprint became boilerplate: this pair is no longer aligned
    recomputed: dict[str, list[SharedPassage]] = {}
    for copy in sorted(realign, key=lambda i: rank[articles[i].id]):
        sources = []
        for origin in sorted(partners[copy], key=lambda i: rank[articles[i].id]):
            if articles[origin].id == articles[copy].id or rank[articles[origin].id] > rank[articles[copy].id]:
                continue
            runs = texts.seed_runs(copy, origin)
            if sum(run.length for run in runs) >= MIN_WORDS:
                sources.append((origin, runs))
        recomputed[articles[copy].id] = _passages_of(copy, sources, articles, texts, min_words=MIN_WORDS)
    kept: dict[str, list[SharedPassage]] = defaultdict(list)
    for passage in stored:
        if passage.article_id not in recomputed and passage.article_id in rank:
            kept[passage.article_id].append(passage)
    passages: list[SharedPassage] = []
    for article_id in sorted({*recomputed, *kept}, key=lambda a: rank[a]):
        found = recomputed.get(article_id)
        if found is None:
            found = sorted(kept[article_id], key=lambda p: (rank.get(p.origin_article_id, -1), p.start))
        passages.extend(found)
    return passages, {articles[i].id for i in realign}


def _old_pairs(
    articles: Sequence[ArticleText], prints: Sequence[np.ndarray], pairs: set[tuple[int, int]], *,
    new_ids: set[str],
) -> set[tuple[int, int]]:
    """The candidate pairs the stored articles alone give: `pairs` without the new articles, unless the new
    articles pushed a fingerprint over `MAX_DF` holders (boilerplate now: it no longer pairs stored articles)."""
    old = [i for i, article in enumerate(articles) if article.id not in new_ids]
    new_prints = {value for i, article in enumerate(articles) if article.id in new_ids for value in prints[i].tolist()}
    holders: dict[int, int] = defaultdict(int)
    new_holders: dict[int, int] = defaultdict(int)
    for i, article in enumerate(articles):
        for value in prints[i].tolist():
            if value in new_prints:
                holders[value] += 1
                new_holders[value] += article.id in new_ids
    if not any(count > MAX_DF >= count - new_holders[value] for value, count in holders.items()):
        return {(a, b) for a, b in pairs if articles[a].id not in new_ids and articles[b].id not in new_ids}
    return {(old[a], old[b]) for a, b in
            _candidate_pairs([prints[i] for i in old], max_df=MAX_DF) | _ingest_pairs([articles[i] for i in old])}


def update_edges(
    articles: Sequence[ArticleText],
    claims: Mapping[str, Sequence[Claim]],
    passages: Sequence[SharedPassage],
    *,
    refind: set[str],
    stored: Mapping[str, Sequence[ProvenanceEdge]],
) -> list[ProvenanceEdge]:
    """Every article's edges: found again for `refind`, as stored for the others (per article, in a full run's order)."""
    index = ArticleIndex.of(articles, passages)
    passages_of: dict[str, list[SharedPassage]] = defaultdict(list)
    for passage in passages:
        passages_of[passage.article_id].append(passage)
    edges: list[ProvenanceEdge] = []
    for article in articles:
        if article.id not in refind:
            edges.extend(stored.get(article.id, ()))
            continue
        found = list(_copy_edges([article], passages_of[article.id], index.by_id))
        found.extend(credited_edges(article, claims.get(article.id, ()), index))
        edges.extend(_dedupe(found))
    return edges


def edges_to_refind(
    articles: Sequence[ArticleText],
    *,
    new_ids: set[str],
    realigned: set[str],
    passages: Iterable[SharedPassage],
    stored: Mapping[str, Sequence[ProvenanceEdge]],
) -> set[str]:
    """The articles whose provenance edges can differ from the stored ones (see the module docstring)."""
    refind = set(new_ids) | set(realigned)
    for passage in passages:
        if passage.article_id in realigned:
            refind.add(passage.origin_article_id)
    for article in articles:
        if article.copy_of and (article.id in new_ids or article.copy_of in new_ids):
            refind.update((article.id, article.copy_of))
    new_outlets = {article_outlet(article) for article in articles if article.id in new_ids}
    for article_id, edges in stored.items():
        if any(edge.kind != "copies" and edge.target_name in new_outlets for edge in edges):
            refind.add(article_id)
    return refind
