from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crosswire.evaluate.fakes_deaths import baseline_death_toll, score_fakes_deaths
from crosswire.ingest.plaintext import clean_plain_text
from crosswire.records import CleanArticle, SourceItem
from crosswire.understand.figures import extract_figures, main_death_toll
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.records import Figure
from tests.paths import SEED_000, SEED_004, shared_data

FAKES_SAMPLE = Path(__file__).resolve().parents[1] / "data" / "figures" / "fakes-sample.csv"


def _clean(path: Path) -> str:
    article = clean_plain_text(SourceItem(str(path), "", path.read_text(encoding="utf-8"), "text"))
    assert isinstance(article, CleanArticle)
    return article.text


@pytest.fixture(scope="module")
def seed_000() -> tuple[Any, tuple[Figure, ...]]:
    doc = load_pipeline()(_clean(SEED_000))
    return doc, extract_figures(doc)


@pytest.fixture(scope="module")
def seed_004() -> tuple[Any, tuple[Figure, ...]]:
    doc = load_pipeline()(_clean(SEED_004))
    return doc, extract_figures(doc)


def _figures(text: str) -> list[tuple[str, str, int, int | None, str | None]]:
    doc = load_pipeline()(text)
    return [(f.text, f.category, f.low, f.high, f.group) for f in extract_figures(doc)]


def _one(figures: tuple[Figure, ...], text: str) -> Figure:
    matching = [f for f in figures if f.text == text]
    assert len(matching) == 1, figures
    return matching[0]


def test_seed_000_contract_soldiers_died(seed_000: tuple[Any, tuple[Figure, ...]]) -> None:
    figure = _one(seed_000[1], "More than 200")
    assert (figure.category, figure.low, figure.high) == ("killed", 201, None)
    assert figure.group is not None and "contract soldiers" in figure.group


def test_seed_000_us_official_toll_and_injured(seed_000: tuple[Any, tuple[Figure, ...]]) -> None:
    killed = _one(seed_000[1], "about 100")
    assert killed.category == "killed" and killed.low <= 100 <= (killed.high or 0)
    injured = _one(seed_000[1], "200 to 300")
    assert (injured.category, injured.low, injured.high) == ("injured", 200, 300)


def test_seed_000_syrian_fighters_injured_and_scores_killed(seed_000: tuple[Any, tuple[Figure, ...]]) -> None:
    fighters = _one(seed_000[1], "25")
    assert (fighters.category, fighters.low, fighters.high) == ("injured", 25, 25)
    assert fighters.group == "\u201cSyrian\u201d fighters"
    scores = _one(seed_000[1], "scores")
    assert (scores.category, scores.low, scores.high, scores.group) == ("killed", 40, 199, "Russian mercenaries")


def test_seed_000_no_distances_dates_or_sources(seed_000: tuple[Any, tuple[Figure, ...]]) -> None:
    doc, figures = seed_000
    texts = {f.text for f in figures}
    assert texts == {"scores", "More than 200", "about 100", "200 to 300", "25"}
    for phrase in ("8 kilometers", "5 miles", "Cold War", "Feb. 7"):
        start = doc.text.index(phrase)
        assert not any(f.start < start + len(phrase) and start < f.end for f in figures), phrase


def test_seed_004_hundreds_killed_and_several_dozen_casualties(seed_004: tuple[Any, tuple[Figure, ...]]) -> None:
    figures = seed_004[1]
    killed = [f for f in figures if f.group == "pro-regime fighters"]
    assert [(f.category, f.low, f.high) for f in killed] == [("killed", 200, 999)]
    dozens = _one(figures, "several dozen")
    assert (dozens.category, dozens.low, dozens.high) == ("casualties", 36, 99)


def test_seed_004_unconfirmed_report_is_hedged(seed_004: tuple[Any, tuple[Figure, ...]]) -> None:
    figure = _one(seed_004[1], "more than 100")
    assert (figure.category, figure.low, figure.high, figure.hedged) == ("killed", 101, None, True)
    assert not any(f.hedged for f in seed_004[1] if f is not figure)


