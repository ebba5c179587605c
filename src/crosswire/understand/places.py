"""Toponyms: recognise place names in a Doc and resolve them to the gazetteer.

Recognition starts from spaCy's GPE/LOC/FAC entities and adds what the small
model misses: dateline capitals ("BEIRUT"), "X County" names, and known
place names written inside other entities or left untagged ("Khan
Sheikhoun", "Ohio" in "Ohio State University"). A gazetteer-only match must
be a country or state, a sizeable town, or a town in a country or state the
article already names, so that ordinary capitalised words stay out.

Resolution prefers, in order: entries in countries the article mentions, in
states/governorates it mentions (and "Paris, Texas" adjacency), then larger
population. Demonyms (NORP) are dropped unless `demonyms=True`, which maps
"Russian" to Russia (the LGL corpus annotates them as toponyms).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterator

from crosswire.understand.gazetteer import (
    Entry,
    Gazetteer,
    demonym_country,
    load_gazetteer,
    syria_governorates,
    us_county,
)
from crosswire.understand.records import Place

ENTITY_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entities whose words may hold a place name ("Ohio" in "Ohio State University").
_HOST_LABELS = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"})
_LEADING = re.compile(
    r"^(?:the|(?:north|south|east|west|central)(?:ern)?|(?:north|south)(?:east|west)(?:ern)?|"
    r"downtown|greater|rural|metro|oil-rich|besieged|rebel-held)\s+",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"(?:['\u2019]s?|\s+(?:province|region|governorate|countryside|area|district))$", re.I)
_COUNTY = re.compile(r"^(.+?)\s+(County|Parish|Borough)$")
_COUNTY_AFTER = re.compile(r"\s+(County|Parish|Borough)\b")
MIN_POPULATION_UNPROMPTED = 100_000
MAX_SCAN_TOKENS = 4
_ARABIC_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "an", "az", "at"})
_BEFORE = frozenset({"of", "in", "at", "the"})


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    text: str
    candidates: tuple[Entry, ...]
    county_states: tuple[str, ...] = ()


def governorate_of(place: Place) -> str | None:
    """FA-KES's governorate name for a Syrian place ("deir ezzor"); None elsewhere.

    FA-KES folds Rif Dimashq (Douma, Eastern Ghouta, Madaya) into "damascus";
    As-Suwayda, absent from FA-KES's list, comes back as "suwayda".
    """
    if place.country != "Syria" or place.admin1 is None:
        return None
    return syria_governorates().get(place.admin1)


def extract_places(doc: Any, *, demonyms: bool = False) -> tuple[Place, ...]:
    """Place names in `doc`, each resolved to a gazetteer entry where one fits."""
    gazetteer = load_gazetteer()
    mentions = list(_entity_mentions(doc, gazetteer, demonyms=demonyms))
    for _ in range(2):  # a second pass sees the context the first one found
        countries, admin1s = _context(mentions)
        taken = [(m.start, m.end) for m in mentions]
        mentions += _scanned_mentions(doc, gazetteer, taken=taken, countries=countries, admin1s=admin1s)
    mentions.sort(key=lambda m: m.start)
    places = [_resolve(m, doc.text, gazetteer, *_context(mentions, without=m.text)) for m in mentions]
    return tuple(_place_counties(places, mentions, gazetteer))


def _trim(text: str, start: int) -> tuple[str, int]:
    """Drop "the", compass and other leading words and a trailing "'s"."""
    while True:
        lead = _LEADING.match(text)
        if not lead or lead.end() >= len(text):
            break
        text, start = text[lead.end():], start + lead.end()
    trail = _TRAILING.search(text)
    if trail and trail.start() > 0:
        text = text[: trail.start()]
    return text, start


def _mention(text: str, start: int, gazetteer: Gazetteer) -> _Mention | None:
    """A mention for `text`, trying the full span before the trimmed one."""
    full = gazetteer.lookup(text)
    trimmed, t_start = _trim(text, start)
    candidates = full or gazetteer.lookup(trimmed)
    if not full:
        text, start = trimmed, t_start
    county = _COUNTY.match(text)
    states = us_county(text) if county else ()
    if not text.strip() or not text[0].isupper() and not text[0].isdigit():
        return None
    return _Mention(start, start + len(text), text, candidates, states)


def _entity_mentions(doc: Any, gazetteer: Gazetteer, *, demonyms: bool) -> Iterator[_Mention]:
    for ent in doc.ents:
        if ent.label_ in ENTITY_LABELS:
            mention = _mention(ent.text, ent.start_char, gazetteer)
            if mention is not None and not mention.candidates and demonym_country(ent.text):
                mention = None if not demonyms else _demonym(ent, gazetteer)
            if mention is not None and not (mention.candidates or mention.county_states) and ent.label_ == "FAC":
                mention = None
            if mention is not None:
                yield mention
        elif ent.label_ == "NORP" and demonyms:
            mention = _demonym(ent, gazetteer)
            if mention is not None:
                yield mention


def _demonym(ent: Any, gazetteer: Gazetteer) -> _Mention | None:
    """"Russian" as a mention of Russia (only with `demonyms=True`)."""
    country = demonym_country(ent.text)
    entry = gazetteer.countries.get(country) if country else None
    if entry is None:
        return None
    return _Mention(ent.start_char, ent.end_char, ent.text, (entry,))


def _context(
    mentions: list[_Mention], *, without: str | None = None
) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Countries and admin1 areas the article names (by each mention's best guess).

    `without` leaves out the mentions of the name being resolved, so that a
    name's most populous reading does not vote for itself.
    """
    countries: Counter[str] = Counter()
    admin1s: Counter[tuple[str, str]] = Counter()
    for mention in mentions:
        if mention.text == without:
            continue
        if mention.candidates:
            best = mention.candidates[0]
            countries[best.country] += 1
            if best.admin1 and best.feature in ("admin1", "city") and len(mention.candidates) == 1:
                admin1s[(best.country, best.admin1)] += 1
            elif best.feature == "admin1" and best.admin1:
                admin1s[(best.country, best.admin1)] += 1
        for state in mention.county_states[:1]:
            admin1s[("US", state)] += 1
    return countries, admin1s


