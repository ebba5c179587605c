"""What the HTML report and the web app show, built from OUTPUT.md records.

The pages read the JSON export's shape (docs/OUTPUT.md) and nothing else, so
they work on today's per-article events and get richer as the link stage adds
cross-article events, stories, claim origins and provenance edges: every
extra is optional here. Without stories, each event is a story of its own.

`SiteData` is an in-memory index built once (per report, or at web-app
start-up); page views are cheap lookups into it, never a rebuild.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from crosswire.understand.timex_calendar import readable_date

Record = dict[str, Any]

UNKNOWN_OUTLET = "unknown"  # what ingest stores when nothing names the outlet
CATEGORY_ORDER = ("killed", "injured", "casualties", "missing", "captured", "displaced")
GRADES = ("single-source", "corroborated", "contested", "denied")


@dataclass(frozen=True, slots=True)
class Origin:
    """Who a claim comes from first-hand: the report that carried it and the claimant in it."""

    key: str
    report: str
    claimant: str | None
    probable: str | None = None  # for hearsay: the label of the earlier report it most likely rests on
    reason: str | None = None  # why that report is its probable origin

    @property
    def label(self) -> str:
        if self.claimant is None:
            return self.name
        return f"{self.claimant} (via {self.via})" if self.via else self.claimant

    @property
    def name(self) -> str:
        """Who speaks: the claimant, else the report; "unattributed" for an
        outlet's own words when the outlet is not known (a bare text file)."""
        return self.claimant or self.via or "unattributed"

    @property
    def via(self) -> str | None:
        """The report that carried it, None when its outlet is not known:
        "via unknown" reads as a relay through someone called unknown."""
        return None if self.report == UNKNOWN_OUTLET else self.report


@dataclass(slots=True)
class SiteData:
    """The export, indexed for pages."""

    articles: dict[str, Record]
    events: dict[str, Record]
    stories: list[Record]
    claims: dict[str, Record]
    figures: list[Record]
    edges: list[Record]
    derived_stories: bool
    claims_by_article: dict[str, list[Record]] = field(default_factory=dict)
    claims_by_event: dict[str, list[Record]] = field(default_factory=dict)
    figures_by_event: dict[str, list[Record]] = field(default_factory=dict)
    figures_by_article: dict[str, list[Record]] = field(default_factory=dict)
    story_of_event: dict[str, str] = field(default_factory=dict)
    stories_by_id: dict[str, Record] = field(default_factory=dict)
    events_by_article: dict[str, list[str]] = field(default_factory=dict)


def build_site_data(export: Record) -> SiteData:
    """Index an export (the dict `build_export` returns, or its JSON parsed)."""
    articles = {a["id"]: a for a in export.get("articles", [])}
    events = {e["id"]: e for e in export.get("events", [])}
    claims = {c["id"]: c for c in export.get("claims", [])}
    stories = list(export.get("stories") or [])
    derived = not stories
    if derived:
        stories = [_story_of_event(event, articles) for event in events.values()]
    site = SiteData(
        articles=articles,
        events=events,
        stories=stories,
        claims=claims,
        figures=list(export.get("figures", [])),
        edges=_provenance_edges(export, articles),
        derived_stories=derived,
    )
    _index(site)
    return site


def _index(site: SiteData) -> None:
    claims_by_article: dict[str, list[Record]] = defaultdict(list)
    claims_by_event: dict[str, list[Record]] = defaultdict(list)
    for claim in site.claims.values():
        claims_by_article[claim["article_id"]].append(claim)
        if claim.get("event_id"):
            claims_by_event[claim["event_id"]].append(claim)
    figures_by_event: dict[str, list[Record]] = defaultdict(list)
    figures_by_article: dict[str, list[Record]] = defaultdict(list)
    for figure in site.figures:
        figures_by_article[figure["article_id"]].append(figure)
        if figure.get("event_id"):
            figures_by_event[figure["event_id"]].append(figure)
    events_by_article: dict[str, list[str]] = defaultdict(list)
    for event in site.events.values():
        for article_id in event.get("article_ids", []):
            events_by_article[article_id].append(event["id"])
    site.claims_by_article = dict(claims_by_article)
    site.claims_by_event = dict(claims_by_event)
    site.figures_by_event = dict(figures_by_event)
    site.figures_by_article = dict(figures_by_article)
    site.events_by_article = dict(events_by_article)
    site.stories_by_id = {story["id"]: story for story in site.stories}
    site.story_of_event = {eid: story["id"] for story in site.stories for eid in story.get("event_ids", [])}


