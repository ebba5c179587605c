from __future__ import annotations

from crosswire.assess.ranges import Estimate, FigureRange, best_point, reconcile


def _killed(low: int, high: int | None, origin: str, group: str | None = None) -> Estimate:
    return Estimate(category="killed", low=low, high=high, group=group, origin=origin)


def test_one_report_relayed_by_many_outlets_counts_once() -> None:
    # "more than 200" relayed by three outlets from one Bloomberg claimant, "about 100" from another
    estimates = [_killed(201, None, "Bloomberg|two of the Russians") for _ in range(3)]
    estimates.append(_killed(90, 110, "Bloomberg|one U.S. official"))
    killed = reconcile(estimates)["killed"]
    assert killed.origins == 2
    assert killed.contested is True
    assert (killed.low, killed.high) == (90, None)  # open-ended: no origin caps "more than 200"
    assert killed.best == 150  # median of the two origins' best points, 201 and 100


def test_agreeing_origins_are_not_contested_and_one_low_outlier_does_not_set_the_floor() -> None:
    estimates = [_killed(10, 10, "a|"), _killed(30, 35, "b|"), _killed(32, 32, "c|"), _killed(30, 40, "d|")]
    killed = reconcile(estimates)["killed"]
    assert killed.contested is True  # 10 cannot be right together with 30 to 35
    assert killed.low == 30 and killed.high == 40 and killed.best == 32
    agreeing = reconcile([_killed(30, 35, "b|"), _killed(32, 32, "c|")])["killed"]
    assert agreeing == FigureRange("killed", low=30, best=32, high=35, origins=2, contested=False)


def test_a_part_of_the_dead_is_not_a_rival_total() -> None:
    estimates = [_killed(58, 58, "a|", "people"), _killed(11, 11, "b|", "children"), _killed(60, 60, "c|")]
    killed = reconcile(estimates)["killed"]
    assert killed.contested is False and killed.origins == 2 and killed.low == 58


def test_parts_count_when_no_total_is_given_and_are_compared_within_their_group() -> None:
    estimates = [_killed(12, 12, "a|", "children"), _killed(3, 3, "b|", "women")]
    killed = reconcile(estimates)["killed"]
    assert killed.contested is False and killed.origins == 2
    assert reconcile([_killed(12, 12, "a|", "children"), _killed(20, 20, "b|", "children")])["killed"].contested


def test_one_origins_figures_merge_into_one_range_and_categories_stay_apart() -> None:
    estimates = [_killed(5, 5, "a|"), _killed(7, 7, "a|"),
                 Estimate(category="injured", low=200, high=300, group=None, origin="a|")]
    found = reconcile(estimates)
    assert found["killed"] == FigureRange("killed", low=5, best=6, high=7, origins=1, contested=False)
    assert found["injured"].best == 250


def test_best_point_of_vague_wide_ranges_is_their_order_of_magnitude() -> None:
    assert best_point(201, None) == 201
    assert best_point(90, 110) == 100
    assert best_point(200, 999) == 447  # "hundreds"
    assert best_point(0, 4) == 2
