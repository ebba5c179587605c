"""Who did it: actor mentions with a canonical name, a FA-KES actor class and a role.

Names come from a small alias table (data/actors.tsv) that covers the ways
news about the Syrian war names its armed actors ("regime forces", "Daesh",
"coalition warplanes", "SDF", "Nusra"); the role comes from the dependency
parse: the subject of an attack verb, the agent of a passive one ("killed
by X") and the owner of an attack noun ("regime air strikes", "an ISIS
attack") are initiators; the object of an attack verb or "against X",
"on X" after an attack noun are targets.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from spacy.tokens import Doc, Span, Token

from crosswire.understand.event_types import (
    CLASH_WORDS,
    LIGHT_VERBS,
    MILITARY_NOUNS,
    NOT_ATTACKING_VERBS,
    TERRITORY,
    EventKind,
    KeyTable,
    classify_event,
    find_triggers,
    indexed_tokens,
    is_attack_word,
    key_of,
    match_keys,
    mentions_death,
    word_forms,
)

ActorRole = Literal["initiator", "target", "other"]
AliasKind = Literal["i", "s", "m", "g"]

GOVERNMENT = "syrian government or russian troops"
ISIS = "the organization of the islamic state in iraq and the levant - isis"
COALITION = "international coalition forces"
OPPOSITION = "armed opposition groups"
SELF_ADMINISTRATION = "self administration forces"
NUSRA = "al-nusra front"
UNKNOWN = "unknown"

# FA-KES's actor classes for each canonical name; actors FA-KES has no class
# for (Turkey, Israel) and the victims are "unknown".
CATEGORY_OF_NAME: dict[str, str] = {
    "Syrian government forces": GOVERNMENT,
    "pro-government militias": GOVERNMENT,
    "Russian forces": GOVERNMENT,
    "Wagner Group / Russian contractors": GOVERNMENT,
    "Hezbollah": GOVERNMENT,
    "Iran": GOVERNMENT,
    "Islamic State": ISIS,
    "US-led coalition": COALITION,
    "Syrian Democratic Forces": SELF_ADMINISTRATION,
    "Kurdish YPG": SELF_ADMINISTRATION,
    "armed opposition": OPPOSITION,
    "Hayat Tahrir al-Sham / al-Nusra Front": NUSRA,
    "Turkish forces": UNKNOWN,
    "Israel": UNKNOWN,
    "civilians": UNKNOWN,
}


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor named in the text: character span, canonical name, FA-KES class, role.

    `generic` marks a word that names no group ("terrorists", "militants");
    its class is "unknown", as FA-KES annotators coded attacks by unnamed
    "terrorists" (SANA's word for rebels and jihadists alike).
    """

    start: int
    end: int
    text: str
    name: str
    category: str
    role: ActorRole
    generic: bool = False


@dataclass(frozen=True, slots=True)
class _Alias:
    name: str
    kind: AliasKind


_ALIAS_KINDS: dict[str, AliasKind] = {"i": "i", "s": "s", "m": "m", "g": "g"}