def _story_of_event(event: Record, articles: dict[str, Record]) -> Record:
    titles = [articles[a]["title"] for a in event.get("article_ids", []) if a in articles and articles[a].get("title")]
    return {
        "id": event["id"],
        "title": titles[0] if titles else event_label(event),
        "event_ids": [event["id"]],
        "article_ids": list(event.get("article_ids", [])),
    }


def _provenance_edges(export: Record, articles: dict[str, Record]) -> list[Record]:
    """Provenance edges from the link stage when present, plus copies known from ingest."""
    edges: list[Record] = [dict(edge) for edge in export.get("provenance", []) or export.get("provenance_edges", []) or []]
    seen = {(e.get("article_id"), e.get("target_article_id"), e.get("kind")) for e in edges}
    for article in articles.values():
        target = article.get("copy_of")
        if target and (article["id"], target, "copies") not in seen:
            outlet = articles.get(target, {}).get("outlet", target)
            edges.append({"article_id": article["id"], "kind": "copies", "target_name": outlet, "target_article_id": target})
    return edges


def event_label(event: Record) -> str:
    """A short human name: what, where, when."""
    what = event.get("sub_event") or event.get("type") or "Event"
    parts = [str(what)]
    place = place_name(event)
    if place:
        parts.append(place)
    when = event_when(event)
    if when:
        parts.append(when)
    return " · ".join(parts)


def event_when(event: Record) -> str | None:
    """An event's date as precisely as it is known ("August 2013", not "2013-08-01")."""
    return readable_date(event.get("date"), event.get("date_precision"))


def place_name(event: Record) -> str | None:
    location = event.get("location") or {}
    names = [location.get("name"), location.get("admin1"), location.get("country")]
    unique: list[str] = []
    for name in names:
        if name and name not in unique:
            unique.append(name)
    return ", ".join(unique) or None


def claim_origin(claim: Record, article: Record | None) -> Origin:
    """The claim's origin from the link stage, or a stand-in: the report it came through and its claimant."""
    given = claim.get("origin")
    if isinstance(given, dict) and given.get("report"):
        key = str(given.get("key") or f"{given['report']}|{given.get('claimant') or ''}")
        return Origin(key=key, report=str(given["report"]), claimant=given.get("claimant"))
    outlet = (article or {}).get("outlet") or "unknown outlet"
    report = claim.get("via") or outlet
    source = claim.get("source") or {}
    claimant = source.get("name") if claim.get("kind") in ("attributed", "denial") or source else None
    key = f"{_norm(report)}|{_norm(claimant or '')}"
    return Origin(key=key, report=str(report), claimant=claimant)


def figure_origin(figure: Record, claim: Record | None, article: Record | None) -> Origin:
    """The figure's origin as the export gives it (a figure outside its claimant's words is
    the report's), with its probable origin when it is hearsay resting on an earlier report;
    else its claim's."""
    given = figure.get("origin")
    probable = figure.get("probable_origin") or {}
    inferred = Origin(key="", report=str(probable["report"]), claimant=probable.get("claimant")) if probable else None
    if isinstance(given, dict) and given.get("report"):
        return Origin(key=str(given.get("key") or f"{given['report']}|"), report=str(given["report"]),
                      claimant=given.get("claimant"), probable=None if inferred is None else inferred.label,
                      reason=probable.get("reason"))
    return claim_origin(claim or {}, article)


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())


