"""Who a claim comes from: the source's name as written, its type and relay.

Types: person (a named individual or a pronoun for one), outlet (a news
organisation or its report), government (states, ministries, militaries,
their seats: "the Kremlin"), anonymous (unnamed officials and sources,
"three Russians familiar with the matter"), organisation (anything else).
A named spokesman ("Colonel Thomas F. Veale, a spokesman for the U.S.
military") is typed person: the name is what an analyst can check, and the
institution stays readable in the name.
"""

from __future__ import annotations

import re
from typing import Any

from crosswire.understand.records import SourceType

OUTLET_NAMES = re.compile(
    r"\b(bloomberg|reuters|associated press|ap|afp|agence france|al jazeera|sana|tass|ria novosti|ria|"
    r"interfax|sputnik|rt|cnn|bbc|fox news|nbc|cbs|abc news|msnbc|npr|the guardian|guardian|"
    r"washington post|new york times|wall street journal|financial times|the times|politico|axios|"
    r"usa today|newsweek|the hill|the telegraph|al arabiya|anadolu|xinhua|yonhap|kommersant|"
    r"rbc|fontanka|novaya gazeta|daily beast|daily mail|huffpost|breitbart|the post|the journal)\b",
    re.IGNORECASE,
)
_OUTLET_WORDS = frozenset(
    "agency newspaper paper outlet media magazine channel network broadcaster tv television radio "
    "newswire wire journal report reports reporter reporters correspondent daily".split()
)
_GOVERNMENT_WORDS = frozenset(
    "government ministry military army navy forces force kremlin pentagon department administration "
    "embassy regime cabinet parliament congress senate coalition command ministers minister president "
    "presidency authorities authority state police indictment prosecutors court damascus moscow "
    "washington tehran ankara command".split()
)
_GOVERNMENT_NAMES = re.compile(
    r"\b(kremlin|pentagon|white house|state department|defen[cs]e ministry|foreign ministry|"
    r"ministry of \w+|centcom|syrian arab army|idf)\b",
    re.IGNORECASE,
)
_ANONYMOUS_MARKS = re.compile(
    r"\b(unnamed|anonymous|familiar with|who asked not to be|who declined to be|not authori[sz]ed|"
    r"on condition of anonymity|sources?|insiders?)\b",
    re.IGNORECASE,
)
_ROLE_NOUNS = frozenset(
    "official officials diplomat diplomats officer officers source sources person people resident "
    "residents witness witnesses activist activists russian russians american americans syrian "
    "syrians member members analyst analysts expert experts aide aides commander commanders".split()
)
# Heads that name a body, not a person, capitalised or not ("The Observatory", "the monitoring group").
_ORGANISATION_WORDS = frozenset(
    "observatory group groups agency agencies organisation organization organisations organizations committee "
    "committees council network league union front centre center institute foundation society association "
    "company companies monitor charity watch crescent cross nations alliance federation campaign party".split()
)
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i"})
_THING_PRONOUNS = frozenset({"it", "they", "which", "who", "that"})


def source_type(span: Any) -> SourceType:
    """Classify a source noun phrase (a spaCy Span)."""
    text = span.text
    head = _head_noun(span.root)
    if head.lower_ in _PERSON_PRONOUNS:
        return "person"
    if OUTLET_NAMES.search(text) or head.lower_ in _OUTLET_WORDS:
        return "outlet"
    if _ANONYMOUS_MARKS.search(text) and not _has_entity(span, "PERSON"):
        return "anonymous"
    if head.lower_ in _GOVERNMENT_WORDS or _GOVERNMENT_NAMES.search(text) and not _names_person(span, head):
        return "government"
    if head.lower_ in _ORGANISATION_WORDS:  # "The Observatory" (the small model often tags it PERSON), "Human Rights Watch"
        return "organisation"
    if _has_entity(span, "PERSON") or _names_person(span, head):
        return "person"
    if head.lower_ in _ROLE_NOUNS and not any(t.pos_ == "PROPN" and t.ent_type_ == "PERSON" for t in span):
        return "anonymous"
    if head.ent_type_ in ("GPE", "NORP"):
        return "government"
    if head.pos_ == "PROPN" and not head.ent_type_:
        return "person"
    return "organisation"


def _head_noun(root: Any) -> Any:
    """ "two of the Russians" is headed, for typing, by "Russians"."""
    if root.pos_ in ("NUM", "PRON", "DET", "ADJ") and root.lower_ not in _PERSON_PRONOUNS | _THING_PRONOUNS:
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
    return root


def _names_person(span: Any, head: Any) -> bool:
    """ "Veale" alone is a person when the article named "Colonel Thomas F. Veale" before."""
    if head.ent_type_ == "PERSON":
        return True
    if head.pos_ != "PROPN":
        return False
    return any(ent.label_ == "PERSON" and head.text in ent.text.split() for ent in span.doc.ents)


def _has_entity(span: Any, label: str) -> bool:
    return any(token.ent_type_ == label for token in span)


def is_author(span: Any) -> bool:
    """ "I", "we", "our reporters": the article's own voice, not a source."""
    return span.root.lower_ in {"i", "we", "us", "me"}


