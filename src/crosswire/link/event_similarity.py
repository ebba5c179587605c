"""Whether two event mentions can be, and look like, the same real event.

Two kinds of evidence:

- a gate, which forbids a link outright: two anchored dates precise to the
  day or the week whose intervals cannot overlap, give or take
  `DATE_SLACK_DAYS` (overnight events, time zones): "2018-02-07" and
  "2018-02-27" are two events, "2018-W06" holds "2018-02-07". A date is
  anchored when it falls within `ANCHOR_DAYS` before the article's
  publication (or on the day after): news reports the last days' events, so
  such a date is the event's own. A day or week date far from publication,
  or in an article without a publication date, is as often a dateline, a
  trial date or an earlier event the article recalls (ECB+: a 2007 office
  shooting reported under "April 10" and "Apr 12" datelines, its 2008
  conviction dated 2008-04-30; the gate split them and cost 0.02-0.03
  B-cubed F1), so a conflict involving one costs `DATE_PENALTY` off the
  pair's score instead (`pair_score`): strong words still link it. Month,
  year and guessed intervals that cannot overlap count against in the
  agreement below, not as a gate;
- agreement, a score in [-1, 1] added to the text similarity: same type and
  sub-event, shared actors, same day, same place (or within `NEAR_KM`), same
  first-level area, same day, overlapping casualty ranges count for; a
  different type, another country, places more than `FAR_KM` apart or
  disjoint figures count against. Places are not a gate: the place of a
  frame is wrong often enough (a Syrian attack placed in Moscow, where the
  ministry spoke) that a hard rule would split real events; outlets also
  disagree on numbers, so disjoint figures never forbid a link;
- a penalty: two main mentions whose articles are about different people
  (`participants.py`: each has a salient person, neither names the
  other's) lose `PARTICIPANT_PENALTY`. Look-alike events (two players
  arrested for drink-driving, two ministers' species rules) share their
  words and, in ECB+, their undated frames, so nothing else tells them apart.

A mention without a date of its own but with a publication date is taken to
report something from the few days before publication (news without a date
reports the day's events); one with neither has no date gate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Sequence

import numpy as np

from crosswire.link.arrays import expand_ranges
from crosswire.link.participants import persons_conflict
from crosswire.link.records import EventMention
from crosswire.understand.event_dates import date_interval
from crosswire.understand.timex_calendar import safe_date

DATE_SLACK_DAYS = 1
UNDATED_LOOKBACK_DAYS = 3
ANCHOR_DAYS = 7  # "last week" still dates the event; by hand (ECB+ documents rarely carry a publication date)
DATE_PENALTY = 0.1  # chosen with the linker's other weights (evaluate/ecbplus.py GRID: 0.0 or 0.1)
PARTICIPANT_PENALTY = 0.2  # chosen with them too (GRID: 0.0 or 0.2)
NEAR_KM = 15.0
FAR_KM = 60.0
_SPAN_DAYS = {"day": 0, "time": 0, "week": 6}
_UNKNOWN = "unknown"  # the type of an article's stand-in mention when it has no event frame


@dataclass(frozen=True, slots=True)
class DateSpan:
    first: date
    last: date
    exact: bool  # a day-precision date of the event itself
    guessed: bool = False  # the days before publication, for a mention without a date
    anchored: bool = False  # a day or week date within ANCHOR_DAYS before publication: the event's own


def date_span(mention: EventMention) -> DateSpan | None:
    """The days the mention's event can have happened on, or None when nothing is known."""
    own = _parse_span(mention.date, mention.date_precision) if mention.date else None
    published = _parse_day(mention.published[:10]) if mention.published else None
    if own is not None:
        return replace(own, anchored=_anchored(own, published))
    if published is None:
        return None
    return DateSpan(published - timedelta(days=UNDATED_LOOKBACK_DAYS), published, False, guessed=True)


def _anchored(span: DateSpan, published: date | None) -> bool:
    if published is None or (span.last - span.first).days > _SPAN_DAYS["week"]:
        return False
    return published - timedelta(days=ANCHOR_DAYS) <= span.last and span.first <= published + timedelta(days=DATE_SLACK_DAYS)