def story_events(site: SiteData, story: Record) -> list[Record]:
    """A story's events in date order (undated last)."""
    events = [site.events[eid] for eid in story.get("event_ids", []) if eid in site.events]
    return sorted(events, key=lambda e: (e.get("date") is None, e.get("date") or "", e["id"]))


def story_articles(site: SiteData, story: Record) -> list[Record]:
    ids = story.get("article_ids") or sorted({a for e in story_events(site, story) for a in e.get("article_ids", [])})
    return sorted((site.articles[a] for a in ids if a in site.articles), key=_published_key)


def event_articles(site: SiteData, event: Record) -> list[Record]:
    return sorted((site.articles[a] for a in event.get("article_ids", []) if a in site.articles), key=_published_key)


def _published_key(article: Record) -> tuple[bool, str, str]:
    return (article.get("published") is None, article.get("published") or "", article["id"])


def story_summary(site: SiteData, story: Record) -> Record:
    """One row of the story list: dates, places, outlets, grade and headline figures.

    Places and figures come from the story's most reported events first
    (`by_weight`): in date order, a story about a gas attack that also
    recalls a bombing a month before led with the bombing's toll and place."""
    events = story_events(site, story)
    articles = story_articles(site, story)
    dated = sorted((e for e in events if e.get("date")), key=lambda e: str(e["date"]))  # earliest first
    grades = [str(e["corroboration"]) for e in events if e.get("corroboration")]
    leading = by_weight(events)
    return {
        "story": story,
        "events": events,
        "lead": leading[0] if leading else None,
        "articles": articles,
        "outlets": sorted({a.get("outlet") or "unknown" for a in articles}),
        "first_date": dated[0]["date"] if dated else None,
        "last_date": dated[-1]["date"] if dated else None,
        # as precisely as known: "2014", "August 2013", "2013-08-21"
        "first_when": event_when(dated[0]) if dated else None,
        "last_when": event_when(dated[-1]) if dated else None,
        "places": list(dict.fromkeys(p for p in (place_name(e) for e in leading) if p)),
        "grade": _worst_grade(grades),
        "figures": _headline_figures(leading),
    }


def by_weight(events: list[Record]) -> list[Record]:
    """Events with the most articles first, then with the most independent
    origins, with figures, dated, and in date order."""
    return sorted(events, key=lambda e: (
        -len(e.get("article_ids") or ()), -(e.get("origins") or 0), not e.get("figures"),
        e.get("date") is None, e.get("date") or "", e["id"]))


def _worst_grade(grades: list[str]) -> str | None:
    """The grade an analyst must notice first: denied, then contested, then the rest."""
    for grade in ("denied", "contested", "corroborated", "single-source"):
        if grade in grades:
            return grade
    return grades[0] if grades else None


def _headline_figures(events: list[Record]) -> list[tuple[str, Record]]:
    figures: list[tuple[str, Record]] = []
    for event in events:
        for category in CATEGORY_ORDER:
            summary = (event.get("figures") or {}).get(category)
            if summary and category not in [c for c, _ in figures]:
                figures.append((category, summary))
    return figures


def format_range(low: int | None, high: int | None) -> str:
    """'25', '90-110', '201+' : a range as an analyst writes it."""
    if low is None:
        return "?"
    if high is None:
        return f"{low:,}+"
    if high == low:
        return f"{low:,}"
    return f"{low:,}\u2013{high:,}"


def key_claims(site: SiteData, event: Record, *, limit: int = 40) -> list[Record]:
    """The event's claims an analyst checks first: figures, denials, attributions, opinion last."""
    rank = {"denial": 0, "attributed": 1, "reported": 2, "speculation": 3, "opinion": 4, "question": 5}
    with_figures = {f.get("claim_id") for f in site.figures_by_event.get(event["id"], [])}
    claims = site.claims_by_event.get(event["id"], [])
    ordered = sorted(claims, key=lambda c: (c["id"] not in with_figures, rank.get(c.get("kind", ""), 9), c["id"]))
    return [c for c in ordered if c["id"] in with_figures or c.get("kind") in ("denial", "attributed")][:limit]
