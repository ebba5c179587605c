"""The author's voice in a clause: question, opinion, speculation, hedges.

Signals are lexical (cues.py lists them): first-person judgement ("my
guess", "I think"), evaluative adverbs ("clearly", "needless to say"),
impressions ("sounds like"), conditionals and guesses ("if ...",
"perhaps", "could have been"). Hedges ("unconfirmed", "reportedly",
"may have") mark a claim as tentative without making it the author's.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from crosswire.understand.cues import (
    HEDGE_MODALS,
    HEDGE_PHRASES,
    HEDGE_WORDS,
    OPINION_PHRASES,
    SPECULATION_PHRASES,
)

AuthorKind = Literal["question", "opinion", "speculation", "statement"]
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")


def clause_kind(clause: Any) -> AuthorKind:
    """How the author presents the clause, judged outside quotation marks."""
    text = clause.text.strip()
    own = _QUOTED.sub(" ", text).lower()
    if text.rstrip("”\"’' ").endswith("?") or own.rstrip().endswith("?"):
        return "question"
    padded = f" {own} "
    if _has_phrase(padded, OPINION_PHRASES):
        return "opinion"
    if _has_phrase(padded, SPECULATION_PHRASES):
        return "speculation"
    return "statement"


def _has_phrase(padded: str, phrases: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<![\w]){re.escape(phrase.strip())}(?![\w])", padded) for phrase in phrases)


def is_hedged(clause: Any) -> bool:
    """True when the clause is tentative: "unconfirmed", "may have been", "it is believed"."""
    lowered = f" {clause.text.lower()} "
    if any(token.lower_ in HEDGE_WORDS for token in clause):
        return True
    if any(token.lower_ in HEDGE_MODALS and token.dep_ == "aux" for token in clause):
        return True
    return _has_phrase(lowered, HEDGE_PHRASES)