def _parse_span(value: str, precision: str | None) -> DateSpan | None:
    """The days of a frame's TimeML value (`event_dates.date_interval`, the
    understand stage's own reading), widened to the frame's precision when a
    day stands for its week, month or year."""
    interval = date_interval(value) or date_interval(value[:10])
    if interval is None:
        return None
    if interval.precision != "day":
        return DateSpan(interval.first, interval.last, False)
    day = interval.first
    if precision == "month":
        following = safe_date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return DateSpan(day.replace(day=1), (following or day) - timedelta(days=1), False)
    if precision == "year":
        return DateSpan(date(day.year, 1, 1), date(day.year, 12, 31), False)
    extra = _SPAN_DAYS.get(precision or "day", 0)
    return DateSpan(day, day + timedelta(days=extra), extra == 0)


def _parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def dates_compatible(a: DateSpan | None, b: DateSpan | None) -> bool:
    """The spans overlap, give or take the slack."""
    if a is None or b is None:
        return True
    slack = timedelta(days=DATE_SLACK_DAYS)
    return a.first - slack <= b.last and b.first - slack <= a.last


def distance_km(a: EventMention, b: EventMention) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def compatible(span_a: DateSpan | None, span_b: DateSpan | None) -> bool:
    """No gate forbids the two mentions from being one event: only two
    anchored dates to the day or week that cannot overlap do; months, years
    and guessed dates that cannot overlap count against in `agreement`
    instead (a coarse frame date is often a background date the article
    mentions), unanchored short ones also by a penalty (`pair_score`)."""
    if span_a is None or span_b is None or not (span_a.anchored and span_b.anchored):
        return True
    return dates_compatible(span_a, span_b)


def date_conflict(span_a: DateSpan | None, span_b: DateSpan | None) -> bool:
    """Two day or week dates that cannot overlap (whether or not the gate trusts them)."""
    if span_a is None or span_b is None or not (_short(span_a) and _short(span_b)):
        return False
    return not dates_compatible(span_a, span_b)


def pair_score(
    cosine: float, a: EventMention, b: EventMention, span_a: DateSpan | None, span_b: DateSpan | None, *,
    agreement_weight: float, date_penalty: float = DATE_PENALTY, participant_penalty: float = PARTICIPANT_PENALTY,
) -> float | None:
    """The linker's score of a pair: None when the date gate forbids it, else
    the words' cosine plus weighted agreement, less `date_penalty` for a date
    conflict the gate does not trust (one of the dates is unanchored) and
    `participant_penalty` when the two are about different people."""
    if not compatible(span_a, span_b):
        return None
    score = cosine + agreement_weight * agreement(a, b, span_a, span_b)
    score = score - date_penalty if date_conflict(span_a, span_b) else score
    return score - participant_penalty if persons_conflict(a.person, a.persons, b.person, b.persons) else score


def _short(span: DateSpan) -> bool:
    """A date of the event itself to the day or the week (not a publication-date guess)."""
    return (span.exact or (span.last - span.first).days <= _SPAN_DAYS["week"]) and not span.guessed


def agreement(a: EventMention, b: EventMention, span_a: DateSpan | None, span_b: DateSpan | None) -> float:
    """Mean of the structured signals both mentions carry, each in [-1, 1]; 0
    with none. An "unknown" type (an article without an event frame) is no
    signal: two frameless articles agreeing on it lifted every pair of them
    (ECB+ odd topics, B-cubed F1 0.87 -> 0.90 at agreement weight 0.05)."""
    signals = [] if _UNKNOWN in (a.type, b.type) else [_type_signal(a, b)]
    if a.actors and b.actors:
        names_a, names_b = {n for n, _ in a.actors}, {n for n, _ in b.actors}
        signals.append(2 * len(names_a & names_b) / len(names_a | names_b) - 0.5)
    if (place := _place_signal(a, b)) is not None:
        signals.append(place)
    if span_a and span_b:
        if not dates_compatible(span_a, span_b):
            signals.append(-1.0)
        elif span_a.exact and span_b.exact:
            signals.append(1.0 if span_a.first == span_b.first else 0.0)
    if a.figures and b.figures:
        signals.append(_figures_signal(a, b))
    return sum(signals) / len(signals) if signals else 0.0


