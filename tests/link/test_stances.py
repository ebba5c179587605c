"""Stance of each article of an event toward the event's key claims, on the seeds."""

from __future__ import annotations

from typing import Any

import pytest

from crosswire.link.stage_inputs import load_inputs
from crosswire.link.stance import LABELS
from crosswire.link.stances import _questions
from crosswire.store import open_store
from crosswire.store.links import TableRows, read_links
from crosswire.understand.stage import STAGE


@pytest.fixture(scope="module")
def export(seeds_export: dict[str, Any]) -> dict[str, Any]:
    return seeds_export


def _claim(export: dict[str, Any], claim_id: str) -> dict[str, Any]:
    return next(c for c in export["claims"] if c["id"] == claim_id)


def test_each_seed_is_asked_about_the_other_seeds_key_claims(export: dict[str, Any]) -> None:
    stances = export["claim_stances"]
    assert stances
    for stance in stances:
        claim = _claim(export, stance["claim_ids"][0])
        assert stance["article_id"] != claim["article_id"]  # an article is not asked about its own claim
        assert claim["kind"] in ("reported", "attributed", "denial")
        assert stance["stance"] in LABELS
        assert abs(sum(stance["probabilities"].values()) - 1) < 0.01
        assert stance["stance"] == max(stance["probabilities"], key=stance["probabilities"].get)
    asked = {_claim(export, s["claim_ids"][0])["article_id"] for s in stances}
    assert len(asked) == 2  # both seeds' claims are put to the other seed


def test_the_repost_discusses_bloombergs_scores_of_mercenaries(export: dict[str, Any]) -> None:
    scores = next(s for s in export["claim_stances"] if "scores of Russian mercenaries" in _claim(export, s["claim_ids"][0])["text"])
    assert scores["stance"] in ("agree", "discuss")
    assert scores["probabilities"]["unrelated"] < 0.5


def test_questions_are_batched_on_the_models_chunks() -> None:
    """Batches the model splits the same way as one call (so the stances do not depend on batching)."""
    from crosswire.link import stance, stances

    assert stances._QUESTIONS_AT_ONCE % stance._CHUNK == 0


def test_the_questions_are_the_same_whether_the_rows_are_dicts_or_columns(seeds_db: str) -> None:
    engine = open_store(seeds_db)
    with engine.connect() as connection:
        inputs, stored = load_inputs(connection, understand_stage=STAGE), read_links(connection)
    engine.dispose()
    as_dicts = _questions(inputs, stored)
    as_columns = _questions(inputs, {name: TableRows(rows) for name, rows in stored.items()})
    assert as_dicts == as_columns
    # every stored stance row is one question (the questions read only the key claims' groups)
    assert {(group, article) for group, _, article in as_dicts} == {
        (row["group_id"], row["article_id"]) for row in stored["claim_stances"]}
