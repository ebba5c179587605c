"""Claims: each sentence (or clause) of an article, classified by who stands behind it.

Kinds: reported (the text states it), attributed (someone is said to say
it), denial (someone says it is not so), opinion and speculation (the
author's own view or guess), question. A sentence splits into clauses when
a coordinated or adverbial clause has its own subject ("The coalition
described ..., while SANA described ..."), so that each keeps its source.

Choices worth knowing:
- "declined to comment" is attributed, not a denial: a refusal to speak
  confirms nothing and denies nothing.
- An attribution without a source ("it was revealed that") leaves the
  claim reported, with its cue kept and marked hedged.
- "I said" / "we reported" is the author's own voice, not a source.
- Text relayed from an outlet by a dateline paragraph ("BLOOMBERG – ...")
  carries `via` that outlet until the author's own voice returns (a
  paragraph with opinion, speculation, a question or first person).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from crosswire.understand.attribution import Attribution
from crosswire.understand.attribution_model import find_attributions_with_model
from crosswire.understand.claim_kinds import AuthorKind, clause_kind, is_hedged
from crosswire.understand.clauses import clauses_of
from crosswire.understand.cues import DENIAL_PHRASES, DENIAL_VERBS
from crosswire.understand.doc_text import doc_text, span_text
from crosswire.understand.records import Claim, ClaimKind, Source
from crosswire.understand.relay import apply_relays
from crosswire.understand.sources import core_and_relay, is_author, source_type

def extract_claims(doc: Any) -> tuple[Claim, ...]:
    """Claims of `doc` in text order (one per sentence or clause)."""
    found = find_attributions_with_model(doc)  # rules with CLAIM_LEXICON + trained tagger
    attributions = [a for a in found if a.cue_index is not None]
    claims: list[Claim] = []
    for sentence in doc.sents:
        if not span_text(sentence).strip():
            continue
        for clause in clauses_of(sentence):
            claims.append(_claim(doc, clause, attributions))
    return tuple(apply_relays(doc_text(doc), _resolve_pronouns(claims)))


def _resolve_pronouns(claims: list[Claim]) -> list[Claim]:
    """ "It accused ..." after "the Kremlin denied ...": the pronoun takes its antecedent's type."""
    resolved: list[Claim] = []
    last_thing: Source | None = None
    for claim in claims:
        source = claim.source
        if source is not None and source.name.lower() in ("it", "they", "its") and last_thing is not None:
            claim = replace(claim, source=replace(source, type=last_thing.type))
        elif source is not None and source.type != "person":
            last_thing = source
        resolved.append(claim)
    return resolved


def _claim(doc: Any, clause: Any, attributions: list[Attribution]) -> Claim:
    governing = _governing(clause, attributions)
    hedged = is_hedged(clause)
    kind = clause_kind(clause)
    if governing is None or kind == "question" and not _inside_quote(clause):
        return _plain(clause, kind, hedged=hedged)
    source_span = _source_span(doc, governing)
    if source_span is not None and is_author(source_span):
        return _plain(clause, kind, hedged=hedged)
    assert governing.cue is not None
    source, via = _source(source_span)
    content = [(max(s, clause.start_char), min(e, clause.end_char)) for s, e in governing.content]
    content = [(s, e) for s, e in content if s < e]
    return Claim(
        start=clause.start_char,
        end=clause.end_char,
        text=span_text(clause),
        kind=_attributed_kind(doc, governing) if source is not None else "reported",
        source=source,
        via=via,
        cue=doc_text(doc)[governing.cue[0] : governing.cue[1]],
        cue_start=governing.cue[0],
        cue_end=governing.cue[1],
        content_start=content[0][0] if content else None,
        content_end=content[-1][1] if content else None,
        hedged=hedged or source is None,
    )


def _plain(clause: Any, kind: AuthorKind, *, hedged: bool) -> Claim:
    resolved: ClaimKind = "reported" if kind == "statement" else kind
    return Claim(clause.start_char, clause.end_char, span_text(clause), resolved, hedged=hedged)


def _governing(clause: Any, attributions: list[Attribution]) -> Attribution | None:
    """The attribution that scopes over the clause's main verb, preferring "according to"."""
    root = clause.root
    inside = [a for a in attributions if clause.start <= (a.cue_index or -1) < clause.end]
    ranked = sorted(inside, key=lambda a: (a.kind != "preposition", _depth(clause.doc[a.cue_index or 0])))
    for relation in ranked:
        cue = clause.doc[relation.cue_index or 0]
        if cue.i == root.i or cue.head.i == root.i and (relation.kind == "preposition" or cue.dep_ == "advcl"):
            return relation
        if any(start <= root.idx < end for start, end in relation.content):
            return relation
    return None


def _depth(token: Any) -> int:
    depth = 0
    while token.head.i != token.i:
        token = token.head
        depth += 1
    return depth


def _source_span(doc: Any, relation: Attribution) -> Any | None:
    if relation.source is None:
        return None
    return doc.char_span(relation.source[0], relation.source[1], alignment_mode="expand")


def _source(span: Any | None) -> tuple[Source | None, str | None]:
    if span is None:
        return None, None
    core, via = core_and_relay(span)
    return Source(name=core.text, type=source_type(core), start=core.start_char, end=core.end_char), via


def _attributed_kind(doc: Any, relation: Attribution) -> ClaimKind:
    if relation.lemma in DENIAL_VERBS:
        return "denial"
    content = " ".join(doc_text(doc)[start:end] for start, end in relation.content).lower()
    return "denial" if any(phrase in content for phrase in DENIAL_PHRASES) else "attributed"


def _inside_quote(clause: Any) -> bool:
    text = span_text(clause).rstrip()
    return text.endswith(("?”", '?"', "?’"))
