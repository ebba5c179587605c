from __future__ import annotations

from typing import Any

import pytest

from crosswire.ingest.plaintext import clean_plain_text
from crosswire.records import CleanArticle, SourceItem
from crosswire.understand.gazetteer import load_gazetteer, normalise
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.places import extract_places, governorate_of
from crosswire.understand.records import Place
from tests.paths import SEED_000, SEED_004


def _seed_doc(path: Any) -> Any:
    item = SourceItem(origin=str(path), item="", body=path.read_text(encoding="utf-8"), body_format="text")
    article = clean_plain_text(item)
    assert isinstance(article, CleanArticle)
    return load_pipeline()(article.text)


def _places(text: str) -> dict[str, Place]:
    return {place.text: place for place in extract_places(load_pipeline()(text))}


@pytest.fixture(scope="module")
def seed_places() -> list[Place]:
    return [*extract_places(_seed_doc(SEED_000)), *extract_places(_seed_doc(SEED_004))]


def test_normalise_folds_case_diacritics_and_punctuation() -> None:
    assert normalise("Dayr az-Zawr") == "dayr az zawr"
    assert normalise("Dar‘ā") == "dara"
    assert normalise("U.S.") == "us"
    assert normalise("Saint Petersburg") == normalise("St. Petersburg")


@pytest.mark.parametrize(
    ("name", "admin1"),
    [
        ("Deir Ezzor", "Deir ez-Zor"), ("Deir ez-Zor", "Deir ez-Zor"), ("Dayr az Zawr", "Deir ez-Zor"),
        ("Deir al-Zour", "Deir ez-Zor"), ("Hasakeh", "Al-Hasakah"), ("Al-Hasakah", "Al-Hasakah"),
        ("Raqqa", "Raqqa"), ("Idleb", "Idlib"), ("Deraa", "Daraa"), ("Sweida", "As-Suwayda"),
        ("Damascus countryside", "Rif Dimashq"), ("Eastern Ghouta", "Rif Dimashq"),
    ],
)
def test_syrian_name_variants_reach_their_governorate(name: str, admin1: str) -> None:
    gazetteer = load_gazetteer()
    best = gazetteer.lookup(name)[0]
    assert best.country == "SY"
    assert gazetteer.admin1_name("SY", best.admin1) == admin1


def test_deir_ezzor_resolves_to_the_governorate_point() -> None:
    best = load_gazetteer().lookup("Deir Ezzor")[0]
    assert best.feature == "admin1"
    assert best.lat is not None and best.lon is not None
    assert abs(best.lat - 35.3) < 0.2 and abs(best.lon - 40.1) < 0.2


def test_seed_deir_ezzor_region_and_province_are_the_governorate(seed_places: list[Place]) -> None:
    deir = [p for p in seed_places if p.text == "Deir Ezzor"]
    assert len(deir) >= 3
    assert all(p.feature == "admin1" and p.admin1 == "Deir ez-Zor" and p.country == "Syria" for p in deir)
    assert {governorate_of(p) for p in deir} == {"deir ezzor"}


def test_seed_countries_and_cities(seed_places: list[Place]) -> None:
    by_text = {p.text: p for p in seed_places}
    assert by_text["Syria"].feature == "country" and by_text["Syria"].country == "Syria"
    assert by_text["Moscow"].country == "Russia" and by_text["Moscow"].feature == "city"
    assert by_text["St Petersburg"].country == "Russia"
    assert by_text["Ukraine"].country == "Ukraine"
    assert by_text["Damascus"].feature == "city" and by_text["Damascus"].country == "Syria"
    assert by_text["U.S."].country == "United States"


def test_seed_demonyms_are_not_places(seed_places: list[Place]) -> None:
    texts = {p.text for p in seed_places}
    assert not texts & {"Russian", "Russians", "Ukrainian", "Syrian", "Kurds"}


def test_syrian_towns_resolve_in_context() -> None:
    places = _places(
        "Air strikes hit Khan Sheikhoun in Syria on Tuesday. Buses left the besieged towns of "
        "al-Foua and Kefraya while residents of Madaya and Douma waited for aid."
    )
    assert governorate_of(places["Khan Sheikhoun"]) == "idlib"
    assert places["Khan Sheikhoun"].admin1 == "Idlib"
    for town in ("al-Foua", "Kefraya"):
        assert town in places, town
        assert places[town].admin1 == "Idlib", town
    for town in ("Madaya", "Douma"):
        assert places[town].country == "Syria" and places[town].admin1 == "Rif Dimashq", town
        assert governorate_of(places[town]) == "damascus"


def test_state_after_a_town_disambiguates() -> None:
    places = _places("The fire chief of Paris, Texas, said the blaze started in a barn.")
    assert places["Paris"].admin1 == "Texas"
    assert places["Paris"].country == "United States"


def test_unrelated_places_have_no_governorate() -> None:
    place = Place(0, 6, "Moscow", "Moscow", "Moscow", "Russia", 55.75, 37.62, None, "city")
    assert governorate_of(place) is None