def _place_signal(a: EventMention, b: EventMention) -> float | None:
    if not (a.country and b.country):
        return None
    if a.country != b.country:
        return -1.0
    km = distance_km(a, b)
    if a.place_name == b.place_name or (km is not None and km < NEAR_KM):
        return 1.0
    if a.admin1 and a.admin1 == b.admin1:
        return 0.5
    return -0.5 if km is not None and km > FAR_KM else 0.0


def _type_signal(a: EventMention, b: EventMention) -> float:
    if a.type != b.type:
        return -0.5
    return 1.0 if a.sub_event and a.sub_event == b.sub_event else 0.5


def _figures_signal(a: EventMention, b: EventMention) -> float:
    """+1 when a shared category's ranges overlap, -0.5 when all shared ones are disjoint, 0 with none shared."""
    shared = {f.category for f in a.figures} & {f.category for f in b.figures}
    if not shared:
        return 0.0
    for category in shared:
        for fa in (f for f in a.figures if f.category == category):
            for fb in (f for f in b.figures if f.category == category):
                if fa.low <= (fb.high if fb.high is not None else fb.low * 10) and fb.low <= (
                    fa.high if fa.high is not None else fa.low * 10
                ):
                    return 1.0
    return -0.5


class MentionTable:
    """The fields `pair_score` reads, as numpy arrays (one row per mention), so that many pairs are scored
    at once (`pair_scores`): Python per pair, `pair_score` on the objects, was the linker's largest
    per-pair cost and reached scattered objects all over the heap."""

    def __init__(self, mentions: Sequence[EventMention], spans: Sequence[DateSpan | None]) -> None:
        n = len(mentions)
        self.article = _codes([m.article_id for m in mentions])
        self.unknown = np.array([m.type == _UNKNOWN for m in mentions], dtype=bool)
        self.type = _codes([m.type for m in mentions])
        self.sub_event = _codes([m.sub_event or None for m in mentions], falsy=True)
        names = [sorted({name for name, _ in m.actors}) for m in mentions]
        self.actor_start, self.actor_ids = _ragged(names)
        self.country = _codes([m.country or None for m in mentions], falsy=True)
        self.place = _codes([m.place_name for m in mentions])  # None == None counts as the same name
        self.admin1 = _codes([m.admin1 or None for m in mentions], falsy=True)
        # each distinct (lat, lon) once, with a mention carrying it (distances go through `distance_km`)
        coords = [None if m.lat is None or m.lon is None else (m.lat, m.lon) for m in mentions]
        self.coords = _codes(coords, falsy=True)
        self.coord_mention = np.zeros(int(self.coords.max(initial=-1)) + 1, dtype=np.int64)
        self.coord_mention[self.coords[self.coords >= 0]] = np.flatnonzero(self.coords >= 0)
        self.mentions = mentions
        self.has_span = np.array([s is not None for s in spans], dtype=bool)
        self.first = np.array([s.first.toordinal() if s else 0 for s in spans], dtype=np.int64)
        self.last = np.array([s.last.toordinal() if s else 0 for s in spans], dtype=np.int64)
        self.exact = np.array([bool(s and s.exact) for s in spans], dtype=bool)
        self.anchored = np.array([bool(s and s.anchored) for s in spans], dtype=bool)
        self.short = self.has_span & np.array([bool(s and _short(s)) for s in spans], dtype=bool)
        figures = [m.figures for m in mentions]
        self.figure_start = np.zeros(n + 1, dtype=np.int64)
        self.figure_start[1:] = np.cumsum([len(f) for f in figures])
        flat = [f for fs in figures for f in fs]
        self.figure_category = _codes([f.category for f in flat])
        self.figure_low = np.array([f.low for f in flat], dtype=np.float64)
        self.figure_high = np.array([f.high if f.high is not None else f.low * 10 for f in flat], dtype=np.float64)
        self.n_figure_categories = np.array([len({f.category for f in fs}) for fs in figures], dtype=np.int64)
        named = {n for m in mentions for n in m.persons} | {m.person for m in mentions if m.person}
        people = {n: i for i, n in enumerate(sorted(named))}
        self.person = np.array([people[m.person] if m.person else -1 for m in mentions], dtype=np.int64)
        self.n_people = len(people)
        # mention * n_people + surname, ascending: whom each mention's article names
        keys = {i * len(people) + people[n] for i, m in enumerate(mentions) for n in m.persons}
        self.person_keys = np.array(sorted(keys), dtype=np.int64)


