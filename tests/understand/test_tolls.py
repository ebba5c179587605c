"""The main death toll: how news reports tolls (lead figure, parts and wholes, sums,
updates, unnumbered victims), on sentences written the way wire reports write them."""

from __future__ import annotations

import pytest

from crosswire.understand.figures import extract_figures
from crosswire.understand.figures import main_death_toll as reexported
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.tolls import main_death_toll


def _toll(text: str) -> int | None:
    doc = load_pipeline()(text)
    return main_death_toll(doc, extract_figures(doc))


def test_figures_module_reexports_the_toll() -> None:
    assert reexported is main_death_toll


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        # A headline list drops the "and": the parts of one event add up.
        ("Syria air strikes kill 10 children 5 women in Aleppo monitor. Ten children and five women have "
         "been killed in government air strikes a monitoring group said.", 15),
        # Fighters and civilians killed by the same strikes: one toll.
        ("On Sunday regime planes killed 31 jihadists and eight civilians in an unprecedented wave of bombardment.", 39),
        # The commander and his men.
        ("One of the local emirs of the group and at least 34 of his comrades were killed in clashes with the SDF.", 35),
        ("Ramadan al-Sabta alongside nine of his comrades were killed in a battle with army men.", 10),
        # "killed one of the commanders" gives way to the count that follows.
        ("The army killed one of the notorious commanders of the group. Mahmoud Brouq and at least 10 members "
         "of the group were killed in the attack.", 10),
        # The headline rounds ("more than 200"), the body counts.
        ("Activists say more than 200 killed in gas attack near Damascus. Syrian activists accused the army of "
         "a nerve gas attack that killed at least 213 people on Wednesday.", 213),
        # A lead without a number: the first count is a detail next to the toll.
        ("British scientists said sarin was used in the attack. The ambassador spoke on Wednesday. The samples "
         "came from casualties brought to Turkey for treatment three of which died in hospital. At least 87 "
         "people including 31 children died in the attack.", 87),
        # A hedge does not demote the lead's figure.
        ("At least 12 civilians were reportedly killed in coalition air strikes in Deir ez-Zor. The strikes hit "
         "the city of Al Bukamal killing five civilians. Another strike claimed the lives of seven people.", 12),
    ],
)
def test_toll_follows_how_reports_are_written(text: str, toll: int) -> None:
    assert _toll(text) == toll


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        ("A woman and child were killed after terrorists shelled the center of the capital.", 2),
        ("A mortar shell fired on the camp on Saturday left a child dead and a woman injured.", 1),
        # The victims of the lead, not the count of an earlier attack recalled later.
        ("A woman was killed and six other people got injured when a landmine exploded in the village. Local "
         "sources said the landmine was left behind by the militants. Engineers are clearing the area. "
         "On October 13 30 people were killed in a suicide attack on a wedding hall.", 1),
    ],
)
def test_victims_named_without_a_number(text: str, toll: int) -> None:
    assert _toll(text) == toll


def test_no_toll_without_dead() -> None:
    assert _toll("Seven civilians were injured in a rocket attack on the neighbourhood.") is None
