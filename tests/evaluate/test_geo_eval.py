from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.errors import InputError
from crosswire.evaluate.geo import haversine_km, load_lgl, score_geo
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.places import extract_places
from tests.paths import shared_data

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "places" / "lgl_sample.xml"


def test_fixture_offsets_match_phrases() -> None:
    articles = load_lgl(FIXTURE)
    assert len(articles) == 4
    first = articles[0]
    assert [t.phrase for t in first.toponyms] == ["Alexandria", "Alexandria", "Rapides Parish"]
    for article in articles:
        for toponym in article.toponyms:
            assert article.text[toponym.start : toponym.end] == toponym.phrase


def test_haversine_known_distance() -> None:
    # Damascus to Aleppo is about 310 km as the crow flies.
    assert 300 < haversine_km((33.51, 36.29), (36.20, 37.16)) < 320


def test_score_geo_on_fixture() -> None:
    scores = score_geo(FIXTURE)
    assert scores["n"] == 30
    assert scores["precision"] >= 0.8
    assert 0.4 <= scores["tag_f1"] <= 1.0
    assert 0.0 <= scores["acc161"] <= 1.0 and scores["resolved"] >= 8


def test_parish_resolves_to_its_state() -> None:
    article = load_lgl(FIXTURE)[0]
    places = extract_places(load_pipeline()(article.text))
    parish = next(p for p in places if p.text == "Rapides Parish")
    assert parish.admin1 == "Louisiana" and parish.feature == "admin2"
    assert parish.lat is not None and parish.lon is not None
    assert haversine_km((31.1669, -92.4835), (parish.lat, parish.lon)) < 161


def test_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<articles><article>", encoding="utf-8")
    with pytest.raises(InputError):
        load_lgl(broken)


def test_full_lgl_parses() -> None:
    articles = load_lgl(shared_data("geo") / "lgl.xml")
    assert len(articles) == 588
    assert sum(len(a.toponyms) for a in articles) == 5088
