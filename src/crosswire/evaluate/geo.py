"""Score toponym recognition and resolution on the LGL corpus.

LGL (Lieberman, Samet, Sankaranarayanan, ICDE 2010; as distributed by Gritta
et al., GPL-3.0) is 588 US local news articles with every place name marked
by character span and, mostly, linked to GeoNames coordinates.

- `tag_f1`: exact span matches (start and end both equal, the standard in
  Gritta et al.), precision and recall over all gold toponyms. LGL marks
  demonyms ("Russian") and places inside names ("Ohio" in "Ohio State
  University") as toponyms, so the scored run uses `demonyms=True`;
  `tag_f1_without_demonyms` is the same run with crosswire's default.
- `acc161`: among gold toponyms with coordinates that we recognised (exact
  span) and resolved, the share within 161 km (100 miles, haversine) of gold.
- `n`: the number of gold toponyms.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from crosswire.errors import InputError
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.places import extract_places
from crosswire.understand.records import Place

EARTH_RADIUS_KM = 6371.0088
ACCURACY_KM = 161.0
BATCH_SIZE = 32


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class GeoArticle:
    text: str
    toponyms: tuple[GoldToponym, ...]


def load_lgl(xml_path: Path) -> list[GeoArticle]:
    """Articles and gold toponyms from lgl.xml (stdlib parser: no entities are fetched)."""
    try:
        root = ET.parse(xml_path).getroot()
    except (ET.ParseError, OSError) as error:
        raise InputError(f"cannot read the LGL file {xml_path}: {error}") from error
    return [_article(node) for node in root.iter("article")]


def _article(node: ET.Element) -> GeoArticle:
    toponyms = []
    for item in node.iter("toponym"):
        gaz = item.find("gaztag")
        lat = gaz.findtext("lat") if gaz is not None else None
        lon = gaz.findtext("lon") if gaz is not None else None
        toponyms.append(GoldToponym(
            start=int(item.findtext("start") or 0), end=int(item.findtext("end") or 0),
            phrase=item.findtext("phrase") or "",
            lat=float(lat) if lat else None, lon=float(lon) if lon else None,
        ))
    return GeoArticle(text=node.findtext("text") or "", toponyms=tuple(toponyms))


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


@dataclass(slots=True)
class _Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    resolved: int = 0
    within: int = 0

    def f1(self) -> float:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def tally(gold: Iterable[GoldToponym], found: Iterable[Place], into: _Tally) -> None:
    """Add one article's exact-span matches and distances to `into`."""
    by_span = {(p.start, p.end): p for p in found}
    gold_spans = set()
    for toponym in gold:
        gold_spans.add((toponym.start, toponym.end))
        place = by_span.get((toponym.start, toponym.end))
        if place is None:
            into.fn += 1
            continue
        into.tp += 1
        if toponym.lat is not None and toponym.lon is not None and place.lat is not None and place.lon is not None:
            into.resolved += 1
            if haversine_km((toponym.lat, toponym.lon), (place.lat, place.lon)) <= ACCURACY_KM:
                into.within += 1
    into.fp += sum(1 for span in by_span if span not in gold_spans)


def score_articles(articles: list[GeoArticle], docs: Iterable[Any]) -> dict[str, float | int]:
    """Scores for `articles` given their spaCy Docs (in the same order)."""
    scored, plain = _Tally(), _Tally()
    for article, doc in zip(articles, docs):
        tally(article.toponyms, extract_places(doc, demonyms=True), scored)
        tally(article.toponyms, extract_places(doc), plain)
    precision = scored.tp / (scored.tp + scored.fp) if scored.tp + scored.fp else 0.0
    recall = scored.tp / (scored.tp + scored.fn) if scored.tp + scored.fn else 0.0
    return {
        "n": sum(len(a.toponyms) for a in articles),
        "tag_f1": round(scored.f1(), 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "acc161": round(scored.within / scored.resolved, 4) if scored.resolved else 0.0,
        "resolved": scored.resolved,
        "tag_f1_without_demonyms": round(plain.f1(), 4),
    }


def score_geo(xml_path: Path) -> dict[str, float | int]:
    """Tag F1 and accuracy@161km of crosswire's places on an LGL-format XML file."""
    articles = load_lgl(xml_path)
    nlp = load_pipeline()
    docs = nlp.pipe((a.text for a in articles), batch_size=BATCH_SIZE)
    return score_articles(articles, docs)
