"""Toponyms: recognise place names in a Doc and resolve them to the gazetteer.

Recognition starts from spaCy's GPE/LOC/FAC entities and adds what the small
model misses: capitalised datelines ("BEIRUT:", "GAINESVILLE, Fla. -"), "X
County" names, and known place names written inside other entities or left
untagged ("Khan Sheikhoun", "Ohio" in "Ohio State University"). An entity the
gazetteer does not know counts only when its last word says place ("Osney
Island", "Newmarket Road", "County Road 35") or a locative preposition
precedes it, since the small model tags many surnames as GPE. Inside a
PERSON a place must be the whole name or end in a place word ("Rapides
Parish"), and not where the article shows it is a person ("Jones said",
"Steve Jones"). A bare article ("Al") is never a place. A gazetteer-only match must be a country or state, a
sizeable town under its own name (not an alternate spelling), a town after
"in/near/from" or before "police/residents/man" ("Danbury police"), or a
town in a country or state the article already names. Numbered roads
("Highway 19", "I-75") come from a pattern, a name before "Street" is the
street ("West Tyler Street"), and "Dublin City" (Council) is Dublin. The
rules themselves live in `place_rules`.

Resolution takes population as the prior and raises readings in the
countries and states the article names (most for its "home" state), right
before a state ("Paris, Texas", "Alexandria, La."), and near the readings of
the article's other names ("Paris" with "Henry County" and "Huntingdon" is
Paris, Tennessee). A US state outranks a country of the same name unless
the article names places in that country ("Georgia" with "Tbilisi"); other
mentions of the same name ("Dublin City" for "Dublin") do not vote. Demonyms
(NORP) are dropped unless `demonyms=True`, which maps "Russian" to Russia,
also at the start of an organisation's name ("American Electric Power"), as
the LGL corpus annotates them as toponyms.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterator

from crosswire.understand.demonyms import demonym_countries, demonym_country
from crosswire.understand.doc_text import doc_text
from crosswire.understand.gazetteer import (
    Entry,
    Gazetteer,
    load_gazetteer,
    syria_governorates,
    us_county,
)
from crosswire.understand.place_rules import (
    ARABIC_ARTICLES,
    COUNTY,
    ENTITY_LABELS,
    LEADING,
    MIN_POPULATION_UNPROMPTED,
    STREET,
    THE,
    TRAILING,
    Mention,
    city_stem,
    demonym_mention,
    numbered,
    person_cue,
    road_mentions,
    scanned_mentions,
    unknown_place,
    with_streets,
    without_overlaps,
    attributive,
    without_saints,
)
from crosswire.understand.records import Place

MAX_READINGS = 12  # readings per name used as evidence for the others
NEAR_KM = 100.0


def governorate_of(place: Place) -> str | None:
    """FA-KES's governorate name for a Syrian place ("deir ezzor"); None elsewhere.

    FA-KES folds Rif Dimashq (Douma, Eastern Ghouta, Madaya) into "damascus";
    As-Suwayda, absent from FA-KES's list, comes back as "suwayda".
    """
    if place.country != "Syria" or place.admin1 is None:
        return None
    return syria_governorates().get(place.admin1)


def attributive_place(text: str, place: Place) -> bool:
    """A name inside a compound adjective: "pro-Damascus media", "Moscow-based group".

    Still a toponym (LGL counts it), but not where anything happened.
    """
    return attributive(text, place.start, place.end)


def extract_places(doc: Any, *, demonyms: bool = False) -> tuple[Place, ...]:
    """Place names in `doc`, each resolved to a gazetteer entry where one fits."""
    gazetteer = load_gazetteer()
    mentions = without_overlaps(road_mentions(doc), list(_entity_mentions(doc, gazetteer, demonyms=demonyms)))
    # "Syrian" says the article is about Syria: context for untagged names, though no place itself.
    demonyms_named = demonym_countries(doc)
    for _ in range(2):  # a second pass sees the context the first one found
        countries, admin1s = _context(mentions)
        taken = [(m.start, m.end) for m in mentions]
        mentions += scanned_mentions(
            doc, gazetteer, taken=taken, countries=countries + demonyms_named, admin1s=admin1s
        )
    text = doc_text(doc)
    mentions = without_saints(text, with_streets(text, sorted(mentions, key=lambda m: m.start)))
    mentions = [m for m in mentions if m.text.lower() not in ARABIC_ARTICLES]  # "Al" is not Ål, Norway
    points = _candidate_points(mentions)
    contexts = [_context(mentions, without=m) for m in mentions]
    places = [_resolve(m, text, gazetteer, _Evidence(*c, points=points)) for m, c in zip(mentions, contexts)]
    return tuple(_place_counties(places, mentions, gazetteer))


def _trim(text: str, start: int) -> tuple[str, int]:
    """Drop "the", compass and other leading words and a trailing "'s"."""
    while True:
        lead = LEADING.match(text)
        if not lead or lead.end() >= len(text):
            break
        text, start = text[lead.end():], start + lead.end()
    trail = TRAILING.search(text)
    if trail and trail.start() > 0:
        text = text[: trail.start()]
    return text, start


def _mention(text: str, start: int, gazetteer: Gazetteer) -> Mention | None:
    """A mention for `text`, trying the full span before the trimmed one."""
    article = THE.match(text)  # "The Athens Police Department": the name starts after "The"
    if article and article.end() < len(text):
        text, start = text[article.end():], start + article.end()
    text = city_stem(text.rstrip(" -\u2013\u2014"), gazetteer)  # "Northbrook-", "ROSWELL -"
    full = gazetteer.lookup(text)
    trimmed, t_start = _trim(text, start) if not STREET.search(text) else (text, start)  # "West Tyler Street"
    candidates = full or gazetteer.lookup(trimmed)
    if not full:
        text, start = trimmed, t_start
    county = COUNTY.match(text)
    states = us_county(text) if county else ()
    if not text.strip() or not text[0].isupper() and not text[0].isdigit():
        return None
    return Mention(start, start + len(text), text, candidates, states)


def _entity_mentions(doc: Any, gazetteer: Gazetteer, *, demonyms: bool) -> Iterator[Mention]:
    person_words = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
    named = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for t in ent}
    for ent in doc.ents:
        if ent.label_ in ENTITY_LABELS:
            ent = _without_glued_possessive(ent, gazetteer)
            mention = _mention(ent.text, ent.start_char, gazetteer)
            if mention is not None and not mention.candidates and demonym_country(ent.text):
                mention = None if not demonyms else demonym_mention(ent, gazetteer)
            if mention is not None and not (mention.candidates or mention.county_states):
                mention = numbered(ent, mention) if unknown_place(ent, mention, person_words) else None
            if mention is not None and _small_town(mention) and person_cue(ent, named):
                mention = None  # "Kristina said", "Holroyd" after "Harold Holroyd": a person
            if mention is not None:
                yield mention
        elif ent.label_ == "NORP" and demonyms:
            yield from _demonym_parts(ent, gazetteer)
        elif ent.label_ in ("ORG", "FAC") and demonyms:  # "American Electric Power"
            first = ent[1] if len(ent) > 2 and ent[0].lower_ == "the" else ent[0]
            mention = demonym_mention(ent.doc[first.i : first.i + 1], gazetteer) if first.i < ent.end - 1 else None
            if mention is not None:
                yield mention


def _without_glued_possessive(ent: Any, gazetteer: Gazetteer) -> Any:
    """"Deir al-Zor Syrias" as "Deir al-Zor": text with its apostrophes stripped
    (FA-KES) glues a place to a country's possessive ("Syria's SANA")."""
    last = ent[-1].text
    if len(ent) < 2 or not last.endswith("s") or gazetteer.lookup(ent.text):
        return ent
    return ent[:-1] if any(entry.feature == "country" for entry in gazetteer.lookup(last[:-1])) else ent


