"""Aligning the same claim across articles, and telling when aligned claims disagree."""

from __future__ import annotations

import json
import re
from datetime import date

import numpy as np
import pytest

from crosswire.link import claims
from crosswire.link.claim_candidates import ClaimPairs
from crosswire.link.claims import THRESHOLD, align_claims, claim_terms, complete_link_groups, contradictions
from crosswire.understand.article import analyse_doc
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.records import ArticleAnalysis, Claim
from tests.paths import REPO, SEED_000, SEED_004

DATA = REPO / "tests" / "data" / "link"


@pytest.fixture(scope="module")
def seeds() -> tuple[dict[str, str], dict[str, ArticleAnalysis]]:
    nlp = load_pipeline()
    texts = {"000": SEED_000.read_text(encoding="utf-8"), "004": SEED_004.read_text(encoding="utf-8")}
    return texts, {key: analyse_doc(nlp(text), published=date(2018, 2, 27)) for key, text in texts.items()}


def _position(claims: tuple[Claim, ...], prefix: str) -> int:
    return next(i for i, claim in enumerate(claims) if claim.text.startswith(prefix))


def test_seed_pairs_labelled_by_hand(seeds: tuple[dict[str, str], dict[str, ArticleAnalysis]]) -> None:
    texts, analyses = seeds
    claims = {key: analysis.claims for key, analysis in analyses.items()}
    labels = json.loads((DATA / "seed_claim_pairs.json").read_text(encoding="utf-8"))
    grouped = {frozenset(group) for group in align_claims(claims, texts)}

    def aligned(pair: list[str]) -> bool:
        first, second = ("000", _position(claims["000"], pair[0])), ("004", _position(claims["004"], pair[1]))
        return any(first in group and second in group for group in grouped)

    same = [aligned(pair) for pair in labels["same"]]
    different = [aligned(pair) for pair in labels["different"]]
    # Measured at the shipped threshold: 1 of 4 paraphrases found (the Wagner sentence), and 1 of 6
    # look-alikes wrongly aligned (Peskov's "declined to comment" with the Kremlin's "admitted").
    assert same == [True, False, False, False]
    assert sum(different) == 1


def test_sentences_lifted_with_edits_align_and_unrelated_ones_do_not() -> None:
    rows = {r["id"]: r for r in map(json.loads, (DATA / "fakes_copies.jsonl").read_text(encoding="utf-8").splitlines())}
    texts = {key: rows[key]["text"] for key in ("1926479264", "1926479354", "1923848285")}
    claims = {key: tuple(_sentences(text)) for key, text in texts.items()}
    groups = align_claims(claims, texts)
    said = {key: [c.text for c in claims[key]] for key in claims}

    def group_of(key: str, prefix: str) -> list[tuple[str, int]]:
        position = next(i for i, text in enumerate(said[key]) if text.startswith(prefix))
        return next((g for g in groups if (key, position) in g), [])

    tribes = group_of("1926479264", "The head of the al-Sheitaat tribe")
    assert [key for key, _ in tribes] == ["1926479264", "1926479354"]
    assert all(len({key for key, _ in group}) == len(group) for group in groups)  # one claim per article
    assert not any(key == "1923848285" for group in groups for key, _ in group)  # Idlib, another story


def test_disagreement_assertion_against_denial_and_disjoint_figures(
    seeds: tuple[dict[str, str], dict[str, ArticleAnalysis]]
) -> None:
    _, analyses = seeds
    claims = {key: analysis.claims for key, analysis in analyses.items()}
    figures = {key: analysis.figures for key, analysis in analyses.items()}
    more_than_200 = ("000", _position(claims["000"], "More than 200 contract soldiers"))
    about_100 = ("000", _position(claims["000"], "The U.S. official put the death toll"))
    russian_denial = ("000", _position(claims["000"], "Russia’s military said"))
    revealed = ("004", _position(claims["004"], "In a bombshell update"))
    found = contradictions([[more_than_200, about_100], [russian_denial, revealed]], claims, figures=figures)
    assert [(c.first, c.second, c.reason) for c in found] == [
        (more_than_200, about_100, "figures"),  # 201+ killed against 90-110 killed
        (russian_denial, revealed, "denial"),
    ]
    assert contradictions([[about_100, about_100]], claims, figures=figures) == []


def test_terms_keep_numbers_and_fold_word_forms() -> None:
    assert claim_terms("The 1,000 mercenaries were killed") == ["1000", "mercen", "killed"]
    assert claim_terms("mercenary killing")[0] == claim_terms("mercenaries")[0]
    assert 0 < THRESHOLD < 1


def _sentences(text: str) -> list[Claim]:
    spans = [m.span() for m in re.finditer(r"[^.!?]+[.!?]?", text) if m.group().strip()]
    return [Claim(start, end, text[start:end].strip(), "reported") for start, end in spans]


def _merged_one_by_one(owners: list[int], pairs: list[tuple[float, int, int]]) -> list[list[int]]:
    """Complete link as it was first written: every pair as a Python tuple, most similar (then latest) first."""
    similar = {(i, j) for _, i, j in pairs} | {(j, i) for _, i, j in pairs}
    group_of = list(range(len(owners)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(owners))}
    for _, i, j in sorted(pairs, reverse=True):
        first, second = group_of[i], group_of[j]
        if first == second or {owners[m] for m in members[first]} & {owners[m] for m in members[second]}:
            continue
        if any((a, b) not in similar for a in members[first] for b in members[second]):
            continue
        for member in members[second]:
            group_of[member] = first
        members[first].extend(members.pop(second))
    return sorted(sorted(group) for group in members.values() if len(group) > 1)


@pytest.mark.parametrize("chunk", [1_000_000, 3])  # 3: a component's pairs read a few at a time
@pytest.mark.parametrize("seed", range(20))
def test_complete_link_per_component_merges_as_all_pairs_at_once(
    seed: int, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(claims, "_GROUPING_PAIRS", chunk)
    rng = np.random.default_rng(seed)
    count = int(rng.integers(5, 60))
    owners = rng.integers(0, count // 2 + 1, count)
    left, right = np.triu_indices(count, 1)
    chosen = rng.random(len(left)) < rng.uniform(0.02, 0.3)
    left, right = left[chosen & (owners[left] != owners[right])], right[chosen & (owners[left] != owners[right])]
    scores = rng.choice([0.4, 0.5, 0.75, 1.0], len(left))  # ties, broken by the later pair
    expected = _merged_one_by_one(owners.tolist(), list(zip(scores.tolist(), left.tolist(), right.tolist())))
    assert complete_link_groups(owners, ClaimPairs(scores, left, right)) == expected