@lru_cache(maxsize=1)
def _alias_tables() -> tuple[KeyTable, KeyTable]:
    """(case-insensitive table keyed by normalised tokens, exact-case table keyed by text)."""
    folded: dict[tuple[str, ...], _Alias] = {}
    exact: dict[tuple[str, ...], _Alias] = {}
    text = (Path(__file__).parent / "data" / "actors.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        alias, name, kind = line.split("\t")
        if name not in CATEGORY_OF_NAME or kind not in _ALIAS_KINDS:
            raise ValueError(f"actors.tsv: bad row {line!r}")
        entry = _Alias(name, _ALIAS_KINDS[kind])
        if kind == "s":
            exact.setdefault(tuple(alias.split()), entry)
        else:
            folded.setdefault(key_of(alias), entry)
    return KeyTable.of(folded, max_len=8), KeyTable.of(exact, max_len=2)


def extract_actors(doc: Doc | Span) -> tuple[ActorMention, ...]:
    """Every actor mention of a Doc (or a sentence of it), in reading order."""
    folded, exact = _alias_tables()
    tokens = list(doc)
    found = match_keys(indexed_tokens(tokens), folded)
    found += match_keys([(token.i, token.text) for token in tokens], exact)
    parent = doc if isinstance(doc, Doc) else doc.doc
    mentions: list[tuple[int, int, ActorMention]] = []
    for start, end, alias in sorted(found, key=lambda item: (item[0], -item[1])):
        assert isinstance(alias, _Alias)
        if any(start < m_end and m_start < end for m_start, m_end, _ in mentions):
            continue
        mention = _mention(parent[start:end], alias)
        if mention is not None:
            mentions.append((mention.token_start, mention.token_end, mention.record))
    return _drop_shadowed_generics(parent, mentions)


def _with_group_noun(span: Span, alias: _Alias) -> Span:
    """"Russian" -> "Russian jets"; "IS" -> "IS fighters" (the parser takes a
    sentence-initial "IS" for a verb, so the noun after it is taken as its head)."""
    root, after = span.root, span.end
    if after >= len(span.doc) or alias.kind not in ("m", "s"):
        return span
    noun = span.doc[after]
    if (root.head.i == after or root.pos_ == "AUX") and noun.pos_ == "NOUN" and _is_military(noun):
        return span.doc[span.start : after + 1]
    return span


@dataclass(frozen=True, slots=True)
class _Found:
    token_start: int
    token_end: int
    record: ActorMention


def _mention(span: Span, alias: _Alias) -> _Found | None:
    root = span.root
    if alias.kind == "m" and not _in_attacking_role(root, may_act=span[0].text.lower() in _STATE_NAMES):
        return None
    shown = _with_group_noun(span, alias)
    anchor = shown[-1] if root.pos_ == "AUX" and len(shown) > len(span) else root
    record = ActorMention(
        start=shown.start_char,
        end=shown.end_char,
        text=shown.text,
        name=alias.name,
        category=UNKNOWN if alias.kind == "g" else CATEGORY_OF_NAME[alias.name],
        role=actor_role(anchor) if not _names_its_attack(shown) else "initiator",
        generic=alias.kind == "g",
    )
    return _Found(shown.start, shown.end, record)


def _names_its_attack(span: Span) -> bool:
    """"Syrian government shelling of ...", "regime barrel bombs": an actor
    right before an attack word is its author, however the parser attached it."""
    if span.end >= len(span.doc):
        return False
    after = span.doc[span.end]
    return after.tag_ != "VBN" and after.pos_ in ("NOUN", "VERB", "PROPN") and is_attack_word(after)


_STATE_NAMES = frozenset({"russia", "turkey", "israel", "iran", "washington", "moscow", "ankara", "tehran"})


def _in_attacking_role(token: Token, *, may_act: bool) -> bool:
    """A word like "Syrian" names an armed actor only when it qualifies a
    military or attack noun ("Syrian jets"); a state's name ("Russia") also
    when it acts as an attacker ("Russia bombed")."""
    head = token.head
    while token.dep_ == "conj" and head.i != token.i:
        token, head = head, head.head
    if token.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod") and (_is_military(head) or is_attack_word(head)):
        return True
    return may_act and actor_role(token) == "initiator"


def _is_military(token: Token) -> bool:
    return bool(word_forms(token) & MILITARY_NOUNS)


_QUANTITIES = frozenset({"score", "dozen", "hundred", "thousand", "ten", "number", "some", "many", "most",
                         "several", "all", "part", "dozens", "hundreds", "thousands", "tens", "scores"})


def _is_group_of(token: Token) -> bool:
    """"members of ISIS", "jets from the Syrian regime", "scores of Russian mercenaries"."""
    return _is_military(token) or token.like_num or bool(word_forms(token) & _QUANTITIES)


def _drop_shadowed_generics(doc: Doc, mentions: list[tuple[int, int, ActorMention]]) -> tuple[ActorMention, ...]:
    """"ISIS militants": the specific "ISIS" names the group, "militants" adds nothing."""
    specific_heads = {doc[start:end].root.head.i for start, end, m in mentions if not m.generic}
    specific_tokens = {i for start, end, m in mentions if not m.generic for i in range(start, end)}
    kept = []
    for start, end, mention in mentions:
        root = doc[start:end].root
        if mention.generic and (root.i in specific_heads or root.head.i in specific_tokens):
            continue
        kept.append(mention)
    return tuple(kept)


def actor_role(token: Token) -> ActorRole:
    """The role of the actor whose head word is `token` in the event its sentence reports."""
    token = _group_head(token)
    if token.dep_ in ("amod", "compound", "nmod", "poss") and is_attack_word(token.head):
        return "initiator"
    head, dep = token.head, token.dep_
    if dep in ("nsubj", "csubj") and _acts(head):
        return "initiator"
    if dep in ("nsubjpass", "dobj") and is_attack_word(head):
        return "target"
    if dep in ("dobj", "nsubjpass") and head.lemma_ in ("accuse", "blame") and _charged_with_attack(head):
        return "initiator"
    if dep == "pobj":
        return _role_after_preposition(head)
    if any(child.dep_ in ("acl", "relcl") and child.lemma_ == "kill" for child in token.children):
        return "target"
    return "other"


def _acts(verb: Token) -> bool:
    """Whether the subject of `verb` carries out an attack: "X shelled",
    "X launched raids", "X returned to its bombardment", "X ..., killing 10"."""
    if any(child.dep_ in ("advcl", "xcomp") and child.lemma_ == "kill" for child in verb.children):
        return True
    if verb.lemma_.lower() in NOT_ATTACKING_VERBS:
        return False
    if is_attack_word(verb) or verb.lemma_ in LIGHT_VERBS:
        return True
    for child in verb.children:
        if child.dep_ in ("dobj", "xcomp", "advcl") and is_attack_word(child):
            return True
        if child.dep_ == "prep" and any(is_attack_word(grand) for grand in child.children if grand.dep_ == "pobj"):
            return True
    return False


def _charged_with_attack(verb: Token) -> bool:
    """"accused X of launching a gas attack", "blamed X for the bombing"."""
    for preposition in verb.children:
        if preposition.dep_ == "prep" and preposition.lower_ in ("of", "for"):
            if any(is_attack_word(word) or word.lemma_ in LIGHT_VERBS for word in preposition.subtree):
                return True
    return False


def _group_head(token: Token) -> Token:
    """Climb from a qualifier to the noun it qualifies ("ISIS" -> "militants")
    and from a conjunct or apposition to the first one."""
    for _ in range(6):
        head = token.head
        if head.i == token.i:
            break
        if token.dep_ in ("conj", "appos"):
            token = head
        elif token.dep_ in ("amod", "compound", "nmod", "poss") and not is_attack_word(head):
            token = head
        elif token.dep_ == "pobj" and head.lower_ in ("of", "from") and _is_group_of(head.head):
            token = head.head
        else:
            break
    return token


def _qualifies_target(participle: Token) -> bool:
    """"an attack on a base held by X": X is attacked too."""
    noun = participle.head
    if participle.dep_ != "acl" or noun.dep_ not in ("pobj", "dobj"):
        return False
    governor = noun.head.head if noun.dep_ == "pobj" else noun.head
    return is_attack_word(governor)


def _role_after_preposition(preposition: Token) -> ActorRole:
    word = preposition.lower_
    governor = preposition.head
    if word == "by" and (is_attack_word(governor) or governor.lemma_ in LIGHT_VERBS):
        return "initiator"
    if word == "by" and _qualifies_target(governor):
        return "target"
    if word in ("against", "on", "targeting", "at") and is_attack_word(governor):
        return "target"
    if word in ("of", "among") and governor.lemma_ in ("killing", "death", "massacre"):
        return "target"
    if word == "with" and word_forms(governor) & CLASH_WORDS:
        return "initiator"
    return "other"


# The lead: the main event is told, with its means and attacker, in the
# first few sentences.
_LEAD_SENTENCES = 5
# Weight of each later sentence's attackers relative to the one before.
_DECAY = 0.8
# With no attacker named, FA-KES annotators put chemical attacks down to the
# government (34 of the 44 chemical events of the development split).
_FALLBACK_ACTOR = {"chemical and toxic gases": GOVERNMENT}


@dataclass(frozen=True, slots=True)
class MainEvent:
    """The event an article leads with: its sentence (character span), kind,
    the actors named there, and FA-KES's attacker class and cause of death
    (read from the lead when the sentence itself does not say)."""

    start: int
    end: int
    kind: EventKind
    actors: tuple[ActorMention, ...]
    category: str
    cause: str


def main_event(doc: Doc) -> MainEvent | None:
    """The main event: the one of the first lead sentence that speaks of an
    attack or of deaths (news leads with it); its means and attacker, when
    that sentence does not name them, from the next sentences of the lead."""
    lead = list(doc.sents)[:_LEAD_SENTENCES]
    if not lead:
        return None
    first = next((i for i, s in enumerate(lead) if mentions_death(s) or find_triggers(s)), 0)
    ordered = lead[first:] + lead[:first]
    kinds = [classify_event(sentence) for sentence in ordered]
    kind = next((k for k in kinds if k.trigger is not None), kinds[0])
    cause = next((k.cause for k in kinds if k.cause != "unknown"), "unknown")
    category = _attacker_class(ordered) or _FALLBACK_ACTOR.get(cause, UNKNOWN)
    if kind.sub_event == TERRITORY.sub_event and category == GOVERNMENT:
        kind = replace(kind, sub_event="Government regains territory")
    sentence = ordered[0]
    return MainEvent(sentence.start_char, sentence.end_char, kind, extract_actors(sentence), category, cause)


def main_event_actor_and_cause(doc: Doc) -> tuple[str, str]:
    """FA-KES's (actor class, cause of death) for the article's main event."""
    event = main_event(doc)
    return (event.category, event.cause) if event is not None else (UNKNOWN, "unknown")


def _attacker_class(sentences: list[Span]) -> str | None:
    """The actor class named most as attacker, earlier sentences weighing more."""
    votes: dict[str, float] = {}
    for rank, sentence in enumerate(sentences):
        for mention in extract_actors(sentence):
            if mention.role == "initiator" and mention.name != "civilians":
                votes[mention.category] = votes.get(mention.category, 0.0) + _DECAY**rank
    return max(votes, key=lambda category: votes[category]) if votes else None
