"""The author's voice: lexicon phrases count only as whole words."""

from __future__ import annotations

from typing import Any

from crosswire.understand.claim_kinds import clause_kind, is_hedged
from crosswire.understand.nlp import load_pipeline


def _sentence(text: str) -> Any:
    return next(iter(load_pipeline()(text).sents))


def test_a_phrase_counts_as_whole_words_only() -> None:
    assert clause_kind(_sentence("If the strike hit the base, the toll will rise.")) == "speculation"
    assert clause_kind(_sentence("The different groups met in Geneva on Monday.")) == "statement"
    assert clause_kind(_sentence("Clearly, the convoy was targeted.")) == "opinion"
    assert clause_kind(_sentence("The unclearly marked convoy was targeted.")) == "statement"


def test_hedges_by_word_modal_and_phrase() -> None:
    assert is_hedged(_sentence("It was unclear who fired first."))
    assert is_hedged(_sentence("Rebels reportedly shelled the town."))
    assert is_hedged(_sentence("The shell may have hit the school."))
    assert not is_hedged(_sentence("The nuclear talks ended in Vienna."))
