"""Partial copies: paragraphs lifted from one article into another.

Ingest's MinHash links whole near-duplicates (`copy_of`); this finds the
passages, with character spans in both texts, also when only a paragraph of
a longer article is copied or the copy was lightly edited.

How, so that it scales with the number of articles rather than of pairs:
1. every text becomes lower-cased word tokens; each 8-word window is hashed
   and winnowed (Schleimer et al. 2003: the minimum hash of every 4 windows),
   which keeps about a third of the hashes and still catches every shared
   run of 11 words or more;
2. an inverted index from fingerprint to articles gives the candidate pairs:
   articles sharing at least two fingerprints. Fingerprints found in more
   than `max_df` articles are boilerplate and give no pairs;
3. only candidate pairs are aligned: each shared fingerprint seeds an exact
   run of equal words, extended both ways; runs on a consistent course with
   small gaps (a changed word, a dropped clause) are chained into one
   passage; passages of at least `min_words` matched words are kept.

Direction: the copy is the later article by publication date, then by
ingest order (`seq`); an undated article counts as later than a dated one.
A copy of a copy points to the first: each article's passages are taken
from its earliest source first, and later sources only keep what is left.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from crosswire.link.records import ArticleText, SharedPassage

_WORD = re.compile(r"\w+")
_K = 8  # words per fingerprinted window
_WINDOW = 4  # winnowing window: runs of _K + _WINDOW - 1 words are always seen
_MAX_GAP = 8  # words skipped on either side between two runs of one passage
_MIN_SHARED = 2  # fingerprints two articles must share to be aligned


@dataclass(frozen=True, slots=True)
class _Tokens:
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class _Run:
    """`length` equal words at word `a` of the copy and `b` of the origin."""

    a: int
    b: int
    length: int


def find_shared_passages(
    articles: Sequence[ArticleText], *, min_words: int = 25, max_df: int = 100
) -> list[SharedPassage]:
    """Passages of at least `min_words` words that a later article shares with an earlier one."""
    order = sorted(range(len(articles)), key=lambda i: _age(articles[i]))
    rank = {articles[i].id: position for position, i in enumerate(order)}
    tokens = [_tokenize(article.text) for article in articles]
    fingerprints = [_winnow(t.words) for t in tokens]
    pairs = _candidate_pairs(fingerprints, max_df=max_df) | _ingest_pairs(articles)
    runs_by_copy: dict[int, list[tuple[int, list[_Run]]]] = defaultdict(list)
    for first, second in pairs:
        if articles[first].id == articles[second].id:
            continue  # one article given twice is no copy of itself
        copy, origin = (first, second) if rank[articles[first].id] > rank[articles[second].id] else (second, first)
        runs = _seed_runs(fingerprints[copy], fingerprints[origin], tokens[copy].words, tokens[origin].words)
        if sum(run.length for run in runs) >= min_words:
            runs_by_copy[copy].append((origin, runs))
    passages: list[SharedPassage] = []
    for copy in sorted(runs_by_copy, key=lambda i: rank[articles[i].id]):
        sources = sorted(runs_by_copy[copy], key=lambda item: rank[articles[item[0]].id])
        passages.extend(_passages_of(copy, sources, articles, tokens, min_words=min_words))
    return passages


def _age(article: ArticleText) -> tuple[int, str, int]:
    published = (article.published or "")[:10]
    return (0 if published else 1, published, article.seq)


def _tokenize(text: str) -> _Tokens:
    matches = list(_WORD.finditer(text.lower()))
    return _Tokens(tuple(m.group() for m in matches), tuple(m.span() for m in matches))


def _winnow(words: Sequence[str]) -> dict[int, list[int]]:
    """Fingerprint -> word positions where its 8-word window starts."""
    # crc32, not hash(): the same fingerprints in every process, so reruns give the same passages.
    hashes = np.fromiter(
        (zlib.crc32(" ".join(words[i : i + _K]).encode()) for i in range(len(words) - _K + 1)), dtype=np.int64
    )
    chosen: dict[int, list[int]] = defaultdict(list)
    if hashes.size == 0:
        return chosen
    width = min(_WINDOW, hashes.size)
    windows = np.lib.stride_tricks.sliding_window_view(hashes, width)
    # The rightmost minimum of each window (argmin on the reversed window), as winnowing prescribes.
    positions = np.arange(windows.shape[0]) + (width - 1 - np.argmin(windows[:, ::-1], axis=1))
    for position in np.unique(positions).tolist():
        chosen[int(hashes[position])].append(position)
    return chosen


def _candidate_pairs(fingerprints: Sequence[dict[int, list[int]]], *, max_df: int) -> set[tuple[int, int]]:
    index: dict[int, list[int]] = defaultdict(list)
    for article, prints in enumerate(fingerprints):
        for value in prints:
            index[value].append(article)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for holders in index.values():
        if len(holders) < 2 or len(holders) > max_df:
            continue
        for i, first in enumerate(holders):
            for second in holders[i + 1 :]:
                shared[(first, second)] += 1
    return {pair for pair, count in shared.items() if count >= _MIN_SHARED}


def _ingest_pairs(articles: Sequence[ArticleText]) -> set[tuple[int, int]]:
    """Near-duplicates linked at ingest are aligned whatever their fingerprints say."""
    position = {article.id: i for i, article in enumerate(articles)}
    pairs = set()
    for i, article in enumerate(articles):
        j = position.get(article.copy_of or "")
        if j is not None and j != i:
            pairs.add((min(i, j), max(i, j)))
    return pairs


def _seed_runs(
    copy_prints: dict[int, list[int]], origin_prints: dict[int, list[int]], a: Sequence[str], b: Sequence[str]
) -> list[_Run]:
    """Maximal runs of equal words through every shared fingerprint, in copy order."""
    runs: list[_Run] = []
    seen: set[tuple[int, int]] = set()
    for value, positions in copy_prints.items():
        for j in origin_prints.get(value, ()):
            for i in positions:
                if (i - j, i) in seen:
                    continue
                run = _extend(a, b, i, j)
                if run.length < _K:  # a crc32 collision, not shared words
                    continue
                seen.update((run.a - run.b, run.a + k) for k in range(run.length))
                runs.append(run)
    return sorted(runs, key=lambda run: (run.a, run.b))


def _extend(a: Sequence[str], b: Sequence[str], i: int, j: int) -> _Run:
    while i > 0 and j > 0 and a[i - 1] == b[j - 1]:
        i, j = i - 1, j - 1
    length = 0
    while i + length < len(a) and j + length < len(b) and a[i + length] == b[j + length]:
        length += 1
    return _Run(i, j, length)


def _chains(runs: Iterable[_Run]) -> list[list[_Run]]:
    """Runs that follow each other in both texts with small gaps, as passages."""
    chains: list[list[_Run]] = []
    for run in sorted(runs, key=lambda r: (r.a, r.b)):
        for chain in chains:
            last = chain[-1]
            gap_a, gap_b = run.a - (last.a + last.length), run.b - (last.b + last.length)
            # A longer edit is tolerated between two long runs: an inserted clause in a lifted paragraph.
            limit = max(_MAX_GAP, min(last.length, run.length) // 2)
            if 0 <= gap_a <= limit and 0 <= gap_b <= limit:
                chain.append(run)
                break
        else:
            chains.append([run])
    return chains


def _passages_of(
    copy: int,
    sources: list[tuple[int, list[_Run]]],
    articles: Sequence[ArticleText],
    tokens: Sequence[_Tokens],
    *,
    min_words: int,
) -> list[SharedPassage]:
    """The copy's passages, earliest source first; later sources keep only uncovered words."""
    covered: set[int] = set()
    passages: list[SharedPassage] = []
    for origin, runs in sources:
        for chain in _chains(_uncovered(runs, covered)):
            if sum(run.length for run in chain) < min_words:
                continue
            first, last = chain[0], chain[-1]
            covered.update(range(first.a, last.a + last.length))
            passages.append(
                SharedPassage(
                    article_id=articles[copy].id,
                    start=tokens[copy].spans[first.a][0],
                    end=tokens[copy].spans[last.a + last.length - 1][1],
                    origin_article_id=articles[origin].id,
                    origin_start=tokens[origin].spans[first.b][0],
                    origin_end=tokens[origin].spans[last.b + last.length - 1][1],
                )
            )
    return passages


def _uncovered(runs: Iterable[_Run], covered: set[int]) -> list[_Run]:
    """Runs cut to the copy's words no earlier source accounts for."""
    pieces: list[_Run] = []
    for run in runs:
        start: int | None = None
        for k in range(run.length + 1):
            free = k < run.length and run.a + k not in covered
            if free and start is None:
                start = k
            elif not free and start is not None:
                pieces.append(_Run(run.a + start, run.b + start, k - start))
                start = None
    return pieces
