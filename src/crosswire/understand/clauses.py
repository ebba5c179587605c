"""Split a sentence into clauses that can have different sources.

A coordinated or adverbial clause with a subject of its own ("..., while
the Syrian state news agency SANA described the action as ...") becomes a
claim of its own; clauses without their own subject ("declined to
comment, saying ...") stay with their sentence.
"""

from __future__ import annotations

from typing import Any

_SPLIT_DEPS = frozenset({"conj", "advcl"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
MIN_CLAUSE_TOKENS = 4
_CONTRAST_MARKS = frozenset({"while", "whereas", "although", "though", "because", "as"})


def clauses_of(sentence: Any) -> list[Any]:
    """Contiguous spans of `sentence`, one per independent clause (never across paragraphs)."""
    return [clause for part in _paragraph_parts(sentence) for clause in _split(part)]


def _paragraph_parts(sentence: Any) -> list[Any]:
    """The parser sometimes runs a sentence over a paragraph break ("...Russian mercenaries:\n\nBLOOMBERG")."""
    doc = sentence.doc
    breaks = [t.i for t in sentence if t.is_space and t.text.count("\n") >= 2]
    bounds = [sentence.start, *breaks, sentence.end]
    parts = [doc[a:b] for a, b in zip(bounds, bounds[1:])]
    return [_trimmed(part) for part in parts if any(token.is_alpha for token in part)]


def _split(sentence: Any) -> list[Any]:
    root = sentence.root
    cuts = sorted(
        (max(child.left_edge.i, sentence.start), min(child.right_edge.i + 1, sentence.end))
        for child in root.children
        if _independent(child) and sentence.start <= child.i < sentence.end
    )
    if not cuts:
        return [_trimmed(sentence)]
    pieces: list[tuple[int, int]] = []
    position = sentence.start
    for start, end in cuts:
        if start > position:
            pieces.append((position, start))
        pieces.append((start, end))
        position = end
    if position < sentence.end:
        pieces.append((position, sentence.end))
    spans = [_trimmed(sentence.doc[start:end]) for start, end in pieces]
    return [span for span in spans if any(token.is_alpha for token in span)]


def _independent(child: Any) -> bool:
    """A clause with its own subject joined by "and"/"but" or by "while"/"whereas"/"because"."""
    if child.dep_ not in _SPLIT_DEPS or not _own_subject(child) or _size(child) < MIN_CLAUSE_TOKENS:
        return False
    if child.dep_ == "conj":
        return True
    return any(c.dep_ == "mark" and c.lower_ in _CONTRAST_MARKS for c in child.children)


def _own_subject(verb: Any) -> bool:
    return verb.pos_ in ("VERB", "AUX") and any(child.dep_ in _SUBJECTS for child in verb.children)


def _size(token: Any) -> int:
    return int(token.right_edge.i - token.left_edge.i + 1)


def _trimmed(span: Any) -> Any:
    """Without surrounding whitespace and the commas left at a cut."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_space or doc[start].text in {",", ";"}):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in {",", ";"}):
        end -= 1
    return doc[start:end]
