"""One casualty range per event and figure category, over independent origins.

Outlets relaying one report's claimant are one origin (see
`crosswire.link.records.Origin`), so each origin gives one estimate however
many articles repeat it: the same wire number copied ten times must not
outvote a second, independent count. The rule, close to UCDP's
low / best / high:

- per origin, its figures of the category are merged into one range: the
  smallest low, the largest high (open when any is open), and as best point
  the median of its figures' best points;
- a figure's best point is its low when open-ended ("more than 200": 201),
  the midpoint of a narrow range ("about 100": 100), and the geometric mean
  of a wide one (high > 2 x low: "hundreds", 200 to 999, gives 447), since
  vague plural words say more about the order of magnitude than the midpoint;
- low: the smallest of the origins' lows, except that with three or more
  origins the single lowest is set aside (the second smallest is taken), so
  that one outlying low count does not drag the floor down;
- best: the median of the origins' best points;
- high: the largest upper bound of any origin; None (open-ended) when some
  origin gives no upper bound;
- low is never above best, nor high below it;
- contested: two independent origins give ranges that cannot both be right
  (disjoint by more than `TOLERANCE` of the larger number), counting the
  same group.

A count of a part ("11 children" among "58 people") is not a rival total:
parts are used only when no origin gives a total, and then are compared only
with counts of the same group.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

_PART_WORDS = frozenset(
    {"children", "child", "women", "woman", "girls", "boys", "babies", "infants", "men", "elderly", "civilians", "minors"}
)


TOLERANCE = 0.1


@dataclass(frozen=True, slots=True)
class Estimate:
    """One figure as the range reconciler sees it: a range, who is counted, and its origin key."""

    category: str
    low: int
    high: int | None
    group: str | None
    origin: str


@dataclass(frozen=True, slots=True)
class FigureRange:
    category: str
    low: int
    best: int
    high: int | None
    origins: int
    contested: bool


def reconcile(estimates: Iterable[Estimate]) -> dict[str, FigureRange]:
    """Per category, the reconciled range of `estimates` (see the module docstring for the rule)."""
    by_category: dict[str, list[Estimate]] = defaultdict(list)
    for estimate in estimates:
        by_category[estimate.category].append(estimate)
    return {category: _reconcile_category(category, found) for category, found in sorted(by_category.items())}


def best_point(low: int, high: int | None) -> int:
    """The single number a range stands for (see the module docstring)."""
    if high is None:
        return low
    if low > 0 and high > 2 * low:
        return round(math.sqrt(low * high))
    return (low + high) // 2


def is_part(group: str | None) -> bool:
    """True when `group` counts a part of the victims (children, women, civilians...)."""
    return group is not None and any(word in _PART_WORDS for word in group.lower().split())


def group_key(group: str | None) -> str:
    """"" for totals; the normalised group for parts, which are compared only with the same group."""
    return " ".join((group or "").lower().split()) if is_part(group) else ""


def disjoint(ranges: Sequence[tuple[int, int | None]]) -> bool:
    """True when some two ranges cannot both be right.

    A gap of up to `TOLERANCE` of the larger number is not a disagreement:
    58 and 60 dead are two counts at different hours, not rival accounts."""
    for i, (low_a, high_a) in enumerate(ranges):
        for low_b, high_b in ranges[i + 1 :]:
            if _apart(high_a, low_b) or _apart(high_b, low_a):
                return True
    return False


def _apart(high: int | None, low: int) -> bool:
    """True when a range ending at `high` stops clearly short of one starting at `low`."""
    return high is not None and low - high > max(1, TOLERANCE * low)


def _reconcile_category(category: str, estimates: list[Estimate]) -> FigureRange:
    totals = [e for e in estimates if not is_part(e.group)] or estimates
    per_origin = _per_origin(totals)
    lows = sorted(low for low, _, _ in per_origin.values())
    low = lows[1] if len(lows) >= 3 else lows[0]
    highs = [high for _, high, _ in per_origin.values()]
    high = None if None in highs else max(h for h in highs if h is not None)
    best = round(statistics.median(best for _, _, best in per_origin.values()))
    low = min(low, best)
    if high is not None:
        high = max(high, best)
    return FigureRange(
        category=category, low=low, best=best, high=high, origins=len(per_origin), contested=_contested(totals)
    )


def _per_origin(estimates: list[Estimate]) -> dict[str, tuple[int, int | None, float]]:
    """origin -> (low, high, best point) merged over that origin's figures."""
    grouped: dict[str, list[Estimate]] = defaultdict(list)
    for estimate in estimates:
        grouped[estimate.origin].append(estimate)
    merged = {}
    for origin, found in grouped.items():
        highs = [e.high for e in found]
        high = None if None in highs else max(h for h in highs if h is not None)
        best = statistics.median(best_point(e.low, e.high) for e in found)
        merged[origin] = (min(e.low for e in found), high, best)
    return merged


def _contested(estimates: list[Estimate]) -> bool:
    """Two origins' ranges of the same group disagree."""
    by_group: dict[str, list[Estimate]] = defaultdict(list)
    for estimate in estimates:
        by_group[group_key(estimate.group)].append(estimate)
    for found in by_group.values():
        ranges = _per_origin(found)
        if disjoint([(low, high) for low, high, _ in ranges.values()]):
            return True
    return False