def pair_scores(
    table: MentionTable, left: np.ndarray, right: np.ndarray, cosines: np.ndarray, *,
    agreement_weight: float, date_penalty: float = DATE_PENALTY, participant_penalty: float = PARTICIPANT_PENALTY,
) -> np.ndarray:
    """`pair_score` of every pair (left[i], right[i]) with cosine cosines[i], NaN where the gate forbids it;
    the same floating-point operations in the same order, so bit for bit the same values."""
    a, b = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
    total, count = np.zeros(len(a)), np.zeros(len(a), dtype=np.int64)

    def add(where: np.ndarray, value: np.ndarray | float) -> None:
        total[where] += value if np.isscalar(value) else np.asarray(value)[where]
        count[where] += 1

    t = table
    typed = ~(t.unknown[a] | t.unknown[b])
    same_type = t.type[a] == t.type[b]
    same_sub = (t.sub_event[a] >= 0) & (t.sub_event[a] == t.sub_event[b])
    add(typed, np.where(same_type, np.where(same_sub, 1.0, 0.5), -0.5))
    actors = (np.diff(t.actor_start)[a] > 0) & (np.diff(t.actor_start)[b] > 0)
    if actors.any():
        shared = _shared_counts(t.actor_start, t.actor_ids, a[actors], b[actors])
        union = np.diff(t.actor_start)[a[actors]] + np.diff(t.actor_start)[b[actors]] - shared
        value = np.zeros(len(a))
        value[actors] = 2 * shared / union - 0.5
        add(actors, value)
    placed = (t.country[a] >= 0) & (t.country[b] >= 0)
    if placed.any():
        add(placed, _place_values(t, a, b, placed))
    spans = t.has_span[a] & t.has_span[b]
    overlap = (t.first[a] - DATE_SLACK_DAYS <= t.last[b]) & (t.first[b] - DATE_SLACK_DAYS <= t.last[a])
    add(spans & ~overlap, -1.0)
    both_exact = spans & overlap & t.exact[a] & t.exact[b]
    add(both_exact, np.where(t.first[a] == t.first[b], 1.0, 0.0))
    figured = (t.n_figure_categories[a] > 0) & (t.n_figure_categories[b] > 0)
    if figured.any():
        add(figured, _figure_values(t, a, b, figured))
    agreement = np.where(count > 0, total / np.maximum(count, 1), 0.0)
    scores = cosines + agreement_weight * agreement
    scores = np.where(spans & ~overlap & t.short[a] & t.short[b], scores - date_penalty, scores)
    scores = np.where(_persons_conflict(t, a, b), scores - participant_penalty, scores)
    forbidden = spans & t.anchored[a] & t.anchored[b] & ~overlap
    scores[forbidden] = np.nan
    return scores


