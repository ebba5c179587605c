"""The candidate search before claim cosines: it must find what the full product finds."""

from __future__ import annotations

import json

import numpy as np
import pytest

from crosswire.link import claim_candidates
from crosswire.link.claim_candidates import indexed_terms
from crosswire.link.claims import THRESHOLD, alignable_claims, article_numbers, similar_pairs, tfidf_matrix
from tests.link.test_claims import DATA, _sentences


def _fixture() -> tuple[list[tuple[str, int]], list[list[str]]]:
    rows = [json.loads(line) for line in (DATA / "fakes_copies.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = {row["id"]: row["text"] for row in rows}
    return alignable_claims({key: tuple(_sentences(text)) for key, text in texts.items()}, texts)


def _all_pairs(keys: list[tuple[str, int]], documents: list[list[str]], threshold: float) -> set[tuple[int, int]]:
    product = (tfidf_matrix(documents) @ tfidf_matrix(documents).T).toarray()
    return {(i, j) for i, j in zip(*np.nonzero(product >= threshold)) if i < j and keys[i][0] != keys[j][0]}


@pytest.mark.parametrize("threshold", [THRESHOLD, 0.2, 0.6])
def test_every_pair_the_full_product_finds_is_a_candidate(threshold: float) -> None:
    keys, documents = _fixture()
    expected = _all_pairs(keys, documents, threshold)
    found = similar_pairs(tfidf_matrix(documents), article_numbers(keys), threshold)
    assert {(i, j) for _, i, j in found} == expected
    assert expected  # the copied FA-KES sentences align


def test_only_the_rarer_terms_of_a_claim_are_indexed() -> None:
    _, documents = _fixture()
    matrix = tfidf_matrix(documents)
    indexed = indexed_terms(matrix, THRESHOLD)
    assert 0 < indexed.nnz < matrix.nnz
    held = np.bincount(matrix.indices, minlength=matrix.shape[1])
    # a claim's commonest term is indexed only when the claim has no others
    rows = [(i, matrix[i].indices) for i in range(matrix.shape[0]) if matrix[i].nnz > 1]
    skipped = [terms[np.argmax(held[terms])] not in indexed[i].indices for i, terms in rows]
    assert sum(skipped) > len(skipped) / 2


def test_terms_held_by_too_many_claims_give_no_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    keys, documents = _fixture()
    everything = similar_pairs(tfidf_matrix(documents), article_numbers(keys), THRESHOLD)
    monkeypatch.setattr(claim_candidates, "MAX_POSTINGS", 1)  # every shared term is now too common
    assert everything and similar_pairs(tfidf_matrix(documents), article_numbers(keys), THRESHOLD) == []
