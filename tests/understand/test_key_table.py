"""Greedy longest matching of lexicon keys over normalised tokens."""

from __future__ import annotations

from crosswire.understand.event_types import KeyTable, find_triggers, match_keys
from crosswire.understand.nlp import load_pipeline


def _tokens(*forms: str) -> list[tuple[int, str]]:
    return list(enumerate(forms))


def test_longest_key_wins_and_matching_resumes_after_it() -> None:
    table = KeyTable.of({("air",): "a", ("air", "strike"): "b", ("strike",): "c"}, max_len=3)
    found = match_keys(_tokens("air", "strike", "strike", "on", "air"), table)
    assert found == [(0, 2, "b"), (2, 3, "c"), (4, 5, "a")]


def test_keys_longer_than_max_len_never_match() -> None:
    table = KeyTable.of({("barrel", "bomb", "attack"): "long", ("barrel",): "short"}, max_len=2)
    assert match_keys(_tokens("barrel", "bomb", "attack"), table) == [(0, 1, "short")]


def test_a_key_running_past_the_last_token_is_not_tried() -> None:
    table = KeyTable.of({("car", "bomb"): "bomb"}, max_len=2)
    assert match_keys(_tokens("a", "car"), table) == []


def test_token_indexes_skip_what_the_caller_left_out() -> None:
    table = KeyTable.of({("air", "strike"): "raid"}, max_len=2)
    assert match_keys([(3, "air"), (5, "strike")], table) == [(3, 6, "raid")]


def test_triggers_of_a_real_sentence() -> None:
    doc = load_pipeline()("Russian air strikes hit a market in Idlib, and a car bomb exploded in Azaz.")
    assert [trigger.text for trigger in find_triggers(doc)] == ["air strikes", "hit", "car bomb", "exploded"]