def _demonym_parts(ent: Any, gazetteer: Gazetteer) -> Iterator[Mention]:
    """"Russian" as Russia; "Russian-American" as two demonyms."""
    whole = demonym_mention(ent, gazetteer)
    if whole is not None or "-" not in ent.text:
        yield from (whole,) if whole is not None else ()
        return
    for token in ent:
        mention = demonym_mention(ent.doc[token.i : token.i + 1], gazetteer) if token.text != "-" else None
        if mention is not None:
            yield mention


def _small_town(mention: Mention) -> bool:
    """Whether every reading of a mention is a town of under MIN_POPULATION_UNPROMPTED."""
    return bool(mention.candidates) and all(
        e.feature == "city" and e.population < MIN_POPULATION_UNPROMPTED for e in mention.candidates
    )


def _context(
    mentions: list[Mention], *, without: Mention | None = None
) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Countries and admin1 areas the article names (by each mention's best guess).

    `without` leaves out the mentions of the name being resolved, so that a
    name's most populous reading does not vote for itself.
    """
    countries: Counter[str] = Counter()
    admin1s: Counter[tuple[str, str]] = Counter()
    for mention in mentions:
        if without is not None and _same_name(mention, without):
            continue
        if mention.candidates and mention.candidates[0].country:
            best = mention.candidates[0]
            countries[best.country] += 1
            if best.admin1 and best.feature in ("admin1", "admin2", "city") and len(mention.candidates) == 1:
                admin1s[(best.country, best.admin1)] += 1
            elif best.feature == "admin1" and best.admin1:
                admin1s[(best.country, best.admin1)] += 1
        for state in mention.county_states[:1]:
            admin1s[("US", state)] += 1
    return countries, admin1s


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What the rest of the article says about where a name is."""

    countries: Counter[str]
    admin1s: Counter[tuple[str, str]]
    points: dict[str, list[tuple[float, float]]]

    def home(self) -> tuple[str, str] | None:
        """The admin area the article names most: its "home region"."""
        return self.admin1s.most_common(1)[0][0] if self.admin1s else None

    def neighbours(self, entry: Entry, text: str) -> int:
        """How many other names in the article could be within NEAR_KM of `entry`."""
        if entry.lat is None or entry.lon is None or entry.feature not in ("city", "admin2"):
            return 0
        near = 0
        for other, points in self.points.items():
            if other != text and any(_near((entry.lat, entry.lon), point) for point in points):
                near += 1
        return near


def _same_name(a: Mention, b: Mention) -> bool:
    """Mentions of one name ("Dublin", "Dublin City"): they may not vote for each other's reading."""
    return a.text == b.text or bool(a.candidates and b.candidates and a.candidates[0] == b.candidates[0])


def _near(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Within NEAR_KM (equirectangular: exact enough at this scale, and cheap)."""
    x = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    y = math.radians(b[0] - a[0])
    return 6371.0 * math.hypot(x, y) <= NEAR_KM


def _candidate_points(mentions: list[Mention]) -> dict[str, list[tuple[float, float]]]:
    """Points of the likelier readings of each name (for `_Evidence.neighbours`)."""
    points: dict[str, list[tuple[float, float]]] = {}
    for mention in mentions:
        if mention.text in points:
            continue
        towns = [e for e in mention.candidates if e.feature in ("city", "admin2") and e.lat is not None]
        points[mention.text] = [(e.lat, e.lon) for e in towns[:MAX_READINGS] if e.lon is not None and e.lat is not None]
    return points


def _score(entry: Entry, text: str, evidence: _Evidence, state_hint: str | None) -> float:
    """Population as the prior, raised by the article's countries, states and nearby names."""
    score = math.log10(entry.population + 10)
    if entry.feature == "country":  # "Egypt" is the country, not a village with that alternate name
        score += 4.0
    if entry.country in evidence.countries:  # "Georgia" with "Tbilisi" and "Gori" is the country
        score += 3.0 if entry.feature != "country" else 5.0
    if entry.admin1 and (entry.country, entry.admin1) in evidence.admin1s and entry.feature != "admin1":
        score += 3.0
        if (entry.country, entry.admin1) == evidence.home():
            score += 1.0
    elif entry.feature == "admin1" and (entry.country, entry.admin1) in evidence.admin1s:
        score += 5.0  # "Georgia" among Georgian towns is the state
    if state_hint is not None and entry.admin1 == state_hint:
        score += 6.0
    return score + 1.5 * min(evidence.neighbours(entry, text), 3)


def _state_after(text: str, end: int, gazetteer: Gazetteer) -> str | None:
    """The admin1 code in "Paris, Texas" / "Alexandria, La." right after a mention."""
    match = re.match(r",\s*([A-Z][A-Za-z.]*(?:\s?[A-Z][A-Za-z.]*)?)", text[end : end + 24])
    if not match:
        return None
    for entry in gazetteer.lookup(match.group(1)):
        if entry.feature == "admin1":
            return entry.admin1
    return None


def _resolve(mention: Mention, text: str, gazetteer: Gazetteer, evidence: _Evidence) -> Place:
    hint = _state_after(text, mention.end, gazetteer)
    if mention.county_states and not mention.candidates:
        return _unresolved(mention)
    if not mention.candidates:
        return _unresolved(mention)
    candidates = _state_or_country(mention.candidates, evidence)
    best = max(candidates[:MAX_READINGS * 4], key=lambda e: _score(e, mention.text, evidence, hint))
    return _place(mention, best, gazetteer)


def _state_or_country(candidates: tuple[Entry, ...], evidence: _Evidence) -> tuple[Entry, ...]:
    """"Georgia" among US places is the state, unless the article also names places in the country."""
    state = any(e.feature == "admin1" and e.country == "US" for e in candidates)
    if not state or "US" not in evidence.countries:
        return candidates
    return tuple(e for e in candidates if e.feature != "country" or e.country in evidence.countries)


def _place(mention: Mention, entry: Entry, gazetteer: Gazetteer) -> Place:
    return place_at(mention.start, mention.end, mention.text, entry, gazetteer)


def place_at(start: int, end: int, text: str, entry: Entry, gazetteer: Gazetteer) -> Place:
    """The place the text span `start:end` names, resolved to gazetteer `entry`."""
    return Place(
        start=start, end=end, text=text, name=entry.name,
        admin1=gazetteer.admin1_name(entry.country, entry.admin1),
        country=gazetteer.country_name(entry.country) if entry.country else None, lat=entry.lat, lon=entry.lon,
        geonameid=entry.geonameid, feature=entry.feature,
    )


def _unresolved(mention: Mention) -> Place:
    return Place(mention.start, mention.end, mention.text, None, None, None, None, None)


def _place_counties(places: list[Place], mentions: list[Mention], gazetteer: Gazetteer) -> Iterator[Place]:
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
