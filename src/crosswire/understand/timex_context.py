"""What the time expression handlers share: the resolution context (the
publication date and what the article named so far) and the clause-level
judgements (tense, direction, neighbouring words) read from the parse."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

from crosswire.understand.doc_text import doc_text
from crosswire.understand.syntax import governing_verb

_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
_FUTURE_HEADS = frozenset({"expect", "schedule", "plan", "set", "due", "go", "intend", "hope", "aim"})


@dataclass
class Context:
    """What resolution needs besides the matched words."""

    doc: Any
    anchor: dt.date | None
    last: dt.date | None = None  # the last day-level date mentioned, for "later"/"earlier"
    last_year: int | None = None  # the last year mentioned, for "that year"
    quarter: str | None = None  # the last fiscal quarter mentioned, for "a year earlier"
    last_end: int = -1  # where the last day-level expression ended, for "Monday at 16:45"


Handler = Callable[[re.Match[str], Context], str | None]


def _governing_verb(context: Context, start: int, end: int) -> Any:
    return governing_verb(context.doc, start, end, max_steps=4)


def tense_of(context: Context, start: int, end: int) -> int:
    """+1 when the clause around [start, end) speaks of the future ("will
    meet Friday", "is expected to vote Monday"), -1 in the past tense ("said
    Friday", "was killed"), 0 when the parse does not tell."""
    verb = _governing_verb(context, start, end)
    if verb is None:
        return 0
    if preceded_by(context, start, frozenset({"until", "till", "through"})) and verb.tag_ != "VBD":
        return 1  # a deadline: "has until Tuesday to sign"
    auxiliaries = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    if verb.lower_ in _FUTURE_AUX or any(child.lower_ in _FUTURE_AUX for child in auxiliaries):
        return 1
    if verb.dep_ == "xcomp" and verb.head.lemma_ in _FUTURE_HEADS:
        return 1
    if verb.tag_ == "VBD" or any(child.tag_ == "VBD" or child.lower_ in ("has", "have") for child in auxiliaries):
        return -1
    return 0


def direction_of(match: re.Match[str], context: Context, relation: str | None) -> int:
    """-1 for the past, +1 for the future, 0 for the nearest one."""
    relation = (relation or "").lower()
    if relation in ("next", "coming", "following"):
        return 1
    if relation in ("last", "past", "previous"):
        return -1
    return tense_of(context, match.start(), match.end())


def preceded_by(context: Context, start: int, words: frozenset[str]) -> bool:
    before = doc_text(context.doc)[max(0, start - 20) : start].split()
    return bool(before) and before[-1].lower().strip(",") in words


def capitalised(word: str) -> bool:
    return word[:1].isupper()


def mentions_quarter(context: Context, start: int) -> bool:
    sentence = context.doc.char_span(start, start + 1, alignment_mode="expand")
    if sentence is None:
        return False
    sent = sentence.sent
    previous = context.doc[sent.start - 1].sent.text if sent.start > 0 else ""
    pattern = r"quarter|period|three months"
    return re.search(pattern, (sent.text + previous).lower()) is not None
