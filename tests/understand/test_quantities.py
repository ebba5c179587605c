from __future__ import annotations

import pytest

from crosswire.understand.quantities import Quantity, find_quantities, parse_quantity


@pytest.mark.parametrize(
    ("phrase", "low", "high", "value"),
    [
        ("six", 6, 6, 6),
        ("twenty-five", 25, 25, 25),
        ("Thirty-five", 35, 35, 35),
        ("one hundred and twenty", 120, 120, 120),
        ("a hundred", 100, 100, 100),
        ("1,200", 1200, 1200, 1200),
        ("2.5 million", 2_500_000, 2_500_000, 2_500_000),
        ("two dozen", 24, 24, 24),
        ("more than 200", 201, None, 200),
        ("over 100", 101, None, 100),
        ("at least 112", 112, None, 112),
        ("about 100", 90, 110, 100),
        ("some 40", 36, 44, 40),
        ("nearly 100", 90, 99, 100),
        ("up to 300", 1, 300, 300),
        ("fewer than 10", 0, 9, 10),
        ("200 to 300", 200, 300, None),
        ("between 20 and 30", 20, 30, None),
        ("a dozen", 12, 12, 12),
        ("more than a dozen", 13, None, 12),
        ("dozens of", 24, 99, None),
        ("several dozen", 36, 99, None),
        ("scores of", 40, 199, None),
        ("hundreds of", 200, 999, None),
        ("tens of thousands", 20_000, 99_999, None),
    ],
)
def test_number_phrases_become_ranges(phrase: str, low: int, high: int | None, value: int | None) -> None:
    assert parse_quantity(phrase) == Quantity(low, high, value)


def test_no_number_no_quantity() -> None:
    assert parse_quantity("the convoy") is None


def test_quantities_in_a_word_sequence_keep_their_positions() -> None:
    words = "the u.s. official put the death toll at about 100 , with 200 to 300 injured".split()
    found = [(m.start, m.end, m.quantity) for m in find_quantities(words)]
    assert found == [(8, 10, Quantity(90, 110, 100)), (12, 15, Quantity(200, 300, None))]


def test_seed_004_misspelt_an_dozens_is_still_dozens() -> None:
    words = "among them an dozens of russian mercenaries".split()
    assert [m.quantity for m in find_quantities(words)] == [Quantity(24, 99, None)]
