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
"Steve Jones"). A gazetteer-only match must be a country or state, a
sizeable town under its own name (not an alternate spelling), a town after
"in/near/from", or a town in a country or state the article already names.

Resolution takes population as the prior and raises readings in the
countries and states the article names (most for its "home" state), right
before a state ("Paris, Texas", "Alexandria, La."), and near the readings of
the article's other names ("Paris" with "Henry County" and "Huntingdon" is
Paris, Tennessee). Demonyms (NORP) are dropped unless `demonyms=True`, which
maps "Russian" to Russia (the LGL corpus annotates them as toponyms).
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
    normalise,
    syria_governorates,
    us_county,
)
from crosswire.understand.records import Place

ENTITY_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entities whose words may hold a place name ("Ohio" in "Ohio State University").
_HOST_LABELS = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"})
_LEADING = re.compile(
    r"^(?:the|(?:north|south|east|west|central)(?:ern)?|(?:north|south)(?:east|west)(?:ern)?|"
    r"downtown|greater|rural|metro|oil-rich|besieged|rebel-held|\d+)\s+",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"(?:['\u2019]s?|\s+(?:province|region|governorate|countryside|area|district))$", re.I)
_COUNTY = re.compile(r"^(.+?)\s+(County|Parish|Borough)$")
_COUNTY_AFTER = re.compile(r"\s+(County|Parish|Borough)\b")
MIN_POPULATION_UNPROMPTED = 100_000
MAX_SCAN_TOKENS = 4
MAX_READINGS = 12  # readings per name used as evidence for the others
NEAR_KM = 100.0
_ARABIC_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "an", "az", "at"})
_BEFORE = frozenset({"of", "in", "at", "the"})
# Words before a name that make it a place whatever the gazetteer says.
_LOCATIVE = frozenset(
    "in at near from outside inside into toward towards around across through throughout via between".split()
)
# Last words that make an unknown name a place: streets, townships, rivers.
_PLACE_WORD = re.compile(
    r"\s(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Drive|Lane|Parkway|Highway|Trail|Pike|"
    r"Route|Interstate|Township|City|Village|Island|Islands|River|Creek|Lake|Valley|Mountains?|Forest|Heights|Hills?|"
    r"Beach|Bay|Harbou?r|Canyon|Strait|Peninsula|County|Parish|Province|Region)$"
)
_SPEECH = frozenset("said says told added recalled asked noted explained wrote administration".split())
_TITLE = re.compile(r"^[A-Z][a-z]{1,4}\.$")
_DATELINE_AFTER = frozenset({":", ",", "—", "–", "-", "--", "("})
_ROAD = re.compile(r"(?:Road|Highway|Route|Interstate)$")
_NOT_PLACE_WORD = re.compile(r"^(?:United Way|Silicon Valley)$")


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
    points = _candidate_points(mentions)
    places = [
        _resolve(m, doc.text, gazetteer, _Evidence(*_context(mentions, without=m.text), points=points))
        for m in mentions
    ]
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
    person_words = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
    for ent in doc.ents:
        if ent.label_ in ENTITY_LABELS:
            mention = _mention(ent.text, ent.start_char, gazetteer)
            if mention is not None and not mention.candidates and demonym_country(ent.text):
                mention = None if not demonyms else _demonym(ent, gazetteer)
            if mention is not None and not (mention.candidates or mention.county_states):
                mention = _numbered(ent, mention) if _unknown_place(ent, mention, person_words) else None
            if mention is not None:
                yield mention
        elif ent.label_ == "NORP" and demonyms:
            mention = _demonym(ent, gazetteer)
            if mention is not None:
                yield mention


def _unknown_place(ent: Any, mention: _Mention, person_words: set[str]) -> bool:
    """Whether an entity the gazetteer does not know is still a place.

    spaCy's GPE/LOC with no gazetteer entry is mostly a surname ("Pawlenty",
    "Saakashvili"): it counts when its last word says place ("Osney Island",
    "Green Oaks Boulevard") or a locative preposition precedes a name that is
    nobody's name elsewhere in the article ("in Tortola").
    """
    if _NOT_PLACE_WORD.match(mention.text):
        return False
    if _PLACE_WORD.search(mention.text):
        return True
    if ent.label_ == "FAC" or ent.start == 0:
        return False
    words = {w.lower() for w in mention.text.split()}
    return ent.doc[ent.start - 1].lower_ in _LOCATIVE and not words & person_words