def _plausible(
    entry: Entry, countries: Counter[str], admin1s: Counter[tuple[str, str]],
    *, hosted: bool, words: int, acronym: bool,
) -> bool:
    """Whether a gazetteer-only match may count as a place (see the module docstring)."""
    if entry.feature in ("country", "admin1"):
        return True
    in_context = bool(entry.admin1 and (entry.country, entry.admin1) in admin1s)
    in_context = in_context or (entry.country in countries and entry.country != "US")
    if hosted:  # our own table's entries (geonameid None) are all places worth naming
        return in_context and (entry.population >= 5000 or entry.geonameid is None)
    if in_context:
        return words > 1 or entry.population >= 1000 or entry.country == "SY"
    return entry.population >= MIN_POPULATION_UNPROMPTED and not acronym


def _scanned_mentions(
    doc: Any, gazetteer: Gazetteer, *, taken: list[tuple[int, int]],
    countries: Counter[str], admin1s: Counter[tuple[str, str]],
) -> list[_Mention]:
    """Known place names outside spaCy's place entities (longest match first)."""
    covered = {i for s, e in taken for i in range(s, e)}
    blocked = {t.i for ent in doc.ents if ent.label_ not in _HOST_LABELS | ENTITY_LABELS for t in ent}
    hosted_at = {t.i: ent.start for ent in doc.ents if ent.label_ in _HOST_LABELS for t in ent}
    # A "person" is often a town the small model does not know ("Khan
    # Sheikhoun"): it may be one when the whole name is a place in context.
    persons = [ent for ent in doc.ents if ent.label_ == "PERSON"]
    blocked -= {t.i for ent in persons for t in ent}
    hosted_at.update({t.i: -1 if t.i == ent.start else -2 for ent in persons for t in ent})
    found: list[_Mention] = []
    i = 0
    while i < len(doc):
        mention = _scan_at(doc, i, gazetteer, covered, blocked, hosted_at, countries, admin1s)
        if mention is None:
            i += 1
            continue
        found.append(mention)
        covered.update(range(mention.start, mention.end))
        i = doc.char_span(mention.start, mention.end, alignment_mode="expand").end
    return found