def core_and_relay(span: Any) -> tuple[Any, str | None]:
    """The source phrase without relative clauses, and the outlet it is relayed by.

    "Unnamed US intelligence sources quoted by the Washington Post" gives
    ("Unnamed US intelligence sources", "the Washington Post").
    """
    relay: str | None = None
    cut = span.end
    for token in span:
        if token.dep_ in ("relcl", "acl") and token.head.i < token.i and token.i < cut:
            cut = _clause_start(token, span)
            relay = relay or _relay_of(token)
    core = span.doc[span.start : max(cut, span.start + 1)]
    while len(core) > 1 and core[-1].is_punct:
        core = core[:-1]
    return core, relay


def _clause_start(token: Any, span: Any) -> int:
    start = int(token.left_edge.i)
    while start > span.start and span.doc[start - 1].is_punct:
        start -= 1
    return max(start, int(span.start) + 1)


def _relay_of(token: Any) -> str | None:
    if token.lemma_.lower() not in ("quote", "cite", "interview", "report"):
        return None
    for child in token.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return str(token.doc[objects[0].left_edge.i : objects[0].right_edge.i + 1].text)
    return None


def source_span(tokens: list[Any] | None) -> tuple[int, int] | None:
    """Character span of a source phrase, tidied to what PolNeAR annotators mark.

    The parse can run a subject over a paragraph break ("7:45 a.m.\\n\\nHillary
    Clinton", "Carla Sanchez.\\n\\nGetty"): only the paragraph holding the
    phrase's head is kept. A leading "that" or punctuation is not the source.
    """
    if not tokens:
        return None
    ordered = sorted(tokens, key=lambda t: t.i)
    head = min(ordered, key=_depth)
    subject = _clause_subject(head, ordered)
    if subject is not None:
        keep = {t.i for t in subject}
        ordered, head = [t for t in ordered if t.i in keep], subject[0]
    kept = [t for t in _run_around(ordered, head) if not _break_between(t, head)]
    kept = _without_trailing_time(kept, head)
    while len(kept) > 1 and (kept[0].is_punct or kept[0].is_space or kept[0].dep_ == "mark"):
        kept = kept[1:]
    while len(kept) > 1 and (kept[-1].is_space or kept[-1].text in _TRAILING):
        kept = kept[:-1]
    return (kept[0].idx, kept[-1].idx + len(kept[-1]))


_TRAILING = frozenset("(")
_TIME_ENTITIES = frozenset({"DATE", "TIME"})


def _without_trailing_time(tokens: list[Any], head: Any) -> list[Any]:
    """`tokens` less a time phrase that ends them ("The campaign on Monday", "Trump at the time").

    PolNeAR annotators leave it out: it dates the cue, not the source.
    """
    if len(tokens) < 3:
        return tokens
    inside = {t.i for t in tokens}
    for token in tokens[1:]:
        if token.dep_ != "prep" or token.head.i not in inside or token.head.i > token.i or token.head.pos_ not in _NOMINAL:
            continue
        phrase = [t for t in token.subtree if t.i != token.i]
        words = [t for t in phrase if not (t.is_punct or t.is_space)]
        timed = words and all(t.ent_type_ in _TIME_ENTITIES or t.lower_ in _TIME_WORDS for t in words)
        if timed and max(t.i for t in phrase) >= tokens[-1].i:
            kept = [t for t in tokens if t.i < token.i]
            while len(kept) > 1 and (kept[-1].is_punct or kept[-1].is_space):
                kept = kept[:-1]
            return kept
    return tokens


_TIME_WORDS = frozenset({"the", "time", "moment"})
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})


def without_time_phrase(doc: Any, span: tuple[int, int]) -> tuple[int, int]:
    """A source character span less a trailing time phrase (`_without_trailing_time`), for spans the tagger made."""
    tokens = doc.char_span(span[0], span[1], alignment_mode="expand")
    if tokens is None or len(tokens) < 3:
        return span
    kept = _without_trailing_time(list(tokens), tokens.root)
    if len(kept) == len(tokens):
        return span
    return (span[0], kept[-1].idx + len(kept[-1]))


def _run_around(tokens: list[Any], head: Any) -> list[Any]:
    """The unbroken run of `tokens` (in order) that holds `head`.

    A non-projective parse can hang a phrase after the verb on the subject
    ("A majority of voters expect Clinton to win ..., the first of ...");
    first-to-last would then swallow the verb and its object.
    """
    position = next(k for k, t in enumerate(tokens) if t.i == head.i)
    low = high = position
    while low > 0 and tokens[low - 1].i == tokens[low].i - 1:
        low -= 1
    while high + 1 < len(tokens) and tokens[high + 1].i == tokens[high].i + 1:
        high += 1
    return tokens[low : high + 1]


def _clause_subject(head: Any, tokens: list[Any]) -> list[Any] | None:
    """A phrase headed by a verb is a clause, not a source: its subject's tokens, head first.

    A misparse can hand over a whole clause as a subject ("A majority of
    voters expect Clinton to win ..." for a later cue): the source the
    annotators mark is the clause's own subject, "A majority of voters".
    """
    if head.pos_ not in ("VERB", "AUX"):
        return None
    inside = {t.i for t in tokens}
    for child in head.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.i in inside:
            return [child, *(t for t in child.subtree if t.i != child.i and t.i in inside)]
    return None


def _depth(token: Any) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def _break_between(token: Any, head: Any) -> bool:
    """True when a paragraph break lies between `token` and `head`."""
    low, high = sorted((token.i, head.i))
    return any(t.is_space and t.text.count("\n") >= 2 for t in token.doc[low:high + 1])
