"""What kind of violence a sentence reports: ACLED event type and FA-KES cause of death.

Rules read trigger words ("air strike", "car bomb", "sarin", "executed") and
map them to one of ACLED's six event types with a sub-event, and to the cause
of death that FA-KES annotators chose. FA-KES files air strikes, barrel bombs
and missiles under "shelling" (of its development split, 181 of the 202
articles whose headline speaks of air strikes are labelled shelling), so the
cause follows that convention even though ACLED calls them air strikes.
Deaths in clashes and offensives get cause "unknown" (ACLED: Battles): the
annotators coded such articles as unknown more often than as shooting (40
against 27 in the development split), and the lead's later sentences often
name the means (shelling, a car bomb) that FA-KES then records.

Trigger phrases are matched on normalised tokens (lower case, apostrophes,
hyphens and a final "s" ignored) so that "air-strikes", "airstrike" and
"air strike" meet the same entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

from spacy.tokens import Doc, Span, Token

EXPLOSIONS = "Explosions/Remote violence"
BATTLES = "Battles"
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
STRATEGIC = "Strategic developments"
PROTESTS = "Protests"
RIOTS = "Riots"


@dataclass(frozen=True, slots=True)
class TriggerKind:
    """What a trigger word says: event type, sub-event, cause, and a rank
    (higher wins when one sentence holds several triggers)."""

    name: str
    event_type: str
    sub_event: str
    cause: str
    rank: int


AIR = TriggerKind("air", EXPLOSIONS, "Air/drone strike", "shelling", 5)
SHELL = TriggerKind("shell", EXPLOSIONS, "Shelling/artillery/missile attack", "shelling", 5)
SUICIDE = TriggerKind("suicide", EXPLOSIONS, "Suicide bomb", "explosion", 7)
IED = TriggerKind("ied", EXPLOSIONS, "Remote explosive/landmine/IED", "explosion", 6)
CHEMICAL = TriggerKind("chemical", EXPLOSIONS, "Chemical weapon", "chemical and toxic gases", 9)
EXECUTION = TriggerKind("execution", VIOLENCE_AGAINST_CIVILIANS, "Attack", "execution", 8)
SHOOTING = TriggerKind("shooting", VIOLENCE_AGAINST_CIVILIANS, "Attack", "shooting", 4)
CLASH = TriggerKind("clash", BATTLES, "Armed clash", "unknown", 3)
ABDUCTION = TriggerKind("abduction", VIOLENCE_AGAINST_CIVILIANS, "Abduction/forced disappearance", "unknown", 2)
TERRITORY = TriggerKind("territory", BATTLES, "Non-state actor overtakes territory", "unknown", 2)
PROTEST = TriggerKind("protest", PROTESTS, "Peaceful protest", "unknown", 1)
RIOT = TriggerKind("riot", RIOTS, "Violent demonstration", "unknown", 1)
AGREEMENT = TriggerKind("agreement", STRATEGIC, "Agreement", "unknown", 0)
# An attack that names no means: between armed groups ACLED codes it as an
# armed clash, on civilians as violence against civilians (see `_on_civilians`).
ATTACK = TriggerKind("attack", BATTLES, "Armed clash", "unknown", 1)
ATTACK_ON_CIVILIANS = TriggerKind("attack_on_civilians", VIOLENCE_AGAINST_CIVILIANS, "Attack", "unknown", 1)
# "bomb"/"bombing" alone: an air raid when aircraft are in the sentence, a
# planted or suicide bomb otherwise (resolved in `_resolve`).
BOMB = TriggerKind("bomb", EXPLOSIONS, "Remote explosive/landmine/IED", "explosion", 6)
NONE = TriggerKind("none", STRATEGIC, "Other", "unknown", -1)

_TRIGGER_PHRASES: Mapping[TriggerKind, tuple[str, ...]] = {
    AIR: (
        "airstrike", "air strike", "air raid", "airraid", "raid", "strike", "warplane", "war plane", "jet",
        "fighter jet", "aircraft", "helicopter", "drone", "air attack", "aerial", "airstrikes", "sortie",
        "barrel bomb", "explosive barrel", "barrel", "bombing raid", "aerial bombardment", "air force",
        "bombard", "bombardment",
    ),
    SHELL: (
        "shell", "shelling", "mortar", "rocket", "missile", "artillery", "shellfire", "cannon", "grad",
        "tomahawk", "projectile", "rocket fire", "artillery fire", "tank fire", "missile strike",
    ),
    SUICIDE: (
        "suicide bomber", "suicide bombing", "suicide attack", "suicide car bomb", "car bomb", "car-bomb",
        "truck bomb", "booby-trapped car", "bomb-laden", "explosive-laden", "vbied", "suicide",
        "booby trapped car",
    ),
    IED: (
        "explosion", "blast", "explode", "detonate", "ied", "roadside bomb", "explosive device", "landmine",
        "land mine", "mine", "booby trap", "booby-trap", "explosive belt", "explosive", "car explosion",
    ),
    BOMB: ("bomb", "bombing", "bomber"),
    CHEMICAL: (
        "chemical", "sarin", "chlorine", "toxic gas", "poison gas", "poisonous gas", "nerve agent",
        "nerve gas", "gas attack", "mustard gas", "toxic", "suffocation", "asphyxiation",
    ),
    EXECUTION: (
        "execute", "execution", "behead", "beheading", "crucify", "firing squad", "summarily killed",
        "decapitate", "slaughter",
    ),
    SHOOTING: (
        "gunfire", "sniper", "shot", "shoot", "shooting", "gunman", "opened fire", "open fire", "bullet",
        "machine gun", "gunshot",
    ),
    CLASH: ("ambush", "clash", "fighting", "battle", "combat", "firefight", "offensive", "assault", "storm"),
    ABDUCTION: ("kidnap", "abduct", "abduction", "hostage", "kidnapping"),
    TERRITORY: (
        "capture", "seize", "recapture", "retake", "regain", "liberate", "take control", "took control",
        "overrun", "advance",
    ),
    PROTEST: ("protest", "demonstration", "demonstrator", "protester", "rally", "sit-in"),
    RIOT: ("riot", "rioter", "mob"),
    AGREEMENT: ("agreement", "ceasefire", "cease-fire", "truce", "deal", "evacuation"),
    ATTACK: ("attack", "target", "hit", "pound", "strike", "massacre"),
}

# Words for an attack that say nothing of its means, and verbs of killing:
# both anchor actor roles ("X killed", "attack by X").
ATTACK_WORDS = frozenset({
    "attack", "kill", "strike", "hit", "target", "bomb", "shell", "raid", "bombard", "pound", "fire",
    "shoot", "execute", "behead", "kidnap", "abduct", "clash", "fight", "storm", "assault", "ambush",
    "massacre", "slaughter", "destroy", "launch", "capture", "seize", "recapture", "retake", "overrun",
    "besiege", "gas", "airstrike", "shelling", "bombing", "bombardment", "offensive", "operation",
    "aggression", "onslaught", "explosion", "blast", "detonate", "crucify", "murder", "wound", "injure", "drop",
    "down", "repel", "liberate", "advance", "push", "counterattack", "killing", "battle", "fighting",
    "strafe", "torture", "rocket", "mortar", "missile", "artillery",
})
# Nouns for the one who acts ("Russian warplanes", "ISIS militants").
MILITARY_NOUNS = frozenset({
    "force", "troop", "army", "military", "warplane", "jet", "aircraft", "plane", "helicopter", "drone",
    "soldier", "fighter", "militant", "militia", "unit", "artillery", "tank", "gunboat", "air", "navy",
    "member", "gunman", "element", "terrorist", "rebel", "jihadist", "group", "battalion", "brigade",
    "division", "coalition", "side", "defense", "defence", "ministry", "airforce", "mercenary", "contractor",
    "regime", "government", "authority", "loyalist", "commander", "official",
})
# Verbs whose subject carries out an attack named by their object
# ("the coalition carried out strikes", "rebels launched rockets").
LIGHT_VERBS = frozenset({"launch", "carry", "conduct", "stage", "commit", "perpetrate", "claim", "mount", "use",
                         "unleash", "drop", "fire"})
# Verbs whose subject meets an attack without carrying it out.
NOT_ATTACKING_VERBS = frozenset({
    "foil", "repel", "thwart", "condemn", "deny", "accuse", "blame", "report", "say", "investigate",
    "survive", "repulse", "face", "encounter", "counter", "prevent", "stop", "call", "document", "monitor",
    "confirm", "suffer", "die", "perish", "hold", "hire", "flee", "escape", "protest", "urge", "warn", "demand",
})
CLASH_WORDS = frozenset({"clash", "fighting", "battle", "combat", "firefight", "confrontation"})
CIVILIAN_WORDS = frozenset({
    "civilian", "resident", "people", "child", "children", "woman", "women", "villager", "family", "market",
    "school", "hospital", "neighborhood", "neighbourhood", "village", "town", "home", "house", "worshipper",
    "mosque", "church", "bakery", "convoy", "bus", "camp", "refugee", "displaced", "protester", "student",
})
DEATH_WORDS = frozenset({"kill", "dead", "die", "death", "toll", "killing", "body", "casualty", "massacre",
                         "victim", "martyr", "lose", "life", "wound", "injure"})


@dataclass(frozen=True, slots=True)
class Trigger:
    """A trigger phrase found in a Doc: token span [start, end) and its kind."""

    start: int
    end: int
    text: str
    kind: TriggerKind


@dataclass(frozen=True, slots=True)
class EventKind:
    """An event's ACLED type and sub-event, and FA-KES's cause of death, with
    the trigger that decided them (character offsets into the Doc's text)."""

    event_type: str
    sub_event: str
    cause: str
    trigger: str | None = None
    start: int | None = None
    end: int | None = None


_SKIP = frozenset({"-", "–", "—", "'s", "’s", "'", "’", "s", "/"})


@lru_cache(maxsize=1 << 16)  # called for every token of every sentence; words recur
def norm(word: str) -> str:
    """Lower case without apostrophes or a final "s": "Air-Strikes" and "airstrike" meet."""
    lowered = word.lower().replace("'", "").replace("’", "")
    if lowered.endswith(("ches", "shes", "xes", "sses")):
        return lowered[:-2]
    if len(lowered) > 3 and lowered.endswith("s") and not lowered.endswith("ss"):
        return lowered[:-1]
    return lowered


def key_of(phrase: str) -> tuple[str, ...]:
    """The normalised token key of a lexicon phrase."""
    words = phrase.replace("-", " ").replace("'s ", " ").replace("/", " ").split()
    return tuple(norm(word) for word in words)


def indexed_tokens(tokens: Iterable[Token], *, lemmas: bool = False) -> list[tuple[int, str]]:
    """(token index, normalised form) of the tokens that count for matching;
    with `lemmas`, verbs match by lemma ("attacked" meets "attack")."""
    return [
        (token.i, norm(token.lemma_ if lemmas and token.pos_ in ("VERB", "AUX") else text))
        for token in tokens
        if (text := token.text).lower() not in _SKIP and not token.is_space
    ]


@dataclass(frozen=True, slots=True)
class KeyTable:
    """Lexicon keys (normalised token tuples) with their values, and the key
    lengths that start with each word, longest first: matching at a word
    tries only the lengths of keys that begin with it (most words begin
    none), not every length up to the longest key."""

    values: Mapping[tuple[str, ...], object]
    lengths: Mapping[str, tuple[int, ...]]

    @classmethod
    def of(cls, values: Mapping[tuple[str, ...], object], *, max_len: int) -> KeyTable:
        """The table of `values` whose keys have at most `max_len` words."""
        lengths: dict[str, set[int]] = {}
        for key in values:
            if 0 < len(key) <= max_len:
                lengths.setdefault(key[0], set()).add(len(key))
        return cls(values, {word: tuple(sorted(found, reverse=True)) for word, found in lengths.items()})


def match_keys(tokens: Sequence[tuple[int, str]], table: KeyTable) -> list[tuple[int, int, object]]:
    """Greedy longest matches of `table` keys: (first token, last token + 1, value)."""
    found: list[tuple[int, int, object]] = []
    position = 0
    while position < len(tokens):
        for length in table.lengths.get(tokens[position][1], ()):
            if length > len(tokens) - position:
                continue
            key = tuple(form for _, form in tokens[position : position + length])
            if key in table.values:
                found.append((tokens[position][0], tokens[position + length - 1][0] + 1, table.values[key]))
                position += length
                break
        else:
            position += 1
    return found


def _trigger_table() -> dict[tuple[str, ...], TriggerKind]:
    table: dict[tuple[str, ...], TriggerKind] = {}
    for kind, phrases in _TRIGGER_PHRASES.items():
        for phrase in phrases:
            table.setdefault(key_of(phrase), kind)
    return table


_TRIGGERS = _trigger_table()
_TRIGGER_KEYS = KeyTable.of(_TRIGGERS, max_len=max(len(key) for key in _TRIGGERS))


def find_triggers(span: Doc | Span) -> list[Trigger]:
    """The trigger phrases of a Doc or Span in reading order."""
    doc = span if isinstance(span, Doc) else span.doc
    found = match_keys(indexed_tokens(span, lemmas=True), _TRIGGER_KEYS)
    triggers = []
    for start, end, kind in found:
        assert isinstance(kind, TriggerKind)
        triggers.append(Trigger(start, end, doc[start:end].text, kind))
    return _resolve(doc, triggers)


_FINITE_OR_PARTICIPLE = frozenset({"VBD", "VBN", "VBZ", "VBP"})


def _resolve(doc: Doc, triggers: list[Trigger]) -> list[Trigger]:
    """A bare "bomb" is an air raid when aircraft, shells or rockets are named
    alongside it, or when it is a verb ("regime jets bombed the market":
    planted bombs "explode" or "go off"); a planted bomb otherwise."""
    airborne = any(trigger.kind in (AIR, SHELL) for trigger in triggers)
    return [
        Trigger(t.start, t.end, t.text, AIR) if t.kind is BOMB and (airborne or doc[t.start].tag_ in _FINITE_OR_PARTICIPLE) else t
        for t in triggers
    ]


def classify_event(span: Doc | Span) -> EventKind:
    """The event a sentence (or any span) reports, by its strongest trigger."""
    triggers = find_triggers(span)
    if not triggers:
        return EventKind(NONE.event_type, NONE.sub_event, NONE.cause)
    best = max(triggers, key=lambda trigger: trigger.kind.rank)
    doc = span if isinstance(span, Doc) else span.doc
    if best.kind is ATTACK and _on_civilians(doc[best.start]):
        best = Trigger(best.start, best.end, best.text, ATTACK_ON_CIVILIANS)
    first, last = doc[best.start], doc[best.end - 1]
    return EventKind(
        best.kind.event_type,
        best.kind.sub_event,
        best.kind.cause,
        best.text,
        first.idx,
        last.idx + len(last.text),
    )


def _on_civilians(trigger: Token) -> bool:
    """Whether an attack verb or noun has civilians for object ("attacked
    residents", "an attack on a market") rather than an armed group."""
    objects = [child for child in trigger.children if child.dep_ in ("dobj", "nsubjpass")]
    objects += [grand for child in trigger.children if child.dep_ == "prep" for grand in child.children]
    return any(word_forms(word) & CIVILIAN_WORDS for word in objects)


def word_forms(token: Token) -> frozenset[str]:
    """Lemma and crude stems: title-case headlines ("Army Kills 40",
    "Jets Targeted") get tagged as proper nouns and keep their inflection."""
    lowered = token.text.lower()
    forms = {token.lemma_.lower(), norm(token.text), lowered}
    if lowered.endswith("ed") and len(lowered) > 4:
        forms.update((lowered[:-2], lowered[:-1]))
    elif lowered.endswith("ing") and len(lowered) > 5:
        forms.update((lowered[:-3], lowered[:-3] + "e"))
    return frozenset(forms)


def is_attack_word(token: Token) -> bool:
    """An attack or killing verb or noun, or a weapon noun ("rockets hit")."""
    forms = word_forms(token)
    if forms & ATTACK_WORDS:
        return True
    kinds = (_TRIGGERS.get((form,)) for form in forms)
    return any(kind is not None and kind.rank >= CLASH.rank for kind in kinds)


def mentions_death(span: Doc | Span) -> bool:
    """Whether a sentence speaks of people killed or wounded."""
    return any(word_forms(token) & DEATH_WORDS for token in span)
