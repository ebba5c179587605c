"""Developing stories: events and the articles reporting them, grouped.

Two events belong to one story when an article reports both within a few
weeks of each other (the background an outlet gives is the story so far),
or when they happen in the same place within a few days and share an actor
or an event type. Merging stops where a story would span more than
`MAX_SPAN_DAYS`, so that a year of strikes in one governorate does not
become one "story", and where the two groups' cores (their most reported
events) are further apart than the link reaches (`CO_MENTION_DAYS` for
events one article reports together, `NEARBY_REACH_DAYS` for nearby, alike ones):
without it, single links chained daily strikes in Aleppo into one story of
62 FA-KES articles over 43 days. The title is the title of the story's most central
article (the one reporting most of its events) among those whose main event
is in the story; when no article is mainly about it (a war's start recalled
as background), the title is built from its most reported event's type,
place and dates.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Mapping, Sequence

from crosswire.understand.timex_calendar import first_day, readable_date

CO_MENTION_DAYS = 31
NEARBY_DAYS = 3
MAX_SPAN_DAYS = 45
NEARBY_REACH_DAYS = 2 * NEARBY_DAYS  # how far from a story's core a nearby, alike event may join it


@dataclass(frozen=True, slots=True)
class StoryEvent:
    """An event as the story grouper sees it."""

    id: str
    type: str
    date: str | None  # the first day of the event's date (ISO), or a TimeML value
    place: str | None  # the admin1 (governorate) or, lacking it, the place name
    actors: frozenset[str]
    article_ids: tuple[str, ...]
    main_article_ids: tuple[str, ...] = ()  # articles whose main event this is
    date_precision: str | None = "day"  # day | week | month | year


@dataclass(frozen=True, slots=True)
class StoryArticle:
    id: str
    title: str | None
    seq: int


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    event_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    first_date: str | None
    last_date: str | None


def group_stories(events: Sequence[StoryEvent], articles: Mapping[str, StoryArticle]) -> list[Story]:
    """Stories over `events` (every event is in exactly one story), in order of their first event."""
    days = {event.id: first_day(event.date) for event in events}
    groups = _Groups(days, {event.id: len(event.article_ids) for event in events})
    for reach, a, b in _candidate_pairs(events, days):
        groups.merge(a, b, reach=reach)
    stories = [_story(members, articles, days) for members in groups.members(events)]
    return sorted(stories, key=lambda s: (s.first_date or "9999", s.id))


def _candidate_pairs(events: Sequence[StoryEvent], days: Mapping[str, date | None]) -> list[tuple[int, str, str]]:
    """Pairs worth merging, strongest first: reported together, then nearby and alike; each with how
    far apart (days) the cores of the groups it joins may be."""
    by_article: dict[str, list[StoryEvent]] = defaultdict(list)
    for event in events:
        for article_id in event.article_ids:
            by_article[article_id].append(event)
    pairs: list[tuple[int, str, str]] = []
    for found in by_article.values():
        for i, a in enumerate(found):
            for b in found[i + 1 :]:
                gap = _gap(days[a.id], days[b.id])
                if gap is None:  # an undated event goes with what its article reports
                    pairs.append((CO_MENTION_DAYS, a.id, b.id))
                elif gap <= CO_MENTION_DAYS:
                    pairs.append((gap, a.id, b.id))
    by_place: dict[str, list[StoryEvent]] = defaultdict(list)
    for event in events:
        if event.place and days[event.id] is not None:
            by_place[event.place].append(event)
    for found in by_place.values():
        found.sort(key=lambda e: days[e.id] or date.min)
        for i, a in enumerate(found):
            for b in found[i + 1 :]:
                gap = _gap(days[a.id], days[b.id])
                if gap is None or gap > NEARBY_DAYS:
                    break
                if a.type == b.type or a.actors & b.actors:
                    pairs.append((CO_MENTION_DAYS + 1 + gap, a.id, b.id))
    return [(CO_MENTION_DAYS if rank <= CO_MENTION_DAYS else NEARBY_REACH_DAYS, a, b) for rank, a, b in sorted(pairs)]


class _Groups:
    """Union-find whose groups remember their date span and core, and refuse to drift.

    A group's core is its most reported event (most articles; the earliest on
    a tie). Two groups merge only when the span stays within MAX_SPAN_DAYS and
    their cores are close: within CO_MENTION_DAYS when an article reports both
    linked events, within NEARBY_REACH_DAYS when the link is only "nearby and alike".
    A chain of single links (Monday's strike like Sunday's, Tuesday's like
    Monday's...) thus stops a few days from the story's core."""

    def __init__(self, days: Mapping[str, date | None], weights: Mapping[str, int]) -> None:
        self._parent: dict[str, str] = {}
        self._span: dict[str, tuple[date, date] | None] = {}
        self._core: dict[str, tuple[int, date | None]] = {}  # root -> (articles, day) of its most reported event
        self._days = days
        self._weights = weights

    def find(self, item: str) -> str:
        if item not in self._parent:
            self._parent[item] = item
            day = self._days.get(item)
            self._span[item] = None if day is None else (day, day)
            self._core[item] = (self._weights.get(item, 0), day)
        root = item
        while self._parent[root] != root:
            root = self._parent[root]
        self._parent[item] = root
        return root

    def merge(self, a: str, b: str, *, reach: int) -> None:
        """Merge the groups of `a` and `b` if the span and the cores' distance (at most `reach` days) allow."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return
        span = _union_span(self._span[root_a], self._span[root_b])
        if span is not None and (span[1] - span[0]).days > MAX_SPAN_DAYS:
            return
        gap = _gap(self._core[root_a][1], self._core[root_b][1])
        if gap is not None and gap > reach:
            return
        self._parent[root_b] = root_a
        self._span[root_a] = span
        self._core[root_a] = max(self._core[root_a], self._core[root_b], key=_core_rank)

    def members(self, events: Sequence[StoryEvent]) -> list[list[StoryEvent]]:
        grouped: dict[str, list[StoryEvent]] = defaultdict(list)
        for event in events:
            grouped[self.find(event.id)].append(event)
        return list(grouped.values())


def _core_rank(core: tuple[int, date | None]) -> tuple[int, int]:
    """More articles first, then the earlier (dated) day."""
    weight, day = core
    return (weight, -(day.toordinal() if day else date.max.toordinal()))


def _union_span(a: tuple[date, date] | None, b: tuple[date, date] | None) -> tuple[date, date] | None:
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), max(a[1], b[1]))


