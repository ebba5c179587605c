"""Find attribution relations: who (source) says (cue) what (content).

Rules over spaCy's dependency parse, in the manner of the PARC / PolNeAR
work: a reporting verb's subject is the source and its clausal complement
the content ("X said Y", "Y, X said"); "according to X" makes X the source
of the clause it modifies; a noun cue ("reports that ...") carries its
"that" clause; transcripts ("PENCE: ...") and quote bylines ("... ― Name")
are recognised from layout. Quoted passages that overlap a content are
taken whole, so that a quote over several sentences stays one content.

The finder is shared by `claims.extract_claims` and the PolNeAR evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Literal

from crosswire.understand.cues import SPEECH_VERBS, CueLexicon, default_lexicon
from crosswire.understand.idioms import no_comment, put_figure_at
from crosswire.understand.layout import byline_relations, transcript_relations
from crosswire.understand.quotes import quote_spans
from crosswire.understand.sources import source_span

Span = tuple[int, int]
AttributionKind = Literal["verb", "object", "preposition", "noun", "transcript", "byline", "quote"]

_CLAUSAL = frozenset({"ccomp", "xcomp"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_INHERIT_SUBJECT = frozenset({"xcomp", "conj", "advcl", "acl", "relcl"})
_EDGE_PUNCT = frozenset(",.;:-–—―()[]")
_ANY_WORD = CueLexicon(everything=True)


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution relation as character spans into the Doc's text.

    `content` may be several spans ("The U.S., he said, accepted it");
    `source` is None for agentless cues ("it was revealed that ...") and for
    quotes with no cue; `lemma` is the cue's head word ("say", "according").
    """

    kind: AttributionKind
    cue: Span | None
    source: Span | None
    content: tuple[Span, ...]
    lemma: str
    cue_index: int | None = None


def find_attributions(
    doc: Any, *, lexicon: CueLexicon | None = None, quotes: list[Span] | None = None
) -> tuple[Attribution, ...]:
    """All attribution relations in `doc`, in text order of their cue.

    `lexicon` says which words are cues; the default is the shipped one
    (hand-made core plus the words learned from PolNeAR train). `quotes`
    are the text's `quote_spans`, when the caller has them already.
    """
    cues = lexicon or default_lexicon()
    quotes = quote_spans(doc.text) if quotes is None else quotes
    found: list[Attribution] = []
    for token in doc:
        relation = (
            _verb_relation(token, cues, quotes) or _according_relation(token) or _noun_relation(token, cues)
        )
        if relation is not None:
            found.append(_with_quotes(relation, quotes))
    found.extend(_layout_relations(doc, quotes))
    found.extend(_free_quotes(found, quotes))
    return tuple(sorted(found, key=lambda a: (a.cue or a.content[0])[0]))


def relation_at(token: Any, quotes: list[Span]) -> Attribution | None:
    """The relation `token` heads if taken as a cue whatever its word (for cues a trained tagger finds)."""
    relation = _verb_relation(token, _ANY_WORD, quotes) or _noun_relation(token, _ANY_WORD)
    return _with_quotes(relation, quotes) if relation is not None else None


def _verb_relation(token: Any, cues: CueLexicon, quotes: list[Span]) -> Attribution | None:
    if token.pos_ not in ("VERB", "AUX"):
        return None
    lemma = token.lemma_.lower()
    idiom = no_comment(token) or put_figure_at(token)
    if idiom is not None:
        cue, content = idiom
        source = _subject_of(token)
        return Attribution(
            kind="verb",
            cue=_char_span(cue),
            source=source_span(source),
            content=_char_spans(content),
            lemma=lemma,
            cue_index=token.i,
        )
    kind: AttributionKind = "verb"
    content = _clausal_content(token) if cues.accepts(lemma, "clause") else []
    if not content and cues.accepts(lemma, "object"):
        content, kind = _object_content(token), "object"
    if not content and cues.accepts(lemma, "clause"):
        content = _adjacent_quote(token, quotes)
    cue = _cue_tokens(token)
    if not content:
        preposition, content = _prepositional_object(token)
        if preposition is None or not cues.accepts(f"{lemma} {preposition.lower_}", "object"):
            return None
        kind, lemma, cue = "object", f"{lemma} {preposition.lower_}", [*cue, preposition]
    return Attribution(
        kind=kind,
        cue=_char_span(cue),
        source=source_span(_subject_of(token)),
        content=_char_spans(content),
        lemma=lemma,
        cue_index=token.i,
    )


def _prepositional_object(token: Any) -> tuple[Any | None, list[Any]]:
    """ "called for a ban", "pointed to the polls": the preposition and its object."""
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in token.children):
        return None, []
    for child in token.children:
        if child.dep_ == "prep" and token.i < child.i <= token.i + 2:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return child, _trim(list(objects[0].subtree))
    return None, []