def test_seed_004_no_trolls_photos_or_dates(seed_004: tuple[Any, tuple[Figure, ...]]) -> None:
    doc, figures = seed_004
    for phrase in ("13 Russian trolls", "A November 2011 photo", "February 16", "Feb. 7"):
        start = doc.text.index(phrase)
        assert not any(f.start < start + len(phrase) and start < f.end for f in figures), phrase


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Twelve people were killed and 30 wounded in the blast.",
         [("Twelve", "killed", 12, 12, "people"), ("30", "injured", 30, 30, None)]),
        ("The air strike hit the market, killing 25 and wounding 40.",
         [("25", "killed", 25, 25, None), ("40", "injured", 40, 40, None)]),
        ("The death toll rose to 45 on Sunday.", [("45", "killed", 45, 45, None)]),
        ("At least 16 people, including six children, were killed.",
         [("At least 16", "killed", 16, None, "people"), ("six", "killed", 6, 6, "children")]),
        ("Rescuers recovered the bodies of 12 people.", [("12", "killed", 12, 12, "people")]),
        ("Five civilians lost their lives.", [("Five", "killed", 5, 5, "civilians")]),
        ("Aleppo bomb blast kills six.", [("six", "killed", 6, 6, None)]),
        ("58 Killed in Suspected Gas Attack", [("58", "killed", 58, 58, None)]),
        ("6 Killed 12 Wounded in Shelling of Sheikh Maqsood", [("6", "killed", 6, 6, None), ("12", "injured", 12, 12, None)]),
        ("The attack left at least 27 people dead.", [("at least 27", "killed", 27, None, "people")]),
        ("Gunmen abducted a dozen aid workers.", [("a dozen", "captured", 12, 12, "aid workers")]),
        ("Thousands of families were displaced by the fighting.",
         [("Thousands", "displaced", 2000, 9999, "families")]),
        ("Three soldiers are still missing.", [("Three", "missing", 3, 3, "soldiers")]),
        ("A strike on a school that hosts displaced families killed 20 people.", [("20", "killed", 20, 20, "people")]),
        ("There were 40 casualties.", [("40", "casualties", 40, 40, None)]),
    ],
)
def test_casualty_patterns(text: str, expected: list[tuple[str, str, int, int | None, str | None]]) -> None:
    assert _figures(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Datelines glued to headlines: the counts are still counts of people.
        ("04-06-2016 40 Civilians Killed 100 Injured in New Terrorist Rocket Attacks in Aleppo.",
         [("40", "killed", 40, 40, "Civilians"), ("100", "injured", 100, 100, None)]),
        ("Published October 3 2016 21 Syrian moderate opposition fighters have been killed in clashes.",
         [("21", "killed", 21, 21, "Syrian moderate opposition fighters")]),
        # Share counters after page furniture are not counts; the count after them is.
        ("09.04.2017Get short URL 0 85 12 Daesh terrorists were killed by Kurdish-led forces near Tabqa.",
         [("12", "killed", 12, 12, "Daesh terrorists")]),
        # "16. Ten" ends a sentence; it is not the date 16.10.
        ("Gunmen attacked the town on 16. Ten civilians were killed.", [("Ten", "killed", 10, 10, "civilians")]),
        # Dead and wounded in one count.
        ("19 Killed and Injured in Tell Abyad Attack.", [("19", "casualties", 19, 19, None)]),
        # Villages are not victims.
        ("Extremists said they massacred dozens of Alawites in three Homs villages.",
         [("dozens", "killed", 24, 99, "Alawites")]),
        # The parse hangs the count on "said"; the verb before it still tells.
        ("Published July 4 2015 An explosion at a mosque in Idlib province on Friday killed at least 25 members "
         "of the Nusra Front the Observatory said.", [("at least 25", "killed", 25, None, "members")]),
    ],
)
def test_casualty_figures_in_headlines_and_broken_parses(
    text: str, expected: list[tuple[str, str, int, int | None, str | None]]
) -> None:
    assert _figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The 25-year-old was arrested in 2011 and the convoy moved 8 kilometers.",
        "A November 2011 photo shows 3 men at a banquet.",
        "The indictment of 13 Russian trolls was filed on February 16.",
        "The battalion-sized formation fired 20 rounds at 10:30 for $5 million.",
        "Gunmen killed by 40 soldiers.",
        # Standing populations, not what an event did (the demo's Idlib gas attack had "900000 displaced").
        "The province of Idlib is home to some 900000 displaced Syrians according to the United Nations.",
        "Turkey hosts 3.5 million Syrian refugees.",
    ],
)
def test_numbers_that_are_not_casualty_figures(text: str) -> None:
    assert _figures(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "It is feared that 30 people were killed.",
        "The strikes reportedly killed 35 fighters.",
        "As many as 20 people may have died.",
        "Possibly 12 civilians were killed.",
    ],
)
def test_hedged_figures(text: str) -> None:
    figures = extract_figures(load_pipeline()(text))
    assert [f.hedged for f in figures] == [True]


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        ("Ten children were among at least 48 people killed in the village.", 48),
        ("Air strikes killed 10 children and 5 women in Aleppo.", 15),
        ("The blast killed 22 people. Later the death toll rose to 24.", 24),
        ("A girl was killed and two others were injured in the attack.", 1),
        ("At least 45 Islamic State militants and 20 Kurdish fighters were killed. "
         "More than 280000 people have been killed since 2011.", 45),
    ],
)
def test_main_death_toll(text: str, toll: int) -> None:
    doc = load_pipeline()(text)
    assert main_death_toll(doc, extract_figures(doc)) == toll


def test_baseline_takes_the_first_number_near_killed() -> None:
    assert baseline_death_toll("Sun 16 Apr 2017 Six people were killed and 30 wounded.") == 6


def test_fakes_sample_scores_above_the_baseline() -> None:
    scores = score_fakes_deaths(FAKES_SAMPLE)
    assert scores["n"] == 20
    assert scores["deaths_exact"] >= 0.9
    assert scores["deaths_exact"] > scores["baseline_deaths_exact"]


def test_fakes_dev_first_rows_floor() -> None:
    scores = score_fakes_deaths(shared_data("fakes") / "fakes-dev.csv", limit=100)
    assert scores["n"] == 100
    assert scores["deaths_exact"] >= 0.85
    assert scores["deaths_within_10pct"] >= scores["deaths_exact"]