def _persons_conflict(t: MentionTable, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`persons_conflict` of every pair (a[i], b[i])."""
    both: np.ndarray = (t.person[a] >= 0) & (t.person[b] >= 0) & (t.person[a] != t.person[b])
    if both.any() and len(t.person_keys):
        both &= ~_names(t, b, t.person[a]) & ~_names(t, a, t.person[b])
    return both


def _names(t: MentionTable, mentions: np.ndarray, people: np.ndarray) -> np.ndarray:
    """Whether mentions[i]'s article names people[i] (-1: no one)."""
    keys = mentions * t.n_people + people
    position = np.minimum(np.searchsorted(t.person_keys, keys), len(t.person_keys) - 1)
    named: np.ndarray = (people >= 0) & (t.person_keys[position] == keys)
    return named


def _codes(values: Sequence[object], falsy: bool = False) -> np.ndarray:
    """Equal values, equal codes; with `falsy`, None gets -1."""
    seen: dict[object, int] = {}
    return np.array([-1 if falsy and v is None else seen.setdefault(v, len(seen)) for v in values], dtype=np.int64)


def _ragged(rows: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
    """(row starts, ids) of sorted rows of distinct strings; ids ranked alphabetically, so ascending in a row."""
    start = np.zeros(len(rows) + 1, dtype=np.int64)
    start[1:] = np.cumsum([len(r) for r in rows])
    rank = {v: i for i, v in enumerate(sorted({v for r in rows for v in r}))}
    return start, np.array([rank[v] for r in rows for v in r], dtype=np.int64)


def _shared_counts(start: np.ndarray, ids: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How many ids rows a[i] and b[i] share (ids ascending and distinct within a row)."""
    width = int(ids.max(initial=0)) + 1
    keys = []
    for side in (a, b):
        size = start[side + 1] - start[side]
        keys.append(np.repeat(np.arange(len(side), dtype=np.int64), size) * width + ids[expand_ranges(start[side], size)])
    if not len(keys[1]):
        return np.zeros(len(a), dtype=np.int64)
    position = np.minimum(np.searchsorted(keys[1], keys[0]), len(keys[1]) - 1)
    found = keys[1][position] == keys[0]
    return np.bincount(keys[0][found] // width, minlength=len(a))


def _place_values(t: MentionTable, a: np.ndarray, b: np.ndarray, placed: np.ndarray) -> np.ndarray:
    value = np.zeros(len(a))
    pa, pb = a[placed], b[placed]
    same_country = t.country[pa] == t.country[pb]
    km = np.full(len(pa), np.nan)
    measured = np.flatnonzero(same_country & (t.coords[pa] >= 0) & (t.coords[pb] >= 0))
    if len(measured):
        width = len(t.coord_mention)
        keys, inverse = np.unique(t.coords[pa[measured]] * width + t.coords[pb[measured]], return_inverse=True)
        distances = [distance_km(t.mentions[t.coord_mention[k // width]], t.mentions[t.coord_mention[k % width]])
                     for k in keys.tolist()]
        km[measured] = np.array(distances, dtype=np.float64)[inverse.reshape(-1)]
    has_km = ~np.isnan(km)
    near = (t.place[pa] == t.place[pb]) | (has_km & (km < NEAR_KM))
    region = (t.admin1[pa] >= 0) & (t.admin1[pa] == t.admin1[pb])
    far = has_km & (km > FAR_KM)
    inner = np.where(near, 1.0, np.where(region, 0.5, np.where(far, -0.5, 0.0)))
    value[placed] = np.where(same_country, inner, -1.0)
    return value


def _figure_values(t: MentionTable, a: np.ndarray, b: np.ndarray, figured: np.ndarray) -> np.ndarray:
    """+1 when a shared category's ranges overlap, -0.5 when all shared ones are disjoint, 0 with none shared.
    Each figure of a meets only b's figures of its category (b's figures sorted by pair and category)."""
    value = np.zeros(len(a))
    fa, fb = a[figured], b[figured]
    start, width = t.figure_start, int(t.figure_category.max(initial=0)) + 1
    keys = []
    items = []
    for side in (fa, fb):
        size = start[side + 1] - start[side]
        items.append(expand_ranges(start[side], size))
        keys.append(np.repeat(np.arange(len(side), dtype=np.int64), size) * width + t.figure_category[items[-1]])
    order = np.argsort(keys[1], kind="stable")
    sorted_keys, b_items = keys[1][order], items[1][order]
    lo = np.searchsorted(sorted_keys, keys[0], side="left")
    count = np.searchsorted(sorted_keys, keys[0], side="right") - lo
    pair = keys[0] // width
    shared = np.bincount(pair[count > 0], minlength=len(fa)) > 0
    item_a = np.repeat(items[0], count)
    item_b = b_items[expand_ranges(lo, count)]
    overlap = (t.figure_low[item_a] <= t.figure_high[item_b]) & (t.figure_low[item_b] <= t.figure_high[item_a])
    overlapping = np.bincount(np.repeat(pair, count)[overlap], minlength=len(fa)) > 0
    value[figured] = np.where(overlapping, 1.0, np.where(shared, -0.5, 0.0))
    return value