def _story(members: list[StoryEvent], articles: Mapping[str, StoryArticle], days: Mapping[str, date | None]) -> Story:
    article_ids = sorted({a for event in members for a in event.article_ids}, key=lambda a: _seq(articles, a))
    in_order = sorted(members, key=lambda e: (days[e.id] or date.max, e.id))
    dated = [e for e in in_order if days[e.id] is not None]  # earliest first
    span = [day.isoformat() for e in dated[:1] + dated[-1:] if (day := days[e.id]) is not None]
    anchor = min(members, key=lambda e: (_seq(articles, e.article_ids[0]) if e.article_ids else 0, e.id))
    return Story(
        id=f"st:{anchor.id}",
        title=_title(members, articles, dated),
        event_ids=tuple(e.id for e in in_order),
        article_ids=tuple(article_ids),
        first_date=span[0] if span else None,
        last_date=span[-1] if span else None,
    )


def _title(members: list[StoryEvent], articles: Mapping[str, StoryArticle], dated: list[StoryEvent]) -> str:
    """The central article's title, else one built from the most reported event and the span of `dated`
    (the story's dated events, earliest first)."""
    reporting = Counter(a for event in members for a in event.article_ids)
    about = {a for event in members for a in event.main_article_ids}  # articles whose main event is here
    for article_id, _ in sorted(reporting.items(), key=lambda item: (-item[1], _seq(articles, item[0]))):
        title = articles[article_id].title if article_id in articles else None
        if title and title.strip() and article_id in about:
            return title.strip()
    main = max(members, key=lambda e: (len(e.article_ids), e.id))  # the most reported event
    where = f" in {main.place}" if main.place else ""
    if not dated:
        return f"{main.type}{where}"
    earliest, latest = (readable_date(e.date, e.date_precision) or "" for e in (dated[0], dated[-1]))
    return f"{main.type}{where}, " + (earliest if earliest == latest else f"{earliest} to {latest}")


def _seq(articles: Mapping[str, StoryArticle], article_id: str) -> int:
    article = articles.get(article_id)
    return article.seq if article else 0


def _gap(a: date | None, b: date | None) -> int | None:
    if a is None or b is None:
        return None
    return abs((a - b).days)

