"""Rules that decide which words are place names (scanning, entity checks).

`places` takes spaCy's GPE/LOC/FAC entities and these rules: whether an
entity the gazetteer does not know is still a place ("Osney Island", "in
Tortola", "Highway 19"), and a scan for known place names that spaCy left
untagged or wrote inside other entities ("Khan Sheikhoun" tagged PERSON,
"Ohio" in "Ohio State University"). A gazetteer-only match needs a cue,
because most words are also some village somewhere: see `_plausible`.
The small model tags some cities NORP or LANGUAGE ("Aleppo"), so only the
demonyms among those are kept from the scan; a name after a possessive
country whose apostrophe was stripped ("Syrias Hama") counts as placed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from crosswire.understand.demonyms import demonym_country
from crosswire.understand.doc_text import doc_text
from crosswire.understand.gazetteer import Entry, Gazetteer, normalise, us_county

ENTITY_LABELS = frozenset({"GPE", "LOC", "FAC"})
_MISTAGGED = frozenset({"NORP", "LANGUAGE"})
# Entities whose words may hold a place name ("Ohio" in "Ohio State University").
_HOST_LABELS = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"})
LEADING = re.compile(
    r"^(?:the|(?:north|south|east|west|central)(?:ern)?|(?:north|south)(?:east|west)(?:ern)?|"
    r"downtown|greater|rural|metro|oil-rich|besieged|rebel-held|\d+)\s+",
    re.IGNORECASE,
)
TRAILING = re.compile(
    r"(?:['\u2019]s?|\s+(?:province|region|governorate|countryside|area|district|city|town|suburbs|outskirts))$", re.I
)
# "pro-Damascus media", "Damascus-backed forces", "the Moscow-based group": a side or a seat, not a scene.
_ATTRIBUTIVE_BEFORE = re.compile(r"\b(?:pro|anti)-\s*$", re.I)
_ATTRIBUTIVE_AFTER = re.compile(
    r"^-(?:based|backed|led|allied|aligned|linked|affiliated|sponsored|friendly|supported|born)\b", re.I
)


def attributive(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] is part of a compound adjective ("pro-Damascus", "Damascus-based")."""
    before = _ATTRIBUTIVE_BEFORE.search(text[max(0, start - 5):start])
    return bool(before or _ATTRIBUTIVE_AFTER.match(text[end:end + 12]))
THE = re.compile(r"^the\s+", re.IGNORECASE)
COUNTY = re.compile(r"^(.+?)\s+(County|Parish|Borough)$")
MIN_POPULATION_UNPROMPTED = 100_000
MAX_SCAN_TOKENS = 4
HOST_POPULATION = 1000  # a town inside an organisation's name, in a state the article names
ARABIC_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "an", "az", "at"})
_CAPITAL_ARTICLES = frozenset({"Al", "El"})
_BEFORE = frozenset(
    "of in at the de north south east west northern southern eastern western northeast northwest southeast "
    "southwest metropolitan greater historic downtown -".split()
)
# Words before a name that make it a place whatever the gazetteer says.
# Words after a name that make it a place: "Danbury police", "a Columbia woman", "Vicksburg residents".
_RESIDENT_NOUNS = frozenset(
    "police firefighters residents resident native natives woman man women men officials voters "
    "schools mayor homeowners businesses area Police parents students families neighborhoods".split()
)
_SHORT_NAMES = frozenset({"EU", "UK"})  # two-letter names worth looking up ("the EU")
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
class Mention:
    start: int
    end: int
    text: str
    candidates: tuple[Entry, ...]
    county_states: tuple[str, ...] = ()

def unknown_place(ent: Any, mention: Mention, person_words: set[str]) -> bool:
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


def numbered(ent: Any, mention: Mention) -> Mention:
    """"County Road 35", "Highway 19": a road's number belongs to its name."""
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].like_num and _ROAD.search(mention.text):
        number = doc[ent.end]
        text = doc_text(doc)[mention.start : number.idx + len(number.text)]
        return Mention(mention.start, number.idx + len(number.text), text, mention.candidates)
    return mention


