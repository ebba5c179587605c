"""Event frames: the main frame's place (what `crosswire eval fakes` scores as the governorate).

The texts are FA-KES-style news sentences (punctuation as FA-KES leaves it).
"""

from __future__ import annotations

from datetime import date

from crosswire.understand.article import analyse_doc
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.places import governorate_of


def _main_governorate(text: str) -> str | None:
    analysis = analyse_doc(load_pipeline()(text), published=date(2017, 4, 16))
    main = next(frame for frame in analysis.frames if frame.main)
    return governorate_of(main.place) if main.place is not None else None


def test_where_evacuees_came_from_is_not_where_the_bomb_hit() -> None:
    assert _main_governorate(
        "Nearly 70 children were among those killed when a suicide car bombing tore through buses carrying "
        "evacuees a monitor said on Sunday. Saturdays blast hit a convoy carrying residents from the northern "
        "towns of Fuaa and Kafraya as they waited at a transit point in rebel-held Rashidin west of Aleppo."
    ) == "aleppo"


def test_death_toll_from_a_place_is_that_place() -> None:
    assert _main_governorate(
        "Death toll from Aleppo bus convoy bomb attack at least 126 Observatory The death toll from a bomb attack "
        "on a crowded bus convoy outside Aleppo has reached at least 126 the monitoring group said on Sunday."
    ) == "aleppo"


def test_pro_damascus_is_no_place_of_the_event() -> None:
    assert _main_governorate(
        "According to pro-Damascus media a suicide car bomb killed 43 people on Saturday near Aleppo."
    ) == "aleppo"
    assert _main_governorate(
        "The Damascus-based outlet reported that an airstrike killed 12 people in Syrias Idlib province on Monday."
    ) == "idlib"


def test_the_wars_running_total_is_no_event() -> None:
    # FA-KES-style text (CC BY 4.0): an incident, then the war's count so far.
    text = (
        "An air strike killed 12 civilians in the town of Maarat al-Numan in Idlib province on Tuesday, a monitor said. "
        "The five-year conflict has killed more than 280000 people and displaced millions. "
        "More than 320000 people have been killed since the war began with protests in March 2011."
    )
    analysis = analyse_doc(load_pipeline()(text), published=date(2016, 4, 19))
    assert {f.low for f in analysis.figures} >= {12, 280001, 320001}  # the counts are still figures
    framed = {f.low for frame in analysis.frames for f in frame.figures}
    assert 12 in framed and 280001 not in framed and 320001 not in framed
    assert all(frame.date is None or frame.date >= "2016" for frame in analysis.frames)
