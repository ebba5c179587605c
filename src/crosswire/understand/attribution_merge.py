"""Merge the tagger's SOURCE / CUE spans into the rule finder's relations.

Three steps, in this order, so that every model span is used once:

1. Rule relations keep their cue and content; their source becomes the
   model's source span(s) overlapping it when those hold its head word and
   start no later, or none if the model tags no source there and the cue
   is reported speech: inside a quotation, or inside the content of
   another relation with a source ("Merrill says Machado promised ...")
   (`_resolve`, `_nested`).
2. A model cue that no rule relation holds becomes a relation of its own,
   built from the parse around its head word as the rules would build it
   had the word been in the lexicon (`attribution.relation_at`): content
   from its complement, source the model's source span(s) over its subject.
   These relations carry `cue_index` and content, like rule ones, so claims
   use them. A model cue whose subject the model does not tag as a source
   is left out: alone it is too weak to make a claim attributed.
3. A model source still unused goes to a sourceless relation of its
   sentence, else becomes a relation with the model's cue of that sentence
   (if any), no content and no `cue_index`: it counts for the PolNeAR
   source score, and claims (which need a cue word to scope) ignore it.

Every source then loses a time phrase that ends it ("The campaign on
Monday"), as PolNeAR annotators mark it (`sources.without_time_phrase`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from crosswire.understand.attribution import Attribution, relation_at
from crosswire.understand.sources import without_time_phrase

Span = tuple[int, int]


def merge(
    doc: Any, relations: Sequence[Attribution], sources: list[Span], cues: list[Span], *, quotes: list[Span]
) -> list[Attribution]:
    """Rule `relations` combined with the model's `sources` and `cues` (character spans); `quotes` of the text."""
    unused = list(sources)
    merged = []
    for relation in relations:
        source = relation.source
        if source is not None:
            hits = [s for s in sources if _overlaps(s, source)]
            reported = _quoted(relation, quotes) or _nested(relation, relations)
            source = _resolve(doc, source, hits, quoted=reported)
            unused = [s for s in unused if s not in hits]
        merged.append(relation if source == relation.source else replace(relation, source=source))
    added, unused = _cue_relations(doc, merged, cues, unused, quotes)
    out = _attach(doc, [*merged, *added], unused, cues)
    return [_untimed(doc, relation) for relation in out]


def _untimed(doc: Any, relation: Attribution) -> Attribution:
    """The relation with its source less a trailing time phrase ("The campaign on Monday" said)."""
    if relation.source is None:
        return relation
    source = without_time_phrase(doc, relation.source)
    return relation if source == relation.source else replace(relation, source=source)


def _resolve(doc: Any, rule: Span, hits: list[Span], *, quoted: bool) -> Span | None:
    """A rule source against the model's spans over it.

    With no model span there: None for a cue inside a quotation or inside
    another relation's content (speech reported within speech, which
    PolNeAR's annotators mostly leave out and the model learned to reject:
    "he says he is" in a quote, "X said Y told them"; on held-out PolNeAR
    train 6% of such nested rule sources' characters are gold), else the rule
    span: at the top level the rejected ones are often real ("Russia has
    denied") and a claim would lose its source. The
    model's span when
    it holds the rule span's head word and starts no later; else the rule
    span, because the model's piece is then a fragment ("the" of "the
    Kremlin"), a nested source ("the Washington Post" of "sources quoted by
    the Washington Post") or a name cut short ("intelligence sources" of
    "Unnamed US intelligence sources", which claims would show).
    """
    model = _union(hits)
    if model is None:
        return None if quoted else rule
    tokens = doc.char_span(rule[0], rule[1], alignment_mode="expand")
    head = tokens.root.idx if tokens is not None and len(tokens) else rule[0]
    return model if model[0] <= min(head, rule[0]) and head < model[1] else rule


def _quoted(relation: Attribution, quotes: list[Span]) -> bool:
    cue = relation.cue
    return cue is not None and any(start <= cue[0] < end for start, end in quotes)


def _nested(relation: Attribution, relations: Sequence[Attribution]) -> bool:
    """Is the relation's cue inside the content of another relation that has a source (speech within speech)?"""
    cue = relation.cue
    if cue is None:
        return False
    return any(
        other is not relation and other.source is not None and any(start <= cue[0] < end for start, end in other.content)
        for other in relations
    )


def _cue_relations(
    doc: Any, relations: list[Attribution], cues: list[Span], sources: list[Span], quotes: list[Span]
) -> tuple[list[Attribution], list[Span]]:
    """Relations headed by model cues that no relation holds yet."""
    taken = [r.cue for r in relations if r.cue is not None]
    added: list[Attribution] = []
    for cue in cues:
        if any(_overlaps(cue, other) for other in taken):
            continue
        head = _head_token(doc, cue)
        relation = relation_at(head, quotes) if head is not None else None
        if relation is None or relation.cue is None:
            continue
        source = relation.source
        if source is not None:
            hits = [s for s in sources if _overlaps(s, source)]
            source = _union(hits)
            sources = [s for s in sources if s not in hits]
        if source is None:  # a cue the model tags but no source: too weak to make a claim attributed
            continue
        added.append(replace(relation, cue=_union([cue, relation.cue]), source=source))
        taken.append(cue)
    return added, sources


def _head_token(doc: Any, span: Span) -> Any | None:
    """The token of a character span whose syntactic head lies outside it."""
    tokens = doc.char_span(span[0], span[1], alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return None
    return tokens.root


def _attach(doc: Any, relations: list[Attribution], sources: list[Span], cues: list[Span]) -> list[Attribution]:
    """Give each leftover model source a relation of its sentence."""
    out = list(relations)
    if not sources:
        return out
    text = doc.text  # joined from the tokens on every access: read once
    bounds = _sentence_bounds(doc, len(text))
    for source in sources:
        sentence = next(((s, e) for s, e in bounds if s <= source[0] < e), source)
        slot = next(
            (k for k, r in enumerate(out) if r.source is None and r.cue is not None and _overlaps(r.cue, sentence)),
            None,
        )
        if slot is not None:
            out[slot] = replace(out[slot], source=source)
            continue
        cue = next((c for c in cues if _overlaps(c, sentence)), None)
        lemma = text[cue[0] : cue[1]].lower() if cue is not None else ""
        out.append(Attribution(kind="noun", cue=cue, source=source, content=(), lemma=lemma))
    return out


def _sentence_bounds(doc: Any, length: int) -> list[Span]:
    """(start, end) characters of each sentence (the last ends at `length`), without iterating Span objects (slow)."""
    from spacy.attrs import IDX, SENT_START

    table = doc.to_array([SENT_START, IDX]).astype(np.int64).reshape(-1, 2)
    firsts = [int(i) for i in np.flatnonzero(table[:, 0] == 1)] or [0]
    starts = [int(table[i, 1]) for i in firsts]
    return list(zip(starts, [*starts[1:], length], strict=True))


def _union(spans: Sequence[Span]) -> Span | None:
    return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]
