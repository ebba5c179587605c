"""Word vectors of event mentions: TF-IDF over the mentions being linked.

A mention's vector is its evidence text's TF-IDF vector plus, for the
article's main mention when the article's whole text is given, the article's
vector scaled by `article_weight` (then L2-normalised again): the evidence
says which event of the article this is, the article says what story it
belongs to. A background mention (an earlier attack the article recalls)
gets no article part: the article's words are about its main event, and
with them every background frame looked like the main one, so documents
recalling another event were pulled apart (ECB+ B-cubed F1 0.85 -> 0.88).
IDF is taken over the mentions themselves (articles counted once), so a word
that every article of the batch uses ("Syria", "killed") weighs little and a
name seen in two articles weighs a lot; an article part keeps only the terms
some other article also uses. Tokens are lower-cased words without stop words
(capitalised ones counted twice), four-digit years (the cheapest sign that
two look-alike stories are years apart) and other numbers (tolls,
magnitudes, scores).
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
from spacy.lang.en.stop_words import STOP_WORDS

from crosswire.link.arrays import expand_ranges, row_blocks, sorted_unique
from crosswire.link.records import EventMention

_TOKEN = re.compile(r"[^\W\d_][\w'-]*[^\W_]|\b(?:1[89]|20)\d\d\b")
_STOP = frozenset(STOP_WORDS) | {"said", "says", "told", "according", "reported", "news", "http", "https", "www", "com"}
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_PAIR_NONZEROS = 1_000_000  # ~50 MB of slices and products at most
_BLOCK_ENTRIES = 1_000_000  # stored weights per block while building (~50 MB of temporaries; 4 M gave ~200)


def tokens(text: str) -> list[str]:
    """Content words and years of `text`, lower-cased, possessives and plural -s
    stripped; a capitalised word counts twice (names tell events apart better
    than common nouns) and every other number is a term of its own ("#23")."""
    words = []
    for match in _TOKEN.finditer(text):
        raw = match.group()
        word = raw.lower().removesuffix("'s")
        if word in _STOP or len(word) < 2:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        words.append(word)
        if raw[0].isupper() and len(word) > 2:
            words.append(word)
    words.extend("#" + m.group() for m in _NUMBER.finditer(text) if not _YEAR.fullmatch(m.group()))
    return words


def mention_vectors(
    mentions: Sequence[EventMention], article_texts: Mapping[str, str] | None, *, article_weight: float
) -> tuple[Any, Any]:
    """(with article, evidence only): one L2-normalised TF-IDF row per mention
    each (scipy CSR matrices, mentions in input order). Two mentions of one
    article are compared on their evidence alone: their article parts are equal.

    Terms are counted straight into compact integer arrays and the rows built
    as sparse matrices a block of rows at a time (per-term Python dicts took
    ~40 KB a mention; whole-matrix temporaries about 9 KB a mention at 100k)."""
    article_ids = sorted({m.article_id for m in mentions if article_texts and m.article_id in article_texts})
    words: dict[str, int] = {}
    # Texts are read one at a time, not listed (every article's text decompressed at once), and the
    # vocabulary (a str and an int per word; each article brings new names) is dropped once ranked, before
    # the weighted rows are built and joined.
    evidence = _counted((m.text for m in mentions), len(mentions), words)
    articles = _counted((article_texts[a] for a in article_ids) if article_texts else (), len(article_ids), words)
    rank = _sorted_ranks(words)
    width = max(len(words), 1)
    del words
    evidence = (evidence[0], rank[evidence[1]], evidence[2])
    articles = (articles[0], rank[articles[1]], articles[2])
    del rank
    frequency = _document_frequency([m.article_id for m in mentions], article_ids, evidence, articles, width)
    n_docs = max(len({m.article_id for m in mentions}), 1)
    idf = np.log((n_docs + 1) / (frequency + 1))
    # Article parts: only terms another article also uses, weighed without the +1 (a term every article
    # uses weighs nothing): a word one article alone has cannot make it resemble another, it only
    # dilutes its vector (ECB+ B-cubed F1 0.878 -> 0.892). Each count array is dropped once weighed.
    article_matrix = _weighted(articles, np.where(frequency > 1, idf, 0.0), width)
    del articles
    evidence_matrix = _weighted(evidence, idf + 1.0, width)
    del evidence
    position = {a: i for i, a in enumerate(article_ids)}
    chosen = [(row, position[m.article_id]) for row, m in enumerate(mentions) if m.main and m.article_id in position]
    if not chosen or article_weight <= 0:
        return evidence_matrix, evidence_matrix
    rows, columns = zip(*chosen)
    select = csr_matrix((np.full(len(rows), article_weight), (rows, columns)), shape=(len(mentions), len(article_ids)))
    return _with_articles(evidence_matrix, select, article_matrix), evidence_matrix


_Counts = tuple[np.ndarray, np.ndarray, np.ndarray]  # CSR parts: indptr, term ids, counts


def _counted(texts: Iterable[str], count: int, words: dict[str, int]) -> _Counts:
    """The term counts of the `count` texts, as CSR parts; new terms get the next id in `words`."""
    indptr = np.zeros(count + 1, dtype=np.int64)
    ids, counts = array("i"), array("i")
    for i, text in enumerate(texts):
        counter = Counter(tokens(text))
        ids.extend([words.setdefault(w, len(words)) for w in counter])
        counts.extend(counter.values())
        indptr[i + 1] = len(ids)
    return indptr, np.frombuffer(ids, dtype=np.int32), np.frombuffer(counts, dtype=np.int32)


def _sorted_ranks(words: dict[str, int]) -> np.ndarray:
    """Term id -> its rank in alphabetical order, so that ids do not depend on which text came first."""
    rank = np.zeros(len(words), dtype=np.int32)
    for position, word in enumerate(sorted(words)):
        rank[words[word]] = position
    return rank


def _document_frequency(
    mention_articles: Sequence[str], article_ids: Sequence[str], evidence: _Counts, articles: _Counts, width: int
) -> np.ndarray:
    """How many articles use each term (in any mention's evidence or in the article text), counted
    `_BLOCK_ENTRIES` (article, term) entries at a time."""
    names = {a: i for i, a in enumerate(sorted(set(mention_articles)))}
    code = np.array([names[a] for a in mention_articles], dtype=np.int64)
    text_code = np.array([names[a] for a in article_ids], dtype=np.int64)
    by_code = np.argsort(code, kind="stable")
    mention_start = np.searchsorted(code[by_code], np.arange(len(names) + 1))
    text_start = np.searchsorted(text_code, np.arange(len(names) + 1))
    cost = np.bincount(code, weights=np.diff(evidence[0]), minlength=len(names))
    cost[text_code] += np.diff(articles[0])
    frequency = np.zeros(width)
    for first, last in row_blocks(cost, _BLOCK_ENTRIES):
        mention_rows = by_code[mention_start[first] : mention_start[last]]
        text_rows = np.arange(text_start[first], text_start[last])
        keys = [_entry_keys(evidence, mention_rows, code[mention_rows] - first, width),
                _entry_keys(articles, text_rows, text_code[text_rows] - first, width)]
        frequency += np.bincount(sorted_unique(np.concatenate(keys))[0] % width, minlength=width)
    return frequency


def _entry_keys(counted: _Counts, rows: np.ndarray, owners: np.ndarray, width: int) -> np.ndarray:
    """owner * width + term of every stored term of `rows`."""
    indptr, ids, _ = counted
    lengths = indptr[rows + 1] - indptr[rows]
    keys: np.ndarray = np.repeat(owners.astype(np.int64), lengths) * width + ids[expand_ranges(indptr[rows], lengths)]
    return keys


def _weighted(counted: _Counts, idf: np.ndarray, width: int) -> Any:
    """Sublinear tf x idf rows, L2-normalised, zero weights dropped, term ids sorted within a row (weights
    computed `_BLOCK_ENTRIES` at a time: whole-array temporaries were 4 x 8 bytes a stored weight)."""
    indptr, ids, counts = counted
    data = np.empty(len(ids))
    for lo in range(0, len(ids), _BLOCK_ENTRIES):
        hi = lo + _BLOCK_ENTRIES
        data[lo:hi] = (1.0 + np.log(np.maximum(counts[lo:hi], 1.0))) * idf[ids[lo:hi]]
    matrix = csr_matrix((data, ids, indptr), shape=(len(indptr) - 1, width))
    matrix.eliminate_zeros()
    matrix.sort_indices()
    return _normalised(matrix)


def _with_articles(evidence: Any, select: Any, articles: Any) -> Any:
    """normalised(evidence + select @ articles), built `_BLOCK_ENTRIES` stored weights at a time into
    arrays sized for the worst case (pages never written are never resident): whole-matrix temporaries
    were several times the result."""
    bound = np.diff(evidence.indptr).astype(np.int64)
    np.add.at(bound, np.repeat(np.arange(select.shape[0]), np.diff(select.indptr)), np.diff(articles.indptr)[select.indices])
    data, indices = np.empty(int(bound.sum())), np.empty(int(bound.sum()), dtype=np.int32)
    indptr = np.zeros(evidence.shape[0] + 1, dtype=np.int64)
    for first, last in row_blocks(bound, _BLOCK_ENTRIES):
        block = _normalised(evidence[first:last] + select[first:last] @ articles)
        lo = indptr[first]
        data[lo : lo + block.nnz], indices[lo : lo + block.nnz] = block.data, block.indices
        indptr[first + 1 : last + 1] = lo + block.indptr[1:]
    nnz = int(indptr[-1])
    return csr_matrix((data[:nnz], indices[:nnz], indptr), shape=evidence.shape)


def _normalised(matrix: Any) -> Any:
    """Rows scaled to unit length in place, a block of rows at a time (row by row, the same sums)."""
    matrix = csr_matrix(matrix)
    for first, last in row_blocks(np.diff(matrix.indptr), _BLOCK_ENTRIES):
        block = matrix[first:last]
        norms = np.sqrt(np.asarray(block.multiply(block).sum(axis=1)).ravel())
        matrix.data[matrix.indptr[first] : matrix.indptr[last]] /= np.repeat(np.where(norms > 0, norms, 1.0),
                                                                              np.diff(block.indptr))
    matrix.sort_indices()
    return matrix


def top_terms(matrix: Any, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, term) arrays of every row's `k` heaviest terms (ties: the lower term id), rows ascending:
    the words that say most about each mention."""
    lengths = np.diff(matrix.indptr)
    rows, terms = [np.zeros(0, dtype=np.int32)], [np.zeros(0, dtype=np.int32)]
    for first, last in row_blocks(lengths, _BLOCK_ENTRIES):
        lo, hi = matrix.indptr[first], matrix.indptr[last]
        row = np.repeat(np.arange(first, last, dtype=np.int32), lengths[first:last])
        order = np.lexsort((-matrix.data[lo:hi], row))
        rank = np.arange(hi - lo) - (matrix.indptr[row[order]] - lo)
        kept = np.sort(order[rank < k])
        rows.append(row[kept])
        terms.append(matrix.indices[lo:hi][kept].astype(np.int32))
    return np.concatenate(rows), np.concatenate(terms)


def pair_cosines(matrix: Any, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Cosine similarity of rows left[i] and right[i] (rows are unit vectors).

    Pairs go in chunks holding about `_PAIR_NONZEROS` stored weights: slicing
    whole-article rows for a fixed number of pairs at once took hundreds of MB
    on a thousand articles (40 candidates x ~400 terms x 2 sides x 3 copies)."""
    out = np.zeros(len(left))
    lengths = np.diff(matrix.indptr)
    for start, stop in row_blocks(lengths[left] + lengths[right], _PAIR_NONZEROS):
        products = matrix[left[start:stop]].multiply(matrix[right[start:stop]])
        out[start:stop] = np.asarray(products.sum(axis=1)).ravel()
    return out