def demonym_mention(ent: Any, gazetteer: Gazetteer) -> Mention | None:
    """"Russian" as a mention of Russia (only with `demonyms=True`)."""
    country = demonym_country(ent.text)
    entry = gazetteer.countries.get(country) if country else None
    if entry is None:
        return None
    return Mention(ent.start_char, ent.end_char, ent.text, (entry,))


@dataclass(frozen=True, slots=True)
class _Scan:
    """What the scan of one Doc knows: tokens taken, blocked, inside other entities, and context."""

    covered: set[int]
    blocked: set[int]
    hosts: dict[int, Any]
    countries: Counter[str]
    admin1s: Counter[tuple[str, str]]
    name_words: list[bool]  # per token: capitalised, a hyphen, an apostrophe or "al" before a hyphen


@dataclass(frozen=True, slots=True)
class _Cue:
    """How a gazetteer-only match is placed: inside which entity, after which word."""

    host: str | None
    words: int
    acronym: bool
    primary: bool
    locative: bool
    called_a_place: bool = False  # "the town of Ras al-Ain": the text says what it is


def _plausible(entry: Entry, scan: _Scan, cue: _Cue) -> bool:
    """Whether a gazetteer-only match may count as a place (see the module docstring)."""
    in_context = bool(entry.admin1 and (entry.country, entry.admin1) in scan.admin1s)
    in_context = in_context or (entry.country in scan.countries and entry.country != "US")
    if cue.called_a_place and entry.feature != "country" and (in_context or entry.population >= MIN_POPULATION_UNPROMPTED):
        return True  # which village of that name: one in a country the article names, or a sizeable town
    if entry.feature == "country" or entry.feature == "admin1" and entry.country == "US":
        return cue.host != "PERSON" or cue.locative
    if entry.feature == "other" and not entry.country:  # our multi-country regions: "Europe", "EU"
        return cue.host != "PERSON" or cue.locative
    if entry.feature in ("admin1", "admin2", "other"):  # provinces abroad, counties, regions
        return cue.words > 1 or in_context or cue.locative
    if cue.host == "PERSON":  # "Gainesville" tagged as a person: a place only where one is expected
        return entry.population >= 1000 and (cue.locative or in_context and entry.population >= 5000)
    if cue.host is not None:  # our own table's entries (geonameid None) are all places worth naming
        if cue.locative and cue.primary and entry.population >= HOST_POPULATION:
            return True
        return in_context and (entry.population >= HOST_POPULATION or entry.geonameid is None)
    if in_context:
        return cue.words > 1 or entry.population >= 1000 or entry.country == "SY"
    if cue.locative and entry.population >= 1000 and cue.primary:
        return True
    return entry.population >= MIN_POPULATION_UNPROMPTED and not cue.acronym and cue.primary


def scanned_mentions(
    doc: Any, gazetteer: Gazetteer, *, taken: list[tuple[int, int]],
    countries: Counter[str], admin1s: Counter[tuple[str, str]],
) -> list[Mention]:
    """Known place names outside spaCy's place entities (longest match first)."""
    covered = {i for s, e in taken for i in range(s, e)}
    ents = doc.ents  # built anew on each access
    blocked = {t.i for ent in ents if ent.label_ not in _HOST_LABELS | ENTITY_LABELS for t in ent}
    # The small model tags some cities NORP or LANGUAGE ("Aleppo", "Aleppo Syrian"): only demonyms stay blocked.
    blocked -= {t.i for ent in ents if ent.label_ in _MISTAGGED for t in ent if demonym_country(t.text) is None}
    hosts = {t.i: ent for ent in ents if ent.label_ in _HOST_LABELS for t in ent}
    # A "person" is often a town the small model does not know ("Khan
    # Sheikhoun"): it may be one when the whole name is a place in context.
    persons = [ent for ent in ents if ent.label_ == "PERSON"]
    blocked -= {t.i for ent in persons for t in ent}
    named = {t.lower_ for ent in persons if len(ent) > 1 for t in ent}
    hosts.update({t.i: ent for ent in persons for t in ent if not person_cue(ent, named)})
    blocked |= {t.i for ent in persons for t in ent if t.i not in hosts}
    tokens = list(doc)
    capitalised = [_capitalised(t) for t in tokens]
    # Name words: capitals, hyphens, apostrophes and a hyphenated Arabic article ("Ras al-Ain").
    name_words = [
        up or t.text in "-'" or t.lower_ in ARABIC_ARTICLES and t.i + 1 < len(doc) and doc[t.i + 1].text == "-"
        for up, t in zip(capitalised, tokens)
    ]
    scan = _Scan(covered, blocked, hosts, countries, admin1s, name_words)
    found: list[Mention] = []
    # Only a capitalised word or an Arabic article can start a name: the rest are skipped unscanned.
    may_start = [up or t.lower_ in ARABIC_ARTICLES for up, t in zip(capitalised, tokens)]
    i = 0
    while i < len(doc):
        mention = _scan_at(doc, i, gazetteer, scan) if may_start[i] else None
        if mention is None:
            i += 1
            continue
        found.append(mention)
        covered.update(range(mention.start, mention.end))
        i = doc.char_span(mention.start, mention.end, alignment_mode="expand").end
    return found