def _clausal_content(token: Any) -> list[Any]:
    """Tokens of the clause `token` reports: its complement, or the clause it interrupts."""
    for child in token.children:
        if child.dep_ in _CLAUSAL and not _is_control_xcomp(token, child):
            return _trim(list(child.subtree))
    if token.dep_ == "parataxis" or token.dep_ == "ccomp" and token.i > token.head.i and _is_inverted(token):
        own = {t.i for t in token.subtree}
        return _trim([t for t in token.head.subtree if t.i not in own])
    return []


def _is_control_xcomp(verb: Any, child: Any) -> bool:
    # "declined to comment", "continued to call" name no content of their own.
    return child.dep_ == "xcomp" and child.lemma_.lower() in SPEECH_VERBS and not any(
        c.dep_ in _CLAUSAL | {"dobj"} for c in child.children
    )


def _is_inverted(token: Any) -> bool:
    """True for "..., X said." where the cue follows its content after a comma."""
    start = token.left_edge.i
    if token.left_edge.text in {",", "—", "–"} and token.left_edge.i < token.i:
        return True  # the parser hung the comma before "X said" on the cue
    return start > 0 and token.doc[start - 1].text in {",", "”", '"', "’", "―", "—", "-"}


def _adjacent_quote(token: Any, quotes: list[Span]) -> list[Any]:
    """The quote right before "X said" or right after "X said,": the parse left it unattached."""
    doc = token.doc
    own = [t for t in token.subtree if not (t.is_punct or t.is_space) or t.i == token.i]
    before = min(t.idx for t in own if t.i <= token.i)
    after = token.idx + len(token)
    for start, end in quotes:
        near = before - 3 <= end <= before or after <= start <= after + 3
        if near and _only_joiners(doc.text[end:before] if end <= before else doc.text[after:start]):
            span = doc.char_span(start, end, alignment_mode="expand")
            return list(span) if span is not None else []
    return []


def _only_joiners(gap: str) -> bool:
    return len(gap) <= 3 and all(char in " ,:\n" for char in gap)


def _object_content(token: Any) -> list[Any]:
    tokens: list[Any] = []
    for child in token.children:
        if child.dep_ in ("dobj", "oprd", "attr"):
            tokens.extend(child.subtree)
        elif child.dep_ == "prep" and child.lower_ in ("of", "for", "as") and tokens:
            tokens.extend(child.subtree)
    return _trim(sorted(tokens, key=lambda t: t.i))


def _subject_of(token: Any) -> list[Any] | None:
    current = token
    if any(c.dep_ == "nsubjpass" for c in token.children):
        # "X was told / is expected to": the passive subject is not the speaker
        return _agent_of(token)
    for _ in range(3):
        subjects = [c for c in current.children if c.dep_ in _SUBJECTS and not _expletive(c)]
        if subjects:
            # "the Syrian state news agency SANA" can come out as two subjects
            return [t for subject in subjects for t in subject.subtree]
        agent = _agent_of(current)
        if agent:
            return agent
        if current.dep_ not in _INHERIT_SUBJECT or current.head.i == current.i:
            return _left_noun_phrase(token) if current.dep_ in ("ccomp", "conj", "ROOT") else None
        if current.dep_ in ("acl", "relcl") and current.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return [current.head]
        current = current.head
    return None


def _left_noun_phrase(cue: Any) -> list[Any] | None:
    """The noun phrase right before a subjectless cue: a parse broken by a paragraph break."""
    index = cue.i - 1
    doc = cue.doc
    while index >= 0 and doc[index].dep_ in ("aux", "neg", "advmod"):
        index -= 1
    if index < 0 or doc[index].pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    floor = _paragraph_start(doc, index)
    top = doc[index]
    while top.head.i != top.i and floor <= top.head.i < cue.i and top.head.pos_ in ("NOUN", "PROPN", "VERB", "ADP"):
        top = top.head
    if top.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    return list(doc[max(top.left_edge.i, floor) : index + 1])


def _paragraph_start(doc: Any, index: int) -> int:
    for position in range(index, -1, -1):
        if doc[position].is_space and doc[position].text.count("\n") >= 2:
            return position + 1
    return 0


def _expletive(subject: Any) -> bool:
    """ "it was revealed that", "there are reports": no one is speaking."""
    if subject.lower_ == "there":
        return True
    return bool(subject.lower_ == "it" and (subject.dep_ == "nsubjpass" or subject.head.lemma_ == "be"))


def _agent_of(token: Any) -> list[Any] | None:
    for child in token.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return list(objects[0].subtree)
    return None


def _cue_tokens(token: Any) -> list[Any]:
    extra = [
        c for c in token.children if c.dep_ == "prt" or (c.dep_ in ("aux", "neg") and token.i - 3 <= c.i < token.i)
    ]
    return sorted([token, *extra], key=lambda t: t.i)


