"""Pronoun sources resolved to who they stand for.

"While Russia's Defense Ministry didn't mention mercenaries, it did say 25
fighters were injured" and "the Kremlin denied ... It admitted only that
..." attribute claims to a pronoun. No coreference model loads offline
(coreferee and spacy-experimental need downloads), so a pronoun source takes
the nearest antecedent of a compatible kind: first a non-pronoun subject
earlier in the same sentence, else the source of the nearest earlier claim,
else, for "he"/"she", the person named last in that sentence or the one before
(whose own words were no claim: "... Dr. Mohamad Sabra. He told AFP").
"He"/"she" take persons; "it"/"they" take anything but persons.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Sequence

from crosswire.understand.gazetteer import load_gazetteer
from crosswire.understand.records import Claim, Source

_PERSONAL = frozenset({"he", "she", "him", "her"})
_IMPERSONAL = frozenset({"it", "they", "them", "its", "their"})
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
# How many earlier claims to look back through for an antecedent.
_LOOKBACK = 4
# How many sentences before a "he"/"she" to look through for a named person (further back, the
# subject is as often someone unnamed: "the AFP correspondent said ... He saw").
_PERSON_SENTENCES = 1


def resolve_pronoun_sources(doc: Any, claims: Sequence[Claim]) -> tuple[Claim, ...]:
    resolved: list[Claim] = []
    for claim in claims:
        source = claim.source
        if source is not None and source.name.lower() in _PERSONAL | _IMPERSONAL:
            antecedent = (
                _same_sentence_subject(doc, source) or _earlier_source(resolved, source) or _earlier_person(doc, source)
            )
            if antecedent is not None:
                claim = replace(claim, source=antecedent)
        resolved.append(claim)
    return tuple(resolved)


def _wants_person(pronoun: Source) -> bool:
    return pronoun.name.lower() in _PERSONAL


def _same_sentence_subject(doc: Any, pronoun: Source) -> Source | None:
    if pronoun.start is None:
        return None
    token = doc.char_span(pronoun.start, pronoun.end or pronoun.start + 1, alignment_mode="expand")
    if token is None:
        return None
    sentence = token.sent
    for chunk in reversed([c for c in sentence.noun_chunks if c.end_char <= pronoun.start]):
        if chunk.root.dep_ in _SUBJECT_DEPS and chunk.root.pos_ != "PRON":
            is_person = any(ent.label_ == "PERSON" for ent in chunk.ents)
            if is_person == _wants_person(pronoun):
                kind = "person" if is_person else pronoun.type
                return Source(name=chunk.text, type=kind, start=chunk.start_char, end=chunk.end_char)
    return None


def _earlier_person(doc: Any, pronoun: Source) -> Source | None:
    """For "he"/"she": the last person the text names in the pronoun's sentence or the one before it."""
    if not _wants_person(pronoun) or pronoun.start is None:
        return None
    span = doc.char_span(pronoun.start, pronoun.end or pronoun.start + 1, alignment_mode="expand")
    if span is None:
        return None
    first = doc[span.start].sent.start  # the pronoun's sentence, then the ones before it
    for _ in range(_PERSON_SENTENCES):
        first = doc[first - 1].sent.start if first > 0 else first
    window_start = doc[first].idx
    persons = [
        e for e in doc.ents
        if e.label_ == "PERSON" and window_start <= e.start_char and e.end_char <= pronoun.start and not _town(e.text)
    ]
    if not persons:
        return None
    last = persons[-1]
    return Source(name=last.text, type="person", start=last.start_char, end=last.end_char)


def _town(name: str) -> bool:
    """A one-word "person" that is a sizeable town ("Duma"): the small model's mistake, no antecedent."""
    return " " not in name and any(
        e.feature == "city" and e.population >= _TOWN_POPULATION for e in load_gazetteer().lookup(name)
    )


_TOWN_POPULATION = 15_000


def _earlier_source(claims: Sequence[Claim], pronoun: Source) -> Source | None:
    for claim in reversed(claims[-_LOOKBACK:]):
        source = claim.source
        if source is None or source.name.lower() in _PERSONAL | _IMPERSONAL:
            continue
        if (source.type == "person") == _wants_person(pronoun):
            return source
    return None