def person_cue(ent: Any, named: set[str]) -> bool:
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


def _scan_at(doc: Any, i: int, gazetteer: Gazetteer, scan: _Scan) -> Mention | None:
    token = doc[i]
    article = token.lower_ in ARABIC_ARTICLES and i + 2 < len(doc) and doc[i + 1].text == "-"
    article = article or token.text in _CAPITAL_ARTICLES and i + 1 < len(doc) and doc[i + 1].is_title  # "Al Raqqa"
    if not (_capitalised(token) or article) or token.i in scan.blocked or token.idx in scan.covered:
        return None
    if len(token.text) < 3 and not article and token.text not in _SHORT_NAMES or token.lower_ == "the":
        return None
    dateline = _dateline(doc, i)
    host = scan.hosts.get(i)
    possessed = i > 0 and _after_possessive_country(doc, i - 1, gazetteer)  # "Syrias Aleppo"
    locative = dateline or possessed or i > 0 and doc[i - 1].lower_ in _LOCATIVE
    locative = locative or _after_possessive_country(doc, i, gazetteer)  # "Syrias Hama" as one span
    called_a_place = _called_a_place(doc, i)
    for size in _sizes(doc, i, host):
        if i + size > len(doc) or not all(scan.name_words[i + int(article) : i + size]):
            continue
        span = doc[i : i + size]
        if any(t.idx in scan.covered or t.i in scan.blocked for t in span):
            continue
        resident = i + size < len(doc) and doc[i + size].text in _RESIDENT_NOUNS  # "Danbury police"
        if size == 1 and not (dateline or resident) and (
            token.is_sent_start and token.pos_ != "PROPN" or token.is_stop
        ):
            continue
        if size == 1 and _TITLE.match(token.text):  # "Sen.", "Mrs.", "Inc."
            continue
        if host is None and not (dateline or possessed) and _inside_name(doc, i):
            continue
        name = span.text
        key = normalise(name)
        locative = locative or resident
        candidates = tuple(
            e for e in gazetteer.lookup(name)
            if _plausible(e, scan, _Cue(
                host=host.label_ if host is not None else None, words=size, acronym=_acronym(name),
                primary=normalise(e.name) == key, locative=locative, called_a_place=called_a_place,
            ))
        )
        states = us_county(name) if COUNTY.match(name) else ()
        if candidates or states:
            text = city_stem(name.rstrip("-\u2013\u2014"), gazetteer)  # "Gori-" in "Gori-Tbilisi"
            return Mention(span.start_char, span.start_char + len(text), text, candidates, states)
    return None


def _called_a_place(doc: Any, i: int) -> bool:
    """"the town of Ras al-Ain", "the village of Marea": a name the text itself calls a place."""
    return i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lemma_.lower() in _SETTLEMENT_NOUNS


_SETTLEMENT_NOUNS = frozenset(
    "town city village district neighbourhood neighborhood suburb province governorate county municipality "
    "hamlet township".split()
)