def _numbered(ent: Any, mention: _Mention) -> _Mention:
    """"County Road 35", "Highway 19": a road's number belongs to its name."""
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].like_num and _ROAD.search(mention.text):
        number = doc[ent.end]
        text = doc.text[mention.start : number.idx + len(number.text)]
        return _Mention(mention.start, number.idx + len(number.text), text, mention.candidates)
    return mention


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
class _Scan:
    """What the scan of one Doc knows: tokens taken, blocked, inside other entities, and context."""

    covered: set[int]
    blocked: set[int]
    hosts: dict[int, Any]
    countries: Counter[str]
    admin1s: Counter[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class _Cue:
    """How a gazetteer-only match is placed: inside which entity, after which word."""

    host: str | None
    words: int
    acronym: bool
    primary: bool
    locative: bool


def _plausible(entry: Entry, scan: _Scan, cue: _Cue) -> bool:
    """Whether a gazetteer-only match may count as a place (see the module docstring)."""
    in_context = bool(entry.admin1 and (entry.country, entry.admin1) in scan.admin1s)
    in_context = in_context or (entry.country in scan.countries and entry.country != "US")
    if entry.feature == "country" or entry.feature == "admin1" and entry.country == "US":
        return cue.host != "PERSON" or cue.locative
    if entry.feature in ("admin1", "admin2", "other"):  # provinces abroad, counties, regions
        return cue.words > 1 or in_context or cue.locative
    if cue.host == "PERSON":  # "Gainesville" tagged as a person: a place only where one is expected
        return entry.population >= 1000 and (cue.locative or in_context and entry.population >= 5000)
    if cue.host is not None:  # our own table's entries (geonameid None) are all places worth naming
        return in_context and (entry.population >= 5000 or entry.geonameid is None)
    if in_context:
        return cue.words > 1 or entry.population >= 1000 or entry.country == "SY"
    if cue.locative and entry.population >= 1000 and cue.primary:
        return True
    return entry.population >= MIN_POPULATION_UNPROMPTED and not cue.acronym and cue.primary


def _scanned_mentions(
    doc: Any, gazetteer: Gazetteer, *, taken: list[tuple[int, int]],
    countries: Counter[str], admin1s: Counter[tuple[str, str]],
) -> list[_Mention]:
    """Known place names outside spaCy's place entities (longest match first)."""
    covered = {i for s, e in taken for i in range(s, e)}
    blocked = {t.i for ent in doc.ents if ent.label_ not in _HOST_LABELS | ENTITY_LABELS for t in ent}
    hosts = {t.i: ent for ent in doc.ents if ent.label_ in _HOST_LABELS for t in ent}
    # A "person" is often a town the small model does not know ("Khan
    # Sheikhoun"): it may be one when the whole name is a place in context.
    persons = [ent for ent in doc.ents if ent.label_ == "PERSON"]
    blocked -= {t.i for ent in persons for t in ent}
    named = {t.lower_ for ent in persons if len(ent) > 1 for t in ent}
    hosts.update({t.i: ent for ent in persons for t in ent if not _person_cue(ent, named)})
    blocked |= {t.i for ent in persons for t in ent if t.i not in hosts}
    scan = _Scan(covered, blocked, hosts, countries, admin1s)
    found: list[_Mention] = []
    i = 0
    while i < len(doc):
        mention = _scan_at(doc, i, gazetteer, scan)
        if mention is None:
            i += 1
            continue
        found.append(mention)
        covered.update(range(mention.start, mention.end))
        i = doc.char_span(mention.start, mention.end, alignment_mode="expand").end
    return found


def _person_cue(ent: Any, named: set[str]) -> bool:
    """Signs that a one-word PERSON is a person: a longer name elsewhere ("Steve Jones"), "X said"."""
    doc = ent.doc
    if len(ent) > 1:
        return False
    if ent[0].lower_ in named or ent.end < len(doc) and doc[ent.end].lower_ in _SPEECH:
        return True
    return ent.start >= 2 and doc[ent.start - 2].lower_ == "according" or doc[ent.start - 1].lower_ in _SPEECH


def _sizes(doc: Any, i: int, host: Any) -> range:
    """Span lengths to try at token `i`: a person's whole name, or up to MAX_SCAN_TOKENS."""
    if host is None:
        return range(MAX_SCAN_TOKENS, 0, -1)
    if host.label_ == "PERSON":  # "Virginia" in "Virginia Alexander" is not a place, "Rapides Parish" is
        return range(host.end - i, 1 if len(host) > 1 else 0, -1) if i == host.start else range(0)
    if i == host.start or doc[i - 1].lower_ in _BEFORE:  # "Ohio State University", "Bank of America"
        return range(MAX_SCAN_TOKENS, 0, -1)
    return range(0)


def _scan_at(doc: Any, i: int, gazetteer: Gazetteer, scan: _Scan) -> _Mention | None:
    token = doc[i]
    article = token.lower_ in _ARABIC_ARTICLES and i + 2 < len(doc) and doc[i + 1].text == "-"
    dateline = _dateline(doc, i)
    if not (_capitalised(token) or article) or token.i in scan.blocked or token.idx in scan.covered:
        return None
    if len(token.text) < 3 and not article:
        return None
    host = scan.hosts.get(i)
    locative = dateline or i > 0 and doc[i - 1].lower_ in _LOCATIVE
    for size in _sizes(doc, i, host):
        span = doc[i : i + size]
        if len(span) < size or not all(_capitalised(t) or t.text in "-'" for t in span[int(article):]):
            continue
        if any(t.idx in scan.covered or t.i in scan.blocked for t in span):
            continue
        if size == 1 and not dateline and (token.is_sent_start and token.pos_ != "PROPN" or token.is_stop):
            continue
        if size == 1 and _TITLE.match(token.text):  # "Sen.", "Mrs.", "Inc."
            continue
        key = normalise(span.text)
        candidates = tuple(
            e for e in gazetteer.lookup(span.text)
            if _plausible(e, scan, _Cue(
                host=host.label_ if host is not None else None, words=size, acronym=_acronym(span.text),
                primary=normalise(e.name) == key, locative=locative,
            ))
        )
        states = us_county(span.text) if _COUNTY.match(span.text) else ()
        if candidates or states:
            return _Mention(span.start_char, span.end_char, span.text, candidates, states)
    return None


def _dateline(doc: Any, i: int) -> bool:
    """"BEIRUT:", "GAINESVILLE, Fla. -", "WASHINGTON (AP) -": capitals opening a sentence."""
    if not doc[i].is_upper or not (i == 0 or doc[i].is_sent_start or doc[i - 1].is_space):
        return False
    end = i
    while end < len(doc) and end - i < MAX_SCAN_TOKENS and doc[end].is_upper:
        end += 1
    return end < len(doc) and doc[end].text in _DATELINE_AFTER


def _acronym(text: str) -> bool:
    """"SANA", "KBR": short all-capital words are more often names than towns."""
    return text.isupper() and len(text) <= 5


def _capitalised(token: Any) -> bool:
    text: str = token.text
    return text[:1].isupper() and (token.pos_ == "PROPN" or text.isupper() or token.ent_type_ != "")


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


def _near(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Within NEAR_KM (equirectangular: exact enough at this scale, and cheap)."""
    x = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    y = math.radians(b[0] - a[0])
    return 6371.0 * math.hypot(x, y) <= NEAR_KM


def _candidate_points(mentions: list[_Mention]) -> dict[str, list[tuple[float, float]]]:
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
    if entry.country in evidence.countries and entry.feature != "country":
        score += 3.0
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


def _resolve(mention: _Mention, text: str, gazetteer: Gazetteer, evidence: _Evidence) -> Place:
    hint = _state_after(text, mention.end, gazetteer)
    if mention.county_states and not mention.candidates:
        return _unresolved(mention)
    if not mention.candidates:
        return _unresolved(mention)
    best = max(mention.candidates[:MAX_READINGS * 4], key=lambda e: _score(e, mention.text, evidence, hint))
    return _place(mention, best, gazetteer)


def _place(mention: _Mention, entry: Entry, gazetteer: Gazetteer) -> Place:
    return Place(
        start=mention.start, end=mention.end, text=mention.text, name=entry.name,
        admin1=gazetteer.admin1_name(entry.country, entry.admin1),
        country=gazetteer.country_name(entry.country) if entry.country else None, lat=entry.lat, lon=entry.lon,
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
