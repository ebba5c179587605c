"""Word vectors of event mentions: TF-IDF over the mentions being linked.

A mention's vector is its evidence text's TF-IDF vector plus, when the
article's whole text is given, the article's vector scaled by
`article_weight` (then L2-normalised again): the evidence says which event of
the article this is, the article says what story it belongs to. IDF is taken
over the mentions themselves (articles counted once), so a word that every
article of the batch uses ("Syria", "killed") weighs little and a name seen
in two articles weighs a lot. Tokens are lower-cased words without stop words
(capitalised ones counted twice), four-digit years (the cheapest sign that
two look-alike stories are years apart) and other numbers (tolls,
magnitudes, scores).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Mapping, Sequence

import numpy as np
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
from spacy.lang.en.stop_words import STOP_WORDS

from crosswire.link.records import EventMention

_TOKEN = re.compile(r"[^\W\d_][\w'-]*[^\W_]|\b(?:1[89]|20)\d\d\b")
_STOP = frozenset(STOP_WORDS) | {"said", "says", "told", "according", "reported", "news", "http", "https", "www", "com"}
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_PAIR_CHUNK = 200_000


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
    article are compared on their evidence alone: their article parts are equal."""
    evidence = [Counter(tokens(m.text)) for m in mentions]
    article_ids = sorted({m.article_id for m in mentions if article_texts and m.article_id in article_texts})
    articles = {a: Counter(tokens(article_texts[a])) for a in article_ids} if article_texts else {}
    vocabulary: dict[str, int] = {}
    document_frequency: Counter[str] = Counter()
    seen_in_article: dict[str, set[str]] = {}
    for mention, counts in zip(mentions, evidence):
        words = seen_in_article.setdefault(mention.article_id, set())
        words.update(counts)
    for article_id, counts in articles.items():
        seen_in_article[article_id].update(counts)
    for words in seen_in_article.values():
        document_frequency.update(words)
    for word in sorted(document_frequency):
        vocabulary[word] = len(vocabulary)
    n_docs = max(len(seen_in_article), 1)
    idf = np.zeros(len(vocabulary))
    for word, count in document_frequency.items():
        idf[vocabulary[word]] = np.log((n_docs + 1) / (count + 1)) + 1.0
    article_rows = {a: _weighted(c, vocabulary, idf) for a, c in articles.items()}
    rows, evidence_rows = [], []
    for mention, counts in zip(mentions, evidence):
        own = _weighted(counts, vocabulary, idf)
        evidence_rows.append(own)
        row = dict(own)
        if mention.article_id in article_rows and article_weight > 0:
            for term, weight in article_rows[mention.article_id].items():
                row[term] = row.get(term, 0.0) + article_weight * weight
        rows.append(_normalised(row))
    return _to_csr(rows, len(vocabulary)), _to_csr(evidence_rows, len(vocabulary))


def _weighted(counts: Counter[str], vocabulary: Mapping[str, int], idf: np.ndarray) -> dict[int, float]:
    row = {vocabulary[w]: (1.0 + float(np.log(c))) * float(idf[vocabulary[w]]) for w, c in counts.items()}
    return _normalised(row)


def _normalised(row: dict[int, float]) -> dict[int, float]:
    norm = float(np.sqrt(sum(v * v for v in row.values())))
    return {t: v / norm for t, v in row.items()} if norm > 0 else row


def _to_csr(rows: Sequence[dict[int, float]], width: int) -> Any:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indices: list[int] = []
    data: list[float] = []
    for i, row in enumerate(rows):
        for term in sorted(row):
            indices.append(term)
            data.append(row[term])
        indptr[i + 1] = len(indices)
    return csr_matrix((np.array(data, dtype=np.float64), np.array(indices, dtype=np.int64), indptr),
                      shape=(len(rows), max(width, 1)))


def top_terms(matrix: Any, row: int, k: int) -> list[int]:
    """The `k` heaviest terms of one row: the words that say most about this mention."""
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    weights = matrix.data[start:end]
    order = np.argsort(-weights, kind="stable")[:k]
    return [int(t) for t in matrix.indices[start:end][order]]


def pair_cosines(matrix: Any, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Cosine similarity of rows left[i] and right[i] (rows are unit vectors)."""
    out = np.zeros(len(left))
    for start in range(0, len(left), _PAIR_CHUNK):
        stop = start + _PAIR_CHUNK
        products = matrix[left[start:stop]].multiply(matrix[right[start:stop]])
        out[start:stop] = np.asarray(products.sum(axis=1)).ravel()
    return out