def _after_possessive_country(doc: Any, i: int, gazetteer: Gazetteer) -> bool:
    """"Syrias Hama", "Syrias Aleppo": a place named as the country's (apostrophe stripped) is a place."""
    token = doc[i]
    if i + 1 >= len(doc) or len(token.text) < 5 or not token.text.endswith("s"):
        return False
    countries = [e for e in gazetteer.lookup(token.text[:-1]) if e.feature == "country"]
    return bool(countries) and gazetteer.lookup(token.text)[:1] == tuple(countries[:1])


def city_stem(text: str, gazetteer: Gazetteer) -> str:
    """"Dublin" for "Dublin City" (Council), where both name one place; "Kansas City" stays whole."""
    if not text.endswith(" City"):
        return text
    stem = text[: -len(" City")]
    full, short = gazetteer.lookup(text), gazetteer.lookup(stem)
    return stem if full and short and full[0] == short[0] else text


def _inside_name(doc: Any, start: int) -> bool:
    """Whether a span continues a capitalised name: "Grove" in "Meadow Grove", "Man" in "Young Man".

    (A name followed by capitals is often a place in an untagged name: "Lamar County Commissioners".)
    """
    previous = doc[start - 1] if start > 0 else None
    return bool(previous is not None and previous.is_title and not doc[start].is_sent_start
                and previous.lower_ not in _BEFORE)  # "Western Pennsylvania" is fine


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


# Numbered roads: "Highway 19", "Interstate 64 West", "County Road 225", "Illinois Route 159", "I-75", "FM 645".
_NUMBERED_ROAD = re.compile(
    r"\b(?:(?:County|State|U\.S\.|US)\s+)?(?:Highway|Hwy\.|Interstate)\s+\d{1,4}[A-Z]?|\bCounty Road\s+\d{1,4}"
    r"(?:\s+(?:North|South|East|West)\b)?|\b(?:I|FM|CR|SR)[- ]\d{1,4}\b"
)
# Words after a name that make it a street: "Rivers Avenue", "Wichita Drive".
_COMPASS_BEFORE = re.compile(r"(?:North|South|East|West|N\.|S\.|E\.|W\.)\s$")
STREET = re.compile(r"\s(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Drive|Boulevard|Blvd\.|Lane|Parkway)$")
_STREET_AFTER = re.compile(
    r"\s(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Drive|Dr\.|Boulevard|Blvd\.|Lane|Parkway|Highway|Pike|Trail)(?![\w-])"
)


def road_mentions(doc: Any) -> list[Mention]:
    """Numbered roads anywhere in the text: no gazetteer has them, the pattern is enough."""
    return [Mention(m.start(), m.end(), m.group(), ()) for m in _NUMBERED_ROAD.finditer(doc_text(doc))]


_SAINT_POSSESSIVE = re.compile(r"(?:St\.?|Saint)\s\S+$")


def without_saints(text: str, mentions: list[Mention]) -> list[Mention]:
    """Drop "St. Patrick" in "St. Patrick's Day", "St. Michael's" (School): saints' days and churches."""
    return [m for m in mentions if not (_SAINT_POSSESSIVE.match(m.text) and _possessive(text, m))]


def _possessive(text: str, mention: Mention) -> bool:
    return mention.text.endswith(("'s", "\u2019s")) or text[mention.end : mention.end + 2] in ("'s", "\u2019s")


def with_streets(text: str, mentions: list[Mention]) -> list[Mention]:
    """A known name followed by "Street"/"Avenue" is that street ("Rivers Avenue"), not the town."""
    extended = []
    for mention in mentions:
        after = _STREET_AFTER.match(text, mention.end)
        if after and not mention.county_states and not any(
            e.feature in ("country", "admin1") for e in mention.candidates[:1]
        ):
            compass = _COMPASS_BEFORE.search(text, 0, mention.start)
            start = compass.start() if compass else mention.start  # "West Tyler Street"
            mention = Mention(start, after.end(), text[start:after.end()], ())
        extended.append(mention)
    return extended


def without_overlaps(first: list[Mention], rest: list[Mention]) -> list[Mention]:
    """`first` and the mentions of `rest` that overlap none of them."""
    spans = [(m.start, m.end) for m in first]
    return first + [m for m in rest if not any(m.start < e and s < m.end for s, e in spans)]
