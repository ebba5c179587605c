"""Attribution signalled by layout rather than grammar.

Interview transcripts give each turn as "SPEAKER: words", and collected
reader quotes end with a dash byline ("... ― Pamela Padilla"). Neither has
a reporting verb for the parser to find.
"""

from __future__ import annotations

import re
from typing import NamedTuple

Span = tuple[int, int]

# Up to five capitalised words (or an all-caps name) then a colon opening a paragraph.
_SPEAKER = re.compile(
    r"(?m)^[\"“]?(?P<name>(?:[A-Z][A-Za-z.'’-]*[ ]){0,4}[A-Z][A-Za-z.'’-]*)(?P<cue>:)[ \t]+(?P<words>\S[^\n]*)"
)
_BYLINE = re.compile(r"\s*(?P<cue>[―—–-]{1,2})\s*(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})")
_NOT_SPEAKERS = frozenset(
    "note update editor's note photo source sources watch read related update correction "
    "disclosure breaking what happened".split()
) | {"the latest", "what happened", "breaking news", "editor's note"}


class LayoutRelation(NamedTuple):
    source: Span
    cue: Span
    content: Span


def transcript_relations(text: str) -> list[LayoutRelation]:
    """Turns of an interview transcript: "PENCE: Well, look, ..."."""
    relations = []
    for match in _SPEAKER.finditer(text):
        name = match.group("name")
        if name.lower().rstrip(".") in _NOT_SPEAKERS or not _looks_like_speaker(name):
            continue
        relations.append(
            LayoutRelation(source=match.span("name"), cue=match.span("cue"), content=match.span("words"))
        )
    return relations


def _looks_like_speaker(name: str) -> bool:
    words = name.split()
    return name.isupper() or (1 <= len(words) <= 3 and all(w[0].isupper() for w in words))


def byline_relations(text: str, quotes: list[Span]) -> list[LayoutRelation]:
    """A quote followed by a dash and a name: "“He represents our greatest shame.” ― Sonya Herridge"."""
    relations = []
    for start, end in quotes:
        match = _BYLINE.match(text, end)
        if match:
            relations.append(
                LayoutRelation(source=match.span("name"), cue=match.span("cue"), content=(start, end))
            )
    return relations
