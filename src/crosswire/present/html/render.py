"""Templates and the pieces both the static report and the web app render.

Jinja2 autoescapes everything; the only unescaped markup is what this
package builds itself (SVG and the highlighted article text), in which every
piece of article-derived text passes through `escape`. Pages carry no
script, and the stylesheet is inlined with its hash in the Content-Security-
Policy, so a hostile article cannot run code or load anything.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from crosswire.present.html.charts import COLOURS, figure_chart, timeline_chart
from crosswire.present.html.geo import locator_map
from crosswire.present.html.graph import source_graph_svg
from crosswire.present.site_data import Record, event_label, event_when, format_range, place_name

KIND_LABELS = {
    "reported": "reported as fact", "attributed": "attributed", "denial": "denial",
    "opinion": "author's opinion", "speculation": "speculation", "question": "question",
}


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return resources.files("crosswire.present.html").joinpath("static/style.css").read_text(encoding="utf-8")


def style_hash() -> str:
    """The CSP source expression allowing exactly the inlined stylesheet."""
    digest = hashlib.sha256(stylesheet().encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy() -> str:
    """No script at all, no plugins, nothing from other origins; only the inlined stylesheet."""
    return (f"default-src 'none'; style-src {style_hash()}; img-src 'self' data:; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


@dataclass(frozen=True, slots=True)
class AppLinks:
    """Links between pages of the web app."""

    def story(self, story_id: str) -> str:
        return f"/stories/{quote(story_id, safe=':')}"

    def event(self, event_id: str) -> str:
        return f"/events/{quote(event_id, safe=':')}"

    def article(self, article_id: str) -> str:
        return f"/articles/{quote(article_id, safe='')}"

    def claim(self, article_id: str, claim_id: str | None) -> str:
        return self.article(article_id) + (f"#claim-{quote(claim_id, safe=':')}" if claim_id else "")

    def figure(self, article_id: str, figure_id: str) -> str:
        return self.article(article_id) + f"#figure-{quote(figure_id, safe=':')}"

    def stories(self, **params: Any) -> str:
        query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
        return "/" + (f"?{query}" if query else "")


@dataclass(frozen=True, slots=True)
class ReportLinks:
    """Links inside the one-file report: fragments."""

    def story(self, story_id: str) -> str:
        return f"#story-{quote(story_id, safe=':')}"

    def event(self, event_id: str) -> str:
        return f"#event-{quote(event_id, safe=':')}"

    def article(self, article_id: str) -> str:
        return f"#article-{quote(article_id, safe='')}"

    def claim(self, article_id: str, claim_id: str | None) -> str:
        return f"#claim-{quote(claim_id, safe=':')}" if claim_id else self.article(article_id)

    def figure(self, article_id: str, figure_id: str) -> str:
        return f"#figure-{quote(figure_id, safe=':')}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("crosswire.present.html", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        stylesheet=stylesheet, KIND_LABELS=KIND_LABELS, COLOURS=COLOURS, event_label=event_label,
        place_name=place_name, format_range=format_range, figure_chart=figure_chart, timeline_chart=timeline_chart,
        source_graph_svg=source_graph_svg, event_map=event_map, article_text=article_text, quote=quote,
        event_when=event_when,
    )
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def event_map(events: list[Record], *, current: str | None = None, width: int = 320) -> Markup:
    """A locator map of the events with coordinates, centred on where most of them are."""
    points = [
        (float(loc["lon"]), float(loc["lat"]), event_label(e), e["id"] == current)
        for e in events
        if (loc := e.get("location")) and loc.get("lat") is not None and loc.get("lon") is not None
    ]
    if not points:
        return Markup('<p class="empty">No place with coordinates.</p>')
    shown = _main_cluster(points)
    places = sorted({name for e in events if (name := place_name(e))})
    svg = locator_map(shown, width=width, title="Map: " + "; ".join(places[:8]))
    if len(shown) < len(points):
        svg += Markup(f'<p class="note">{len(points) - len(shown)} more elsewhere, off this map.</p>')
    return svg


def _main_cluster(points: list[tuple[float, float, str, bool]], *, reach: float = 12.0) -> list[tuple[float, float, str, bool]]:
    """The points within `reach` degrees of the median point (and any highlighted one)."""
    lons = sorted(p[0] for p in points)
    lats = sorted(p[1] for p in points)
    mid_lon, mid_lat = lons[len(lons) // 2], lats[len(lats) // 2]
    return [p for p in points if p[3] or (abs(p[0] - mid_lon) <= reach and abs(p[1] - mid_lat) <= reach)]


def article_text(text: str, claims: list[Record], figures: list[Record]) -> Markup:
    """The article's text with each claim a span (its kind as a class) and each figure marked.

    Offsets are the export's evidence spans; a figure crossing a claim's edge
    is left unmarked rather than breaking the nesting."""
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    spans = sorted(claims, key=lambda c: c["evidence"]["start"])
    last_end = -1
    for claim in spans:
        start, end = claim["evidence"]["start"], claim["evidence"]["end"]
        if start < last_end or end <= start:
            continue
        last_end = end
        opens.setdefault(start, []).append(_claim_open(claim))
        closes.setdefault(end, []).insert(0, "</span>")
    for figure in figures:
        start, end = figure["evidence"]["start"], figure["evidence"]["end"]
        if end <= start or not _inside_one_claim(spans, start, end):
            continue
        title = f"{figure['category']}: {format_range(figure['low'], figure['high'])}"
        opens.setdefault(start, []).append(
            f'<mark id="figure-{escape(figure["id"])}" class="figure fig-{escape(figure["category"])}" '
            f'title="{escape(title)}">')
        closes.setdefault(end, []).insert(0, "</mark>")
    out: list[str] = []
    cuts = sorted(set(opens) | set(closes) | {0, len(text)})
    for index, cut in enumerate(cuts):
        out.extend(closes.get(cut, []))
        out.extend(opens.get(cut, []))
        if index + 1 < len(cuts):
            out.append(str(escape(text[cut : cuts[index + 1]])))
    return Markup("".join(out))


def _inside_one_claim(claims: list[Record], start: int, end: int) -> bool:
    for claim in claims:
        c_start, c_end = claim["evidence"]["start"], claim["evidence"]["end"]
        if c_start <= start < c_end:
            return bool(end <= c_end)
    return True


def _claim_open(claim: Record) -> str:
    kind = str(claim.get("kind") or "reported")
    notes = [KIND_LABELS.get(kind, kind)]
    source = claim.get("source") or {}
    if source.get("name"):
        notes.append(f"source: {source['name']} ({source.get('type') or '?'})")
    if claim.get("via"):
        notes.append(f"via {claim['via']}")
    if claim.get("cue"):
        notes.append(f"cue: {claim['cue']}")
    if claim.get("hedged"):
        notes.append("hedged")
    return (f'<span id="claim-{escape(claim["id"])}" class="claim k-{escape(kind)}'
            f'{" hedged" if claim.get("hedged") else ""}" title="{escape(" · ".join(notes))}">')
