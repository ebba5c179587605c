"""Where an event happened, chosen among the places an article names.

Many toponyms in a news article are not where anything happened. They stay
places (the geo evaluation counts them), but an event is put there only when
its sentences name nowhere else:

- the dateline, where the report was filed: "BEIRUT - Syrian government
  forces on Tuesday seized ... Aleppo" (wire copy writes it in capitals at the
  top of the story);
- seats of power standing for their government: "Congress debates ...",
  "the White House said", "the Kremlin denied" (the gazetteer also knows a
  Congress in Arizona and a White House in Maryland);
- a side, not a place: "pro-Damascus media", "Moscow-based" (`attributive_place`);
- where people came from: "evacuees from Foua" (`came_from`);
- who speaks or is spoken to: "Russia says 62 Syrian troops killed ...",
  "Iran's foreign minister said", "had told Tehran" (`speaker_or_addressee`).

Within what is left, the country named most wins, and in it the first place
below country level: a lead names where it happened.
"""

from __future__ import annotations

import re

from collections import Counter
from collections.abc import Collection, Sequence
from typing import Any

from crosswire.understand.cues import CLAIM_LEXICON
from crosswire.understand.demonyms import demonym_countries
from crosswire.understand.doc_text import doc_text
from crosswire.understand.gazetteer import load_gazetteer
from crosswire.understand.places import attributive_place
from crosswire.understand.records import EventFrame, Place

_PLACE_RANK = {"city": 0, "admin2": 1, "admin1": 2, "other": 3, "country": 4}

# Capitals in the first characters of a text are its dateline ("BEIRUT", "MOSCOW, April 16 (Sputnik) -").
_DATELINE_REACH = 200
_DATELINE_MIN_LETTERS = 4  # "US", "UK", "UAE" are names written in capitals anywhere
# Anywhere in a text, capitals before a credit or a dash open a relayed story: "MOSCOW (Sputnik) -".
_DATELINE_AFTER = re.compile(r"(?:,\s*[A-Z][\w.]*)?\s*(?:\(|[-\u2013\u2014:])")

# Buildings and bodies named for the government they house.
_SEATS_OF_POWER = frozenset(
    name.casefold()
    for name in (
        "White House", "Congress", "Capitol Hill", "Pentagon", "Kremlin", "Downing Street", "Whitehall",
        "Elysee", "Élysée", "Elysee Palace", "Élysée Palace", "Quai d'Orsay", "Knesset", "Foggy Bottom",
    )
)


def filed_from(text: str, place: Place) -> bool:
    """Whether `place` is a dateline: a name in capitals at the top of the text, opening a line,
    or before a credit or a dash ("MOSCOW (Sputnik) -")."""
    letters = [c for c in place.text if c.isalpha()]
    if len(letters) < _DATELINE_MIN_LETTERS or not all(c.isupper() for c in letters):
        return False
    at_top = place.start < _DATELINE_REACH or text[place.start - 1] == "\n"
    return at_top or bool(_DATELINE_AFTER.match(text, place.end))


def _countries_named(doc: Any, places: Sequence[Place]) -> Counter[str]:
    """How often the article names each country: its places and its demonyms ("Syrian rebels")."""
    named = Counter(p.country for p in places if p.country)
    gazetteer = load_gazetteer()  # places carry country names, demonyms ISO codes
    named.update({gazetteer.country_name(iso): count for iso, count in demonym_countries(doc).items()})
    return named


def speaker_or_addressee(doc: Any, place: Place) -> bool:
    """Whether `place` names who speaks ("Russia says", "Iran's foreign minister said") or is
    told ("had told Tehran"): the subject of a reporting verb, or its indirect object, or a
    name inside that noun phrase."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    for _ in range(_PHRASE_HEADS):
        if token.dep_ not in _INSIDE_PHRASE or token.head.i == token.i:
            break
        token = token.head
    verb = token.head.lemma_.lower()
    if token.dep_ == "nsubj" and token.head.pos_ == "VERB":
        return verb in _REPORTING
    return token.dep_ in ("dative", "dobj") and verb in _TELLING


# A name inside a noun phrase: "Russia's (poss) defence (compound) ministry".
_INSIDE_PHRASE = frozenset({"poss", "compound", "amod", "nmod", "case"})
_PHRASE_HEADS = 3
_REPORTING = CLAIM_LEXICON.clause | CLAIM_LEXICON.object
_TELLING = frozenset({"tell", "inform", "assure", "warn", "notify", "brief"})


def seat_of_power(place: Place) -> bool:
    """"Congress", "the White House", "the Kremlin": the government, not a place where things happen."""
    return place.text.casefold() in _SEATS_OF_POWER


def best_place(text: str, places: Sequence[Place], *, came_from: Collection[int] = ()) -> Place | None:
    """Where the event told by sentences naming `places` happened (see the module docstring).

    `came_from` holds the starts of places named as where people came from:
    they count only when no other place is named."""
    if not places:
        return None
    scene = [p for p in places if not filed_from(text, p) and not seat_of_power(p)] or list(places)
    country = Counter(p.country for p in scene).most_common(1)[0][0]
    in_country = [p for p in scene if p.country == country]
    local = [p for p in in_country if p.feature not in ("country", "other", None)]
    if local:
        return min(local, key=lambda p: (p.start in came_from, p.start))
    counts = Counter((p.name, p.admin1) for p in in_country)
    return min(in_country, key=lambda p: (_PLACE_RANK.get(p.feature or "other", 3), -counts[(p.name, p.admin1)], p.start))


def article_place(text: str, places: Sequence[Place]) -> Place | None:
    """The article's own place below country level, for a main frame whose sentences name none."""
    return best_place(text, [p for p in places if p.feature not in ("country", None)])


def lead_place(doc: Any, frames: Sequence[EventFrame], places: Sequence[Place]) -> Place | None:
    """Where the article's main event happened: its frame's place when that is
    below country level; else the first place below country level that the
    article names in the frame's country (any country when the frame has
    none), then in the country the article names most (places and demonyms:
    a frame left in "Turkey" by "a border crossing with Turkey" when the
    blast was in Idlib); else the frame's place. Datelines, seats of power,
    speakers and adjectives ("pro-Damascus media") are left out.

    Frames placed only in a country or not at all are about a tenth of
    FA-KES's development articles. Preferring the most-named country over
    the frame's (not only after it) was tried and was worse (0.883 against
    0.885 governorate accuracy): articles about a war's diplomacy name
    Turkey or the United States more often than the Syrian town attacked."""
    main = next((frame for frame in frames if frame.main), None)
    framed = main.place if main is not None else None
    if framed is not None and framed.admin1 is not None:
        return framed
    text = doc_text(doc)
    finer = [
        p for p in places
        if p.admin1 is not None and not attributive_place(text, p) and not filed_from(text, p) and not seat_of_power(p)
        and not speaker_or_addressee(doc, p)
    ]
    country = framed.country if framed is not None else None
    named_most = _countries_named(doc, places).most_common(1)
    for wanted in (country, named_most[0][0] if named_most else None):
        found = next((p for p in finer if wanted in (None, p.country)), None)
        if found is not None:
            return found
    return framed
