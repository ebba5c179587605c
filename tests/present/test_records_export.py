from __future__ import annotations

from typing import Any

from crosswire.present.records_export import _figure_summary


def _figure(low: int, high: int | None, group: str | None, category: str = "killed") -> dict[str, Any]:
    return {"category": category, "low": low, "high": high, "group_text": group}


def test_a_part_of_the_dead_is_not_a_rival_total() -> None:
    summary = _figure_summary([_figure(58, None, None), _figure(11, 11, "children"), _figure(58, None, "people")])
    assert summary["killed"] == {"low": 58, "best": 58, "high": None, "origins": 1, "contested": False}


def test_disjoint_totals_are_contested_and_span_the_range() -> None:
    summary = _figure_summary([_figure(201, None, "contract soldiers"), _figure(90, 110, None), _figure(200, 300, None, "injured")])
    assert summary["killed"]["contested"] is True
    assert (summary["killed"]["low"], summary["killed"]["high"]) == (90, None)
    assert summary["injured"] == {"low": 200, "best": 250, "high": 300, "origins": 1, "contested": False}


def test_parts_count_when_no_total_is_given_and_disagree_among_themselves() -> None:
    summary = _figure_summary([_figure(12, 12, "children"), _figure(20, 20, "children")])
    assert summary["killed"]["contested"] is True and summary["killed"]["low"] == 12
