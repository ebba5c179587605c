"""Exact and near-duplicate detection.

Exact duplicates share the SHA-256 of their clean text and are stored once.
Near duplicates (a republished wire story with a changed headline or a
trimmed last paragraph) are found with MinHash over word 5-shingles and an
LSH index (datasketch), and linked to the earliest article of their group:
earliest by publication date when both have one, else by ingest order.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
# Pinned so stored signatures stay comparable across datasketch upgrades.
SCHEME = "affine32"
SHINGLE_WORDS = 5
# Estimated Jaccard similarity from which two texts count as copies.
COPY_THRESHOLD = 0.8

_WORD = re.compile(r"\w+", re.UNICODE)


def content_hash(text: str) -> str:
    """SHA-256 of the clean text: the identity of an article's content."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_id_for(content_hash_hex: str) -> str:
    """Stable article id: the first 16 hex digits of the content hash."""
    return content_hash_hex[:16]


def signature(text: str) -> MinHash:
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        shingles = {" ".join(words)}
    else:
        shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch([shingle.encode("utf-8") for shingle in shingles])
    return minhash


def signature_bytes(minhash: MinHash) -> bytes:
    return bytes(np.asarray(minhash.hashvalues, dtype=np.uint32).tobytes())


def signature_from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashvalues=np.frombuffer(data, dtype=np.uint32).copy())


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    article_id: str
    similarity: float


class NearDuplicateIndex:
    """An in-memory LSH index over the signatures of stored articles."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=COPY_THRESHOLD, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, article_id: str, minhash: MinHash) -> None:
        if article_id not in self._signatures:
            self._lsh.insert(article_id, minhash)
            self._signatures[article_id] = minhash

    def similarity(self, article_id: str, minhash: MinHash) -> float:
        return float(minhash.jaccard(self._signatures[article_id]))

    def most_similar(self, minhash: MinHash) -> NearDuplicate | None:
        """The stored article most similar to `minhash`, if any reaches the threshold."""
        best: NearDuplicate | None = None
        for candidate in self._lsh.query(minhash):
            similarity = float(minhash.jaccard(self._signatures[candidate]))
            if similarity >= COPY_THRESHOLD and (best is None or similarity > best.similarity):
                best = NearDuplicate(article_id=str(candidate), similarity=similarity)
        return best


def is_earlier(published_a: str | None, seq_a: int, published_b: str | None, seq_b: int) -> bool:
    """Whether article a came before article b (dates first, ingest order as tie-break)."""
    if published_a and published_b and published_a[:10] != published_b[:10]:
        return published_a < published_b
    return seq_a < seq_b
