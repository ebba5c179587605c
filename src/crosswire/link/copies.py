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
import sys
import zlib
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]

from crosswire.link.arrays import expand_ranges, row_blocks
from crosswire.link.records import ArticleText, SharedPassage

_WORD = re.compile(r"\w+")
_K = 8  # words per fingerprinted window
_WINDOW = 4  # winnowing window: runs of _K + _WINDOW - 1 words are always seen
_MAX_GAP = 8  # words skipped on either side between two runs of one passage
_MIN_SHARED = 2  # fingerprints two articles must share to be aligned


@dataclass(frozen=True, slots=True)
class _Tokens:
    """An article's words (one shared string per distinct word), their spans, and its winnowed fingerprints."""

    words: tuple[str, ...]
    spans: np.ndarray  # (words, 2) character offsets
    prints: np.ndarray  # fingerprint values, sorted (with their positions)
    positions: np.ndarray  # the word position where each fingerprint's 8-word window starts


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
    texts = Fingerprints(articles)
    pairs = _candidate_pairs(texts.values(), max_df=max_df) | _ingest_pairs(articles)
    origins_of: dict[int, list[int]] = defaultdict(list)
    for copy, origin in sorted(_directed(pairs, articles, rank)):
        origins_of[copy].append(origin)
    del pairs
    # Copy by copy in input order, runs and passages together, so that a copy is tokenized once and its
    # origins (mostly near it in the input) come from the cache; in date order (the order passages are
    # listed in), copies of a collection spanning years jump back and forth and most missed the cache.
    # A copy's passages depend on its own sources only.
    passages_of: dict[int, list[SharedPassage]] = {}
    for copy, origins in origins_of.items():
        found = [(origin, runs) for origin, runs in ((origin, texts.seed_runs(copy, origin)) for origin in origins)
                 if sum(run.length for run in runs) >= min_words]
        if found:
            sources = sorted(found, key=lambda item: rank[articles[item[0]].id])
            passages_of[copy] = _passages_of(copy, sources, articles, texts, min_words=min_words)
    return [passage for copy in sorted(passages_of, key=lambda i: rank[articles[i].id]) for passage in passages_of[copy]]


def _directed(
    pairs: Iterable[tuple[int, int]], articles: Sequence[ArticleText], rank: dict[str, int]
) -> Iterator[tuple[int, int]]:
    """(copy, origin) of each pair: the later article copies the earlier one."""
    for first, second in pairs:
        if articles[first].id == articles[second].id:
            continue  # one article given twice is no copy of itself
        yield (first, second) if rank[articles[first].id] > rank[articles[second].id] else (second, first)


def _age(article: ArticleText) -> tuple[int, str, int]:
    published = (article.published or "")[:10]
    return (0 if published else 1, published, article.seq)


class Fingerprints:
    """Each article's tokens and winnowed fingerprints, computed when asked for.

    The distinct fingerprint values of every article are kept (a few hundred
    32-bit integers in one array); tokens, compact as they are (word strings
    interned, so equal words are one string while some cached article uses
    them; arrays), are kept for the `cache` most recently used articles and
    recomputed for others. Holding every article's tokens as Python tuples
    took several GB at 100,000 articles, a dict of every word seen a few
    hundred MB."""

    def __init__(self, articles: Sequence[ArticleText], *, cache: int = 16384) -> None:
        self.articles = articles
        self._values: list[np.ndarray] | None = None
        # A closure over the texts, not a bound method: no cycle through self, so the cache goes with it.
        self._cached = lru_cache(maxsize=cache)(lambda index: _tokenize(articles[index].text))

    def values(self) -> list[np.ndarray]:
        """Each article's distinct fingerprint values, sorted (crc32 values: 32 bits)."""
        if self._values is None:
            self._values = [np.unique(self._cached(index).prints).astype(np.uint32)
                            for index in range(len(self.articles))]
        return self._values

    def tokens(self, index: int) -> _Tokens:
        return self._cached(index)

    def seed_runs(self, copy: int, origin: int) -> list[_Run]:
        return _seed_runs(self.tokens(copy), self.tokens(origin))


def _tokenize(text: str) -> _Tokens:
    matches = list(_WORD.finditer(text.lower()))
    words = tuple(sys.intern(m.group()) for m in matches)
    spans = np.array([m.span() for m in matches], dtype=np.int32).reshape(-1, 2)
    hashes = _window_hashes(words)
    positions = _chosen(hashes) if hashes.size else np.empty(0, dtype=np.int64)
    values = hashes[positions]
    order = np.lexsort((positions, values))
    return _Tokens(words, spans, values[order], positions[order])


def _window_hashes(words: Sequence[str]) -> np.ndarray:
    # crc32, not hash(): the same fingerprints in every process, so reruns give the same passages.
    return np.fromiter(
        (zlib.crc32(" ".join(words[i : i + _K]).encode()) for i in range(len(words) - _K + 1)), dtype=np.int64
    )


