"""The author's voice in a clause: question, opinion, speculation, hedges.

Signals are lexical (cues.py lists them): first-person judgement ("my
guess", "I think"), evaluative adverbs ("clearly", "needless to say"),
impressions ("sounds like"), conditionals and guesses ("if ...",
"perhaps", "could have been"). Hedges ("unconfirmed", "reportedly",
"may have") mark a claim as tentative without making it the author's.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Literal

from crosswire.understand.cues import (
    HEDGE_MODALS,
    HEDGE_PHRASES,
    HEDGE_WORDS,
    OPINION_PHRASES,
    SPECULATION_PHRASES,
)
from crosswire.understand.doc_text import span_text

AuthorKind = Literal["question", "opinion", "speculation", "statement"]
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")


def clause_kind(clause: Any) -> AuthorKind:
    """How the author presents the clause, judged outside quotation marks."""
    text = span_text(clause).strip()
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
    return bool(phrases) and _phrase_pattern(phrases).search(padded) is not None


@lru_cache(maxsize=None)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `phrases` as a whole word sequence, in one pattern: a search
    per phrase and clause was a tenth of the understand stage's own time."""
    return re.compile(rf"(?<![\w])(?:{'|'.join(re.escape(phrase.strip()) for phrase in phrases)})(?![\w])")


def is_hedged(clause: Any) -> bool:
    """True when the clause is tentative: "unconfirmed", "may have been", "it is believed"."""
    for token in clause:
        word = token.lower_
        if word in HEDGE_WORDS or word in HEDGE_MODALS and token.dep_ == "aux":
            return True
    return _has_phrase(f" {span_text(clause).lower()} ", HEDGE_PHRASES)
