"""Relayed text: paragraphs an article copies from another outlet.

A paragraph that opens with an outlet dateline ("BLOOMBERG – U.S. forces
killed ...", "MOSCOW (Reuters) - ...") starts text relayed from that
outlet. Its claims, and those of the paragraphs after it, carry `via` the
outlet until the author's own voice returns: a paragraph with an opinion,
a speculation, a question or first person outside quotation marks.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from crosswire.understand.records import Claim
from crosswire.understand.sources import OUTLET_NAMES

_DATELINE = re.compile(r"^\s*(?:[A-Z][A-Za-z .,]*?\s)?\(?(?P<outlet>[A-Za-z][\w .&-]{1,40}?)\)?\s*[–—-]\s")
_FIRST_PERSON = re.compile(r"\b(I|my|we|our|us|me)\b")
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")
_AUTHOR_KINDS = frozenset({"opinion", "speculation", "question"})


def dateline_outlet(paragraph: str) -> str | None:
    """The outlet a paragraph's dateline names, normalised ("BLOOMBERG" -> "Bloomberg")."""
    match = _DATELINE.match(paragraph)
    if not match or not OUTLET_NAMES.fullmatch(match.group("outlet").strip()):
        return None
    name = match.group("outlet").strip()
    return name.title() if name.isupper() and len(name) > 4 else name


def apply_relays(text: str, claims: Iterable[Claim]) -> list[Claim]:
    """Set `via` on the claims of relayed paragraphs (keeping a `via` already found)."""
    by_paragraph: dict[int, list[Claim]] = {}
    starts = _paragraph_starts(text)
    for claim in claims:
        by_paragraph.setdefault(_paragraph_of(starts, claim.start), []).append(claim)
    result: list[Claim] = []
    via: str | None = None
    for index in sorted(by_paragraph):
        paragraph = by_paragraph[index]
        opening = dateline_outlet(text[starts[index] :])
        if opening:
            via = opening
        elif via and _author_speaks(paragraph):
            via = None
        result.extend(replace(c, via=c.via or via) if via else c for c in paragraph)
    return result


def _author_speaks(paragraph: list[Claim]) -> bool:
    if any(claim.kind in _AUTHOR_KINDS for claim in paragraph):
        return True
    return any(_FIRST_PERSON.search(_QUOTED.sub(" ", claim.text)) for claim in paragraph)


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in re.finditer(r"\n\s*\n", text)]


def _paragraph_of(starts: list[int], offset: int) -> int:
    index = 0
    for position, start in enumerate(starts):
        if start <= offset:
            index = position
    return index
