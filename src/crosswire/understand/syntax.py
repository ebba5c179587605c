"""Small helpers on spaCy's dependency parse shared by the extractors."""

from __future__ import annotations

from typing import Any


def governing_verb(doc: Any, start: int, end: int, *, max_steps: int) -> Any:
    """The token reached by climbing from the root of the words at [start,
    end) to the first verb or auxiliary, at most `max_steps` heads up (the
    last token reached when none is a verb); None when the offsets do not
    fall on tokens."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    for _ in range(max_steps):
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            break
        token = token.head
    return token