def _chosen(hashes: np.ndarray) -> np.ndarray:
    """Winnowing: the window starts kept, sorted and distinct."""
    width = min(_WINDOW, hashes.size)
    windows = np.lib.stride_tricks.sliding_window_view(hashes, width)
    # The rightmost minimum of each window (argmin on the reversed window), as winnowing prescribes.
    positions = np.arange(windows.shape[0]) + (width - 1 - np.argmin(windows[:, ::-1], axis=1))
    return np.unique(positions)


def _candidate_pairs(values: Sequence[np.ndarray], *, max_df: int) -> set[tuple[int, int]]:
    """Article pairs (i < j) sharing at least `_MIN_SHARED` fingerprints held by at most `max_df` articles.

    A sparse product of (article x fingerprint) with its transpose, a block of articles at a time, counts
    the fingerprints each pair shares: at 100,000 articles the shared fingerprints give about 100 million
    pair occurrences, and counting every distinct pair with a shared fingerprint held hundreds of MB."""
    if not values:
        return set()
    # (fingerprint, holder) packed in one 64-bit key and sorted in place: a third of the memory of sorting
    # two arrays by an index array
    keys = np.concatenate(values).astype(np.uint64) << np.uint64(32)
    keys |= np.repeat(np.arange(len(values), dtype=np.uint64), [v.size for v in values])
    keys.sort()
    prints = keys >> np.uint64(32)
    same = prints[1:] == prints[:-1]
    del prints
    # runs of one fingerprint held by two articles or more: where they start and how long they are
    starts = np.flatnonzero(same & ~np.r_[False, same[:-1]])
    sizes = np.flatnonzero(same & ~np.r_[same[1:], False]) + 2 - starts
    del same
    shared = (sizes <= max_df)
    starts, sizes = starts[shared], sizes[shared]
    entries = expand_ranges(starts, sizes)
    holders = (keys[entries] & np.uint64(0xFFFFFFFF)).astype(np.int32)
    del keys, entries
    prints_of = np.repeat(np.arange(len(starts), dtype=np.int32), sizes)
    held = sparse.csr_matrix((np.ones(len(holders), dtype=np.int32), (holders, prints_of)),
                             shape=(len(values), len(starts)))
    del holders, prints_of
    holding = held.T.tocsr()
    cost = np.asarray(held @ np.asarray(holding.sum(axis=1)).ravel()).ravel()  # pairs a row's product gives
    pairs: set[tuple[int, int]] = set()
    for first, last in row_blocks(cost, _PAIRS_PER_CHUNK):
        counts = (held[first:last] @ holding).tocoo()
        left = counts.row.astype(np.int64) + first
        keep = (counts.col > left) & (counts.data >= _MIN_SHARED)
        pairs.update(zip(left[keep].tolist(), counts.col[keep].tolist()))
    return pairs


_PAIRS_PER_CHUNK = 5_000_000


def _ingest_pairs(articles: Sequence[ArticleText]) -> set[tuple[int, int]]:
    """Near-duplicates linked at ingest are aligned whatever their fingerprints say."""
    position = {article.id: i for i, article in enumerate(articles)}
    pairs = set()
    for i, article in enumerate(articles):
        j = position.get(article.copy_of or "")
        if j is not None and j != i:
            pairs.add((min(i, j), max(i, j)))
    return pairs


def _seed_runs(copy: _Tokens, origin: _Tokens) -> list[_Run]:
    """Maximal runs of equal words through every shared fingerprint, in copy order."""
    a, b = copy.words, origin.words
    origin_at: dict[int, list[int]] = defaultdict(list)
    for value, j in zip(origin.prints.tolist(), origin.positions.tolist()):
        origin_at[value].append(j)
    runs: list[_Run] = []
    seen: set[tuple[int, int]] = set()
    # Each seed grows into the one maximal run on its diagonal, so the order seeds are taken in does not matter.
    for value, i in zip(copy.prints.tolist(), copy.positions.tolist()):
        for j in origin_at.get(value, ()):
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
    texts: Fingerprints,
    *,
    min_words: int,
) -> list[SharedPassage]:
    """The copy's passages, earliest source first; later sources keep only uncovered words."""
    covered: set[int] = set()
    passages: list[SharedPassage] = []
    copy_spans = texts.tokens(copy).spans
    for origin, runs in sources:
        origin_spans = texts.tokens(origin).spans
        for chain in _chains(_uncovered(runs, covered)):
            if sum(run.length for run in chain) < min_words:
                continue
            first, last = chain[0], chain[-1]
            covered.update(range(first.a, last.a + last.length))
            passages.append(
                SharedPassage(
                    article_id=articles[copy].id,
                    start=int(copy_spans[first.a, 0]),
                    end=int(copy_spans[last.a + last.length - 1, 1]),
                    origin_article_id=articles[origin].id,
                    origin_start=int(origin_spans[first.b, 0]),
                    origin_end=int(origin_spans[last.b + last.length - 1, 1]),
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
