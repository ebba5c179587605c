"""The candidate search before claim cosines: it must find what the full product finds."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import sparse  # type: ignore[import-untyped]

from crosswire.link import claim_candidates
from crosswire.link.claim_candidates import ClaimPairs, distinct_pairs, identical_rows, indexed_terms, scored_pairs
from crosswire.link.claims import THRESHOLD, claim_table, claim_terms, complete_link_groups, tfidf_matrix, weighted
from tests.link.test_claims import DATA, _sentences


def _fixture() -> tuple[np.ndarray, sparse.csr_matrix]:
    """The fixture's alignable claims: (their articles' numbers, their TF-IDF rows), as the link stage has them."""
    rows = [json.loads(line) for line in (DATA / "fakes_copies.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = {row["id"]: row["text"] for row in rows}
    table = claim_table({key: tuple(_sentences(text)) for key, text in texts.items()}, texts)
    return table.owners, weighted(table.counts)


def _all_pairs(owners: np.ndarray, matrix: sparse.csr_matrix, threshold: float) -> set[tuple[int, int]]:
    product = (matrix @ matrix.T).toarray()
    return {(i, j) for i, j in zip(*np.nonzero(product >= threshold)) if i < j and owners[i] != owners[j]}


@pytest.mark.parametrize("threshold", [THRESHOLD, 0.2, 0.6])
def test_every_pair_the_full_product_finds_is_a_candidate(threshold: float) -> None:
    owners, matrix = _fixture()
    expected = _all_pairs(owners, matrix, threshold)
    found = distinct_pairs(matrix, owners, threshold)
    assert set(zip(found.left.tolist(), found.right.tolist())) == expected
    assert expected  # the copied FA-KES sentences align


def test_only_the_rarer_terms_of_a_claim_are_indexed() -> None:
    _, matrix = _fixture()
    indexed = indexed_terms(matrix, THRESHOLD)
    assert 0 < indexed.nnz < matrix.nnz
    held = np.bincount(matrix.indices, minlength=matrix.shape[1])
    # a claim's commonest term is indexed only when the claim has no others
    rows = [(i, matrix[i].indices) for i in range(matrix.shape[0]) if matrix[i].nnz > 1]
    skipped = [terms[np.argmax(held[terms])] not in indexed[i].indices for i, terms in rows]
    assert sum(skipped) > len(skipped) / 2


def _pairs(found: ClaimPairs) -> set[tuple[float, int, int]]:
    return set(zip(found.scores.tolist(), found.left.tolist(), found.right.tolist()))


def test_terms_held_by_too_many_claims_give_no_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    owners, matrix = _fixture()
    everything = _pairs(distinct_pairs(matrix, owners, THRESHOLD))
    monkeypatch.setattr(claim_candidates, "MAX_POSTINGS", 1)  # every shared term is now too common
    identical = {(s, i, j) for s, i, j in everything if (matrix[i] != matrix[j]).nnz == 0}
    # ... but identical claims are searched as one: they still pair up
    assert _pairs(distinct_pairs(matrix, owners, THRESHOLD)) == identical
    assert identical and len(identical) < len(everything)


@pytest.mark.parametrize("block", [2_000_000, 3])  # 3: the copies' pairs made a few at a time
def test_identical_claims_are_searched_once_with_the_same_pairs_and_scores(
    block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(claim_candidates, "_EXPANDED_PAIRS", block)
    owners, matrix = _fixture()
    assert len(set(identical_rows(matrix).tolist())) < len(owners)  # the fixture's copies repeat sentences
    one_by_one = ClaimPairs.joined(scored_pairs(matrix, indexed_terms(matrix, THRESHOLD), owners, THRESHOLD))
    found = distinct_pairs(matrix, owners, THRESHOLD)
    assert len(found) == len(_pairs(found)) == len(one_by_one)  # no pair made twice
    assert _pairs(found) == _pairs(one_by_one)
    assert found.left.dtype == found.right.dtype == np.int32  # half the bytes of int64 per pair


def test_a_sentence_repeated_in_more_articles_than_the_postings_cap_still_aligns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(claim_candidates, "MAX_POSTINGS", 2)
    sentence = "Tags: Syrian Democratic Forces SDF Raqqa offensive"
    documents = [claim_terms(sentence)] * 6 + [claim_terms("Syrian Democratic Forces took the dam near Tabqa")]
    owners = np.array([0, 1, 2, 3, 4, 4, 5])  # two copies in article 4
    found = distinct_pairs(tfidf_matrix(documents), owners, THRESHOLD)
    pairs = set(zip(found.left.tolist(), found.right.tolist()))
    assert pairs == {(i, j) for i in range(6) for j in range(i + 1, 6) if owners[i] != owners[j]}
    assert np.allclose(found.scores, 1.0)
    groups = complete_link_groups(owners, found)
    # one claim per article: of article 4's two copies, the later one (ties go to the later pair first)
    assert groups == [[0, 1, 2, 3, 5]]
