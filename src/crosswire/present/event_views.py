"""Events and stories of an export as a reader sees them: who reported each
event, who inside those reports gave which numbers, and the figure ranges.

Works on the JSON export (docs/OUTPUT.md records), so the terminal report
and the ACLED rows agree with `crosswire export`. Before cross-article linking
every event frame is an event of its own article and there are no stories;
linking only makes `article_ids` longer and fills `stories`, nothing here
depends on it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from crosswire.present.site_data import UNKNOWN_OUTLET

Record = dict[str, Any]

# The order casualty categories are shown in; anything else follows alphabetically.
CATEGORY_ORDER = ("killed", "injured", "missing", "captured", "displaced", "casualties")


@dataclass(slots=True)
class Claimant:
    """Someone whose words an event's articles report: a named source, or the
    outlet itself for what it states in its own voice."""

    name: str
    type: str | None
    via: str | None
    claims: int = 0
    figures: list[str] = field(default_factory=list)  # "killed 201+", in text order

    def label(self) -> str:
        via = f" via {self.via}" if self.via else ""
        numbers = f": {', '.join(dict.fromkeys(self.figures))}" if self.figures else ""
        return f"{self.name}{via}{numbers}"


@dataclass(frozen=True, slots=True)
class EventView:
    event: Record
    outlets: tuple[str, ...]  # of the event's articles, most articles first
    titles: tuple[str, ...]
    claimants: tuple[Claimant, ...]  # those giving figures first, then by number of claims

    @property
    def id(self) -> str:
        return str(self.event["id"])


@dataclass(frozen=True, slots=True)
class StoryView:
    story: Record | None  # None: events that belong to no story
    events: tuple[EventView, ...]


def event_views(export: Record) -> list[EventView]:
    """Every event of the export with its outlets and claimants, most reported first."""
    articles = {article["id"]: article for article in export["articles"]}
    claimants = _claimants_by_event(export, articles)
    views = []
    for event in export["events"]:
        members = [articles[a] for a in event.get("article_ids", []) if a in articles]
        outlet_counts: dict[str, int] = defaultdict(int)
        for article in members:
            outlet_counts[str(article["outlet"])] += 1
        views.append(
            EventView(
                event=event,
                outlets=tuple(sorted(outlet_counts, key=lambda o: (-outlet_counts[o], o))),
                titles=tuple(str(a["title"]) for a in members if a.get("title")),
                claimants=tuple(claimants.get(event["id"], [])),
            )
        )
    return rank_events(views)


def rank_events(views: list[EventView]) -> list[EventView]:
    """Most articles first, then main events, events with casualty figures, newest."""
    by_date = sorted(views, key=lambda v: str(v.event.get("date") or ""), reverse=True)
    return sorted(
        by_date,
        key=lambda v: (
            -len(v.event.get("article_ids", [])),
            not v.event.get("main", True),
            not v.event.get("figures"),
        ),
    )


def story_views(export: Record, views: list[EventView]) -> list[StoryView]:
    """Stories with their events, the most recent story first (monitors read
    what is new; ties: more articles first), then a group of the events no
    story holds; without stories that group is every event."""
    by_id = {view.id: view for view in views}
    rank = {view.id: position for position, view in enumerate(views)}
    placed: set[str] = set()
    stories = []
    for story in export.get("stories", []):
        members = sorted((by_id[e] for e in story.get("event_ids", []) if e in by_id), key=lambda v: rank[v.id])
        placed.update(view.id for view in members)
        stories.append(StoryView(story=story, events=tuple(members)))
    stories.sort(key=lambda s: ((s.story or {}).get("last_date") or "", len((s.story or {}).get("article_ids", []))),
                 reverse=True)
    loose = tuple(view for view in views if view.id not in placed)
    if loose:
        stories.append(StoryView(story=None, events=loose))
    return stories


def range_text(summary: Record | None, *, best: bool = True) -> str:
    """An event's range for one category: "112", "24-99 ~61", "40+ ~119 contested"."""
    if not summary:
        return ""
    low, high = summary.get("low"), summary.get("high")
    if low is None:
        return ""
    text = f"{low}+" if high is None else (str(low) if low == high else f"{low}-{high}")
    point = summary.get("best")
    if best and point is not None and not (high is not None and low == high):
        text += f" ~{point}"
    if summary.get("contested"):
        text += " contested"
    return text


def figure_text(figure: Record) -> str:
    """One reported figure as "killed 201+" or "injured 200-300"."""
    low, high = figure["low"], figure["high"]
    span = f"{low}+" if high is None else (str(low) if low == high else f"{low}-{high}")
    return f"{figure['category']} {span}"


def ordered_categories(figures: Record) -> list[str]:
    known = [c for c in CATEGORY_ORDER if c in figures]
    return known + sorted(c for c in figures if c not in CATEGORY_ORDER)


def grade_text(event: Record) -> str:
    """Corroboration grade with the number of independent origins behind it."""
    grade = str(event.get("corroboration") or "ungraded")
    origins = event.get("origins")
    if origins is None:
        origins = max((f.get("origins", 0) for f in event.get("figures", {}).values()), default=None)
    if origins is None:
        return grade
    return f"{grade}, {origins} origin{'s' if origins != 1 else ''}"


def _claimants_by_event(export: Record, articles: dict[str, Record]) -> dict[str, list[Claimant]]:
    claims = {claim["id"]: claim for claim in export["claims"]}
    found: dict[str, dict[tuple[str, str | None], Claimant]] = defaultdict(dict)
    for claim in export["claims"]:
        if claim.get("event_id") and claim.get("source"):
            _claimant(found[claim["event_id"]], claim, articles).claims += 1
    for figure in export["figures"]:
        event = figure.get("event_id")
        if not event:
            continue
        claim = claims.get(figure.get("claim_id") or "")
        origin = figure.get("origin")
        if claim is None or (origin and not origin.get("claimant")):  # the report's own figure
            claim = {"article_id": figure["article_id"], "source": None, "via": None}
        _claimant(found[event], claim, articles).figures.append(figure_text(figure) + _probably(figure))
    return {
        event: sorted(people.values(), key=lambda c: (not any(f.startswith("killed") for f in c.figures), not c.figures, -c.claims, c.name))
        for event, people in found.items()
    }


def _probably(figure: Record) -> str:
    """" (probably the U.S. official via Bloomberg, inferred)" for a figure whose
    unnamed "reports" the link stage traced to an earlier report (assess.inferred_origins)."""
    probable = figure.get("probable_origin")
    if not probable:
        return ""
    who = f"{probable['claimant']} via {probable['report']}" if probable.get("claimant") else probable["report"]
    return f" (probably {who}, inferred)"


def _claimant(people: dict[tuple[str, str | None], Claimant], claim: Record, articles: dict[str, Record]) -> Claimant:
    source = claim.get("source")
    if source:
        name, kind, via = str(source["name"]), source.get("type"), claim.get("via")
    else:
        outlet = articles.get(claim["article_id"], {}).get("outlet") or UNKNOWN_OUTLET
        name = "unattributed (outlet unknown)" if outlet == UNKNOWN_OUTLET else f"{outlet} (own reporting)"
        kind, via = "outlet", None
    key = (" ".join(name.lower().split()), (via or "").lower() or None)
    if key not in people:
        people[key] = Claimant(name=name, type=kind, via=via)
    return people[key]