def _according_relation(token: Any) -> Attribution | None:
    if token.lower_ != "according" or token.i + 1 >= len(token.doc) or token.nbor(1).lower_ != "to":
        return None
    objects = [c for c in token.nbor(1).children if c.dep_ == "pobj"]
    source = list(objects[0].subtree) if objects else []
    head = token.head
    phrase = {t.i for t in token.subtree} | {token.i, token.i + 1} | {t.i for t in source}
    clause = head.sent if head.dep_ in ("ROOT", "prep") or head.i == token.i else head
    content = _trim([t for t in _clause_tokens(clause) if t.i not in phrase])
    if not content or not source:
        return None
    return Attribution(
        kind="preposition",
        cue=(token.idx, token.nbor(1).idx + len(token.nbor(1))),
        source=source_span(source),
        content=_char_spans(content),
        lemma="according to",
        cue_index=token.i,
    )


def _clause_tokens(clause: Any) -> list[Any]:
    if hasattr(clause, "subtree"):
        return list(clause.subtree)
    return list(clause)


def _noun_relation(token: Any, cues: CueLexicon) -> Attribution | None:
    if token.pos_ != "NOUN" or not cues.accepts(token.lemma_.lower(), "noun"):
        return None
    for child in token.children:
        if child.dep_ in ("acl", "ccomp", "relcl") and _starts_with_that(child):
            owner = [c for c in token.children if c.dep_ == "poss"]
            return Attribution(
                kind="noun",
                cue=(token.idx, token.idx + len(token)),
                source=source_span(list(owner[0].subtree)) if owner else None,
                content=_char_spans(_trim(list(child.subtree))),
                lemma=token.lemma_.lower(),
                cue_index=token.i,
            )
    return None


def _starts_with_that(clause: Any) -> bool:
    first = clause.left_edge
    return bool(first.lower_ == "that" and first.dep_ == "mark")


def _trim(tokens: list[Any]) -> list[Any]:
    """Drop punctuation and conjunctions at the edges (quotation marks stay)."""
    while tokens and (tokens[0].text in _EDGE_PUNCT or tokens[0].dep_ == "cc" or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].text in _EDGE_PUNCT or tokens[-1].dep_ == "cc" or tokens[-1].is_space):
        tokens = tokens[:-1]
    return tokens


def _char_span(tokens: list[Any]) -> Span:
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return (first.idx, last.idx + len(last))


def _char_spans(tokens: Iterable[Any]) -> tuple[Span, ...]:
    """Contiguous runs of `tokens` as character spans."""
    ordered = sorted(tokens, key=lambda t: t.i)
    spans: list[Span] = []
    previous = -2
    for token in ordered:
        end = token.idx + len(token)
        if token.i == previous + 1 and spans:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((token.idx, end))
        previous = token.i
    return tuple(spans)


def _with_quotes(relation: Attribution, quotes: list[Span]) -> Attribution:
    """Extend a content to the whole of every quote it overlaps."""
    content = list(relation.content)
    for quote in quotes:
        if any(quote[0] < end and start < quote[1] for start, end in content):
            content.append(quote)
    return Attribution(
        kind=relation.kind,
        cue=relation.cue,
        source=relation.source,
        content=_merge(content, relation.cue, relation.source),
        lemma=relation.lemma,
        cue_index=relation.cue_index,
    )


def _merge(spans: list[Span], *exclude: Span | None) -> tuple[Span, ...]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    for hole in exclude:
        if hole is not None:
            merged = _cut(merged, hole)
    return tuple(merged)


def _cut(spans: list[Span], hole: Span) -> list[Span]:
    out: list[Span] = []
    for start, end in spans:
        if hole[1] <= start or end <= hole[0]:
            out.append((start, end))
            continue
        if start < hole[0]:
            out.append((start, hole[0]))
        if hole[1] < end:
            out.append((hole[1], end))
    return [(s, e) for s, e in out if e - s > 1]


def _layout_relations(doc: Any, quotes: list[Span]) -> list[Attribution]:
    text = doc.text
    transcript = [
        Attribution(kind="transcript", cue=r.cue, source=r.source, content=(r.content,), lemma=":")
        for r in transcript_relations(text)
    ]
    byline = [
        Attribution(kind="byline", cue=r.cue, source=r.source, content=(r.content,), lemma=text[r.cue[0] : r.cue[1]])
        for r in byline_relations(text, quotes)
    ]
    return [*transcript, *byline]


def _free_quotes(found: list[Attribution], quotes: list[Span]) -> list[Attribution]:
    """Quotes no cue claimed: still someone's words, source unknown."""
    covered = [span for relation in found for span in relation.content]
    free = []
    for quote in quotes:
        if not any(start <= quote[0] and quote[1] <= end for start, end in covered):
            free.append(Attribution(kind="quote", cue=None, source=None, content=(quote,), lemma=""))
    return free