def _scan_at(
    doc: Any, i: int, gazetteer: Gazetteer, covered: set[int], blocked: set[int],
    hosted_at: dict[int, int], countries: Counter[str], admin1s: Counter[tuple[str, str]],
) -> _Mention | None:
    token = doc[i]
    article = token.lower_ in _ARABIC_ARTICLES and i + 2 < len(doc) and doc[i + 1].text == "-"
    if not (_capitalised(token) or article) or token.i in blocked or token.idx in covered:
        return None
    if len(token.text) < 3 and not article:
        return None
    hosted = i in hosted_at
    if hosted and hosted_at[i] not in (i, -1) and (hosted_at[i] == -2 or doc[i - 1].lower_ not in _BEFORE):
        return None
    for size in range(MAX_SCAN_TOKENS, 0, -1):
        span = doc[i : i + size]
        if len(span) < size or not all(_capitalised(t) or t.text in "-'" for t in span[int(article):]):
            continue
        if any(t.idx in covered or t.i in blocked for t in span):
            continue
        if size == 1 and (token.is_sent_start and token.pos_ != "PROPN" or token.is_stop):
            continue
        candidates = tuple(
            e for e in gazetteer.lookup(span.text)
            if _plausible(e, countries, admin1s, hosted=hosted, words=size, acronym=_acronym(span.text))
        )
        states = us_county(span.text) if _COUNTY.match(span.text) else ()
        if candidates or states:
            return _Mention(span.start_char, span.end_char, span.text, candidates, states)
    return None


def _acronym(text: str) -> bool:
    """"SANA", "KBR": short all-capital words are more often names than towns."""
    return text.isupper() and len(text) <= 5


def _capitalised(token: Any) -> bool:
    text: str = token.text
    return text[:1].isupper() and (token.pos_ == "PROPN" or text.isupper() or token.ent_type_ != "")


def _score(entry: Entry, countries: Counter[str], admin1s: Counter[tuple[str, str]], state_hint: str | None) -> float:
    score = math.log10(entry.population + 10)
    if entry.country in countries and entry.feature != "country":
        score += 3.0
    if entry.admin1 and (entry.country, entry.admin1) in admin1s and entry.feature != "admin1":
        score += 3.0
    if state_hint is not None and entry.admin1 == state_hint:
        score += 6.0
    return score


def _state_after(text: str, end: int, gazetteer: Gazetteer) -> str | None:
    """The admin1 code in "Paris, Texas" / "Alexandria, La." right after a mention."""
    match = re.match(r",\s*([A-Z][A-Za-z.]*(?:\s?[A-Z][A-Za-z.]*)?)", text[end : end + 24])
    if not match:
        return None
    for entry in gazetteer.lookup(match.group(1)):
        if entry.feature == "admin1":
            return entry.admin1
    return None


def _resolve(
    mention: _Mention, text: str, gazetteer: Gazetteer,
    countries: Counter[str], admin1s: Counter[tuple[str, str]],
) -> Place:
    hint = _state_after(text, mention.end, gazetteer)
    if mention.county_states and not mention.candidates:
        return _unresolved(mention)
    if not mention.candidates:
        return _unresolved(mention)
    best = max(mention.candidates, key=lambda e: _score(e, countries, admin1s, hint))
    return _place(mention, best, gazetteer)


def _place(mention: _Mention, entry: Entry, gazetteer: Gazetteer) -> Place:
    return Place(
        start=mention.start, end=mention.end, text=mention.text, name=entry.name,
        admin1=gazetteer.admin1_name(entry.country, entry.admin1),
        country=gazetteer.country_name(entry.country), lat=entry.lat, lon=entry.lon,
        geonameid=entry.geonameid, feature=entry.feature,
    )


def _unresolved(mention: _Mention) -> Place:
    return Place(mention.start, mention.end, mention.text, None, None, None, None, None)


def _place_counties(places: list[Place], mentions: list[_Mention], gazetteer: Gazetteer) -> Iterator[Place]:
    """Put a US county at the article's nearest town in its state (no county points offline)."""
    for place, mention in zip(places, mentions):
        if place.name is not None or not mention.county_states:
            yield place
            continue
        states = mention.county_states
        towns = [p for p in places if p.feature == "city" and p.country == "United States"]
        state = next((s for s in states if any(p.admin1 == gazetteer.admin1_name("US", s) for p in towns)), states[0])
        state_name = gazetteer.admin1_name("US", state)
        near = [p for p in towns if p.admin1 == state_name]
        anchor = min(near, key=lambda p: abs(p.start - place.start)) if near else None
        state_entry = next((e for e in gazetteer.lookup(state_name or "") if e.feature == "admin1"), None)
        lat = anchor.lat if anchor else (state_entry.lat if state_entry else None)
        lon = anchor.lon if anchor else (state_entry.lon if state_entry else None)
        yield Place(
            place.start, place.end, place.text, mention.text, state_name, "United States",
            lat, lon, None, "admin2",
        )
