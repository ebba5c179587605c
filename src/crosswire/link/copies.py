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
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

import numpy as np

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
    runs_by_copy: dict[int, list[tuple[int, list[_Run]]]] = defaultdict(list)
    # Copy by copy, so that each copy is tokenized once and its origins come from the cache.
    for copy, origin in sorted(_directed(pairs, articles, rank)):
        runs = texts.seed_runs(copy, origin)
        if sum(run.length for run in runs) >= min_words:
            runs_by_copy[copy].append((origin, runs))
    passages: list[SharedPassage] = []
    for copy in sorted(runs_by_copy, key=lambda i: rank[articles[i].id]):
        sources = sorted(runs_by_copy[copy], key=lambda item: rank[articles[item[0]].id])
        passages.extend(_passages_of(copy, sources, articles, texts, min_words=min_words))
    return passages


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
    integers in one array); tokens, compact as they are (shared word strings,
    arrays), are kept for the `cache` most recently used articles and
    recomputed for others. Holding every article's tokens as Python tuples
    took several GB at 100,000 articles."""

    def __init__(self, articles: Sequence[ArticleText], *, cache: int = 16384) -> None:
        self.articles = articles
        self._values: list[np.ndarray] | None = None
        vocabulary: dict[str, str] = {}
        # A closure over the texts, not a bound method: no cycle through self, so the cache goes with it.
        self._cached = lru_cache(maxsize=cache)(lambda index: _tokenize(articles[index].text, vocabulary))

    def values(self) -> list[np.ndarray]:
        """Each article's distinct fingerprint values, sorted."""
        if self._values is None:
            self._values = [np.unique(self._cached(index).prints) for index in range(len(self.articles))]
        return self._values

    def tokens(self, index: int) -> _Tokens:
        return self._cached(index)

    def seed_runs(self, copy: int, origin: int) -> list[_Run]:
        return _seed_runs(self.tokens(copy), self.tokens(origin))


def _tokenize(text: str, vocabulary: dict[str, str]) -> _Tokens:
    matches = list(_WORD.finditer(text.lower()))
    words = tuple(vocabulary.setdefault(word, word) for word in (m.group() for m in matches))
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

    Counted with arrays, not a dict of pairs, and a chunk of fingerprints at a
    time: at 100,000 articles the shared fingerprints give about 100 million
    pair occurrences, far fewer distinct pairs."""
    if not values:
        return set()
    holders = np.repeat(np.arange(len(values), dtype=np.int64), [v.size for v in values])
    prints = np.concatenate(values)
    order = np.lexsort((holders, prints))
    prints, holders = prints[order], holders[order]
    starts = np.flatnonzero(np.r_[True, prints[1:] != prints[:-1]])
    sizes = np.diff(np.r_[starts, prints.size])
    pair_keys, counts = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    for chunk in _pair_chunks(holders, starts, sizes, max_df=max_df, articles=len(values)):
        found, found_counts = np.unique(chunk, return_counts=True)
        merged, where = np.unique(np.r_[pair_keys, found], return_inverse=True)
        counts = np.bincount(where, weights=np.r_[counts, found_counts], minlength=merged.size).astype(np.int64)
        pair_keys = merged
    kept = pair_keys[counts >= _MIN_SHARED]
    return set(zip((kept // len(values)).tolist(), (kept % len(values)).tolist()))


_PAIRS_PER_CHUNK = 5_000_000


def _pair_chunks(
    holders: np.ndarray, starts: np.ndarray, sizes: np.ndarray, *, max_df: int, articles: int
) -> Iterator[np.ndarray]:
    """Pair keys (first * articles + second) of every fingerprint held by 2 to `max_df` articles, in chunks."""
    for size in np.unique(sizes[(sizes >= 2) & (sizes <= max_df)]).tolist():
        first, second = np.triu_indices(size, 1)
        group_starts = starts[sizes == size]
        step = max(1, _PAIRS_PER_CHUNK // first.size)
        for at in range(0, group_starts.size, step):
            groups = holders[group_starts[at : at + step, None] + np.arange(size)]  # one row per fingerprint
            yield groups[:, first].ravel() * articles + groups[:, second].ravel()


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
