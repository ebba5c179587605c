"""Where an event happened: places named that are not its scene (`understand/event_places`).

The texts are openings of FA-KES development articles (Abu Salem et al.,
ICWSM 2019, CC BY 4.0; see tests/data/figures/ATTRIBUTION.md), cut after a few
sentences, punctuation as FA-KES leaves it. Each was placed wrongly before the
rule it pins: Beirut, Russia, Moscow, Congress (Arizona) or Khan Sheikhun.
"""

from __future__ import annotations

from datetime import date

from crosswire.understand.article import analyse_doc
from crosswire.understand.gazetteer import load_gazetteer
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.places import governorate_of
from crosswire.understand.records import Place


def _lead(text: str, published: date) -> Place | None:
    analysis = analyse_doc(load_pipeline()(text), published=published)
    assert analysis.lead is not None
    return analysis.lead.place


def test_a_dateline_in_capitals_is_where_the_report_was_filed() -> None:
    place = _lead(
        "Last updated at Jul 262016 BEIRUT Syrian government forces on Tuesday seized a rebel-held neighbourhood "
        "in the northwest edge of Aleppo tightening their siege of opposition-controlled parts of the city a "
        "monitor said. The government also carried out renewed barrel bomb attacks on opposition-held districts "
        "a day after bombardments killed at least 24 people the Syrian Observatory for Human Rights said.",
        date(2016, 7, 26),
    )
    assert place is not None and place.name == "Aleppo"


def test_a_relayed_dateline_with_its_credit_is_no_scene() -> None:
    place = _lead(
        "Kurdish-led Syrian Democratic Forces (SDF) killed 35 Daesh (outlawed in Russia) militants near in "
        "northern Syria in last 24 hours media reported Sunday. MOSCOW (Sputnik) According to the Kurdish Firat "
        "News Agency 10 IS militants were killed during fights in the Syrian norther town of Al Tabqah on "
        "Saturday night. Total of 24 IS terrorists were eliminated near the Syrian city of Raqqa.",
        date(2017, 4, 16),
    )
    assert place is not None and governorate_of(place) == "raqqa"


def test_the_country_that_speaks_is_not_where_the_strike_hit() -> None:
    place = _lead(
        "Russia says 62 Syrian troops killed in US-led strikes AFP Sunday 18 Sep 2016 More than 60 Syrian "
        "government soldiers were killed and dozens of others injured Saturday in US-led coalition air strikes "
        "on an air base in the east of the war-torn country the Russian army said. \"Warplanes from the "
        "international anti-jihadist coalition carried out four air strikes today against Syrian forces "
        "surrounded by the Islamic State group in the Deir Ezzor air base\" the army said in a statement.",
        date(2016, 9, 18),
    )
    assert place is not None and governorate_of(place) == "deir ezzor"


def test_congress_is_the_legislature_not_a_town_in_arizona() -> None:
    place = _lead(
        "September 9 2013 Factbox: Congress debates Obamas plan for Syria strikes. President Barack Obamas "
        "request for congressional authorization for military strikes against Syria is set to dominate the "
        "Congress this week and next with the outcome in doubt. Obama is seeking backing for the strikes in "
        "response to an alleged chemical weapons attack near Damascus on August 21. Washington blames the Syrian "
        "government for the attack which it says kills more than 1400 people. Here are the important steps in "
        "Congress: - On Monday Senate Majority Leader Harry Reid began moving to limit debate.",
        date(2013, 9, 9),
    )
    assert place is not None and place.country != "United States"
    assert place.name == "Damascus"


def test_the_syrian_capital_is_damascus() -> None:
    text = (
        "At least 19 people were killed near the Syrian capital on Tuesday including six children just hours "
        "after a suspected chemical gas attack left dozens dead in the Khan Sheikhun."
    )
    analysis = analyse_doc(load_pipeline()(text), published=date(2017, 4, 4))
    capital = next(p for p in analysis.places if p.text == "the Syrian capital")
    assert (capital.name, capital.country) == ("Damascus", "Syria")
    assert analysis.lead is not None and analysis.lead.place == capital
    # "the Iraqi capital of Baghdad" names the city itself: no second place for the description.
    named = analyse_doc(load_pipeline()("A car bomb killed 12 people in the Iraqi capital of Baghdad."), published=None)
    assert [p.name for p in named.places if p.name == "Baghdad"] == ["Baghdad"]


def test_tell_tel_and_tal_are_spellings_of_the_arabic_tall() -> None:
    gazetteer = load_gazetteer()
    assert [e.admin1 for e in gazetteer.lookup("Tel Hamis")] == [e.admin1 for e in gazetteer.lookup("Tall Hamis")] == ["01"]
    assert gazetteer.lookup("Tel Aviv")[0].country == "IL"  # a name of its own, not a spelling of "Tall Aviv"


def test_a_frame_left_in_a_country_falls_back_on_the_country_named_most_demonyms_included() -> None:
    # "Turkey" is named three times, Syria twice by name and twice as "Syrian": the blast was in Idlib.
    place = _lead(
        "Blast at Syria-Turkey border kills 20 rebels Monitor AFP Thursday 6 Oct 2016 At least 20 Syrian rebels "
        "were killed in a blast at a border crossing with Turkey on Thursday the Syrian Observatory for Human "
        "Rights said. The Britain-based monitoring group said it was unclear what caused the blast at the Atme "
        "crossing between Turkey and the northern Syrian province of Idlib adding that around 20 people had also "
        "been wounded.",
        date(2016, 10, 6),
    )
    assert place is not None and governorate_of(place) == "idlib"
