"""The event page's figure comparison chart and timeline, as inline SVG.

Drawn server-side so the static report needs no script: one row per
independent origin and range, on one axis across categories, so "25 injured"
against "more than 200 killed" reads at a glance. Every piece of text goes
through `escape`; links come from the caller's `Links`.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any, Protocol

from markupsafe import Markup, escape

from crosswire.present.site_data import UNKNOWN_OUTLET, Record, format_range
from crosswire.understand.timex_calendar import first_day

COLOURS = {
    "killed": "#a4262c", "injured": "#d9822b", "casualties": "#7a4f9a",
    "missing": "#5c6b73", "captured": "#2f6f9f", "displaced": "#2a8c82",
}
LABEL_WIDTH, PLOT_LEFT, PLOT_RIGHT, ROW, HEADER = 300, 318, 700, 34, 28


class Links(Protocol):
    def claim(self, article_id: str, claim_id: str | None) -> str: ...
    def article(self, article_id: str) -> str: ...
    def event(self, event_id: str) -> str: ...


class _Scale:
    """Linear from 0, or logarithmic when the numbers span more than two orders of magnitude."""

    def __init__(self, values: list[int]) -> None:
        positive = [v for v in values if v > 0] or [1]
        top = max(positive)
        self.log = top / min(positive) > 100
        self.top = _nice(top)
        self.ticks = [10**k for k in range(0, int(math.log10(self.top)) + 1)] if self.log else _linear_ticks(self.top)

    def x(self, value: float) -> float:
        share = math.log10(max(value, 1)) / math.log10(self.top) if self.log else value / self.top
        return PLOT_LEFT + min(share, 1.0) * (PLOT_RIGHT - PLOT_LEFT)


def _nice(value: float) -> int:
    magnitude = 10 ** int(math.floor(math.log10(max(value, 1))))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude)
    return int(10 * magnitude)


def _linear_ticks(top: int) -> list[int]:
    step = top / 4
    return [int(step * i) for i in range(5)]


def figure_chart(groups: list[Record], links: Links) -> Markup:
    """One bar per (origin, range) under each category, the reconciled range shaded behind."""
    rows = [row for group in groups for row in group["rows"]]
    if not rows:
        return Markup('<p class="empty">No casualty figures were found for this event.</p>')
    values = [v for row in rows for v in (row["low"], row["high"] or int(row["low"] * 1.5)) if v is not None]
    scale = _Scale(values)
    height = HEADER * len(groups) + ROW * len(rows) + 40
    parts = [f'<svg class="figure-chart" viewBox="0 0 720 {height}" width="720" height="{height}" role="img" '
             'aria-label="Casualty figures by source">']
    y = 0
    for group in groups:
        y = _category(parts, group, scale, links, y)
    parts.append(_axis(scale, y))
    parts.append("</svg>")
    return Markup("".join(parts))


def _category(parts: list[str], group: Record, scale: _Scale, links: Links, y: int) -> int:
    colour = COLOURS.get(group["category"], "#444")
    summary = group.get("summary")
    band_top, band_height = y + HEADER, ROW * len(group["rows"])
    title = escape(group["category"])
    if summary:
        note = f"reconciled {format_range(summary['low'], summary.get('high'))}, best {summary['best']:,}"
        note += f" \u00b7 {summary.get('origins', 1)} origin{'s' if summary.get('origins', 1) != 1 else ''}"
        note += " \u00b7 contested" if summary.get("contested") else ""
        low_x = scale.x(summary["low"])
        high_x = PLOT_RIGHT if summary.get("high") is None else scale.x(summary["high"])
        parts.append(f'<rect x="{low_x:.1f}" y="{band_top}" width="{max(high_x - low_x, 2):.1f}" height="{band_height}" '
                     f'fill="{colour}" fill-opacity="0.07"/>')
        best_x = scale.x(summary["best"])
        parts.append(f'<line x1="{best_x:.1f}" x2="{best_x:.1f}" y1="{band_top}" y2="{band_top + band_height}" '
                     f'stroke="{colour}" stroke-dasharray="3 3" stroke-opacity="0.6"><title>best estimate '
                     f'{summary["best"]:,}</title></line>')
        title = Markup(f'{title} <tspan class="chart-note">{escape(note)}</tspan>')
    parts.append(f'<text x="0" y="{y + 19}" class="chart-category" fill="{colour}">{title}</text>')
    parts.append(f'<line x1="0" x2="720" y1="{y + HEADER - 2}" y2="{y + HEADER - 2}" stroke="#ddd"/>')
    y += HEADER
    for row in group["rows"]:
        parts.append(_bar(row, scale, links, y, colour))
        y += ROW
    return y


def _bar(row: Record, scale: _Scale, links: Links, y: int, colour: str) -> str:
    origin = row["origin"]
    mention = row["mentions"][0]
    href = links.claim(mention["figure"]["article_id"], mention["claim"]["id"] if mention["claim"] else None)
    who = origin.name
    if origin.claimant:
        via = f"via {origin.via}" if origin.via else "outlet unknown"
    else:
        via = "the outlet's own reporting"
    if origin.probable:
        via = f"probably {origin.probable} (inferred)"
    carriers = sorted({m["article"]["outlet"] for m in row["mentions"] if m["article"]} - {UNKNOWN_OUTLET})
    if carriers and carriers != [origin.report]:
        via += f" \u00b7 in {', '.join(carriers[:3])}" + (f" +{len(carriers) - 3}" if len(carriers) > 3 else "")
    low_x = scale.x(row["low"])
    open_ended = row["high"] is None
    high_x = PLOT_RIGHT if open_ended else scale.x(row["high"])
    mid = y + ROW / 2
    dash = ' stroke-dasharray="3 2"' if row["hedged"] else ""
    words = ", ".join(row["texts"])
    tooltip = f"{who}: \u201c{words}\u201d {row['category']} ({format_range(row['low'], row['high'])})"
    if row["groups"]:
        tooltip += f" \u2014 {', '.join(row['groups'])}"
    if row["hedged"]:
        tooltip += " \u2014 hedged"
    if origin.reason:
        tooltip += f" \u2014 probable origin inferred: {origin.reason}"
    shape = (f'<circle cx="{low_x:.1f}" cy="{mid:.1f}" r="5.5" fill="{colour}"{dash}/>' if high_x - low_x < 3 else
             f'<rect x="{low_x:.1f}" y="{mid - 5:.1f}" width="{high_x - low_x:.1f}" height="10" rx="2" '
             f'fill="{colour}" fill-opacity="{0.45 if open_ended else 0.85}" stroke="{colour}"{dash}/>')
    if open_ended:
        shape += f'<path d="M{PLOT_RIGHT},{mid - 8} L{PLOT_RIGHT + 10},{mid} L{PLOT_RIGHT},{mid + 8}Z" fill="{colour}"/>'
    label_x = low_x if open_ended or high_x > PLOT_RIGHT - 90 else high_x + 8
    label_y = mid - 8 if open_ended or high_x > PLOT_RIGHT - 90 else mid + 4
    return (
        f'<a href="{escape(href)}" class="bar"><title>{escape(tooltip)}</title>'
        f'<text x="0" y="{mid - 2:.0f}" class="chart-who">{escape(_clip(who, 44))}</text>'
        f'<text x="0" y="{mid + 11:.0f}" class="chart-via">{escape(_clip(via, 56))}</text>'
        f'{shape}<text x="{label_x:.1f}" y="{label_y:.1f}" class="chart-value">'
        f'{escape(_clip(words, 30))} ({escape(format_range(row["low"], row["high"]))})</text></a>'
    )


def _axis(scale: _Scale, y: int) -> str:
    parts = [f'<line x1="{PLOT_LEFT}" x2="{PLOT_RIGHT}" y1="{y + 6}" y2="{y + 6}" stroke="#888"/>']
    for tick in scale.ticks:
        x = scale.x(tick)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y + 6}" y2="{y + 11}" stroke="#888"/>'
                     f'<text x="{x:.1f}" y="{y + 24}" class="chart-tick" text-anchor="middle">{tick:,}</text>')
    caption = "people (log scale)" if scale.log else "people"
    parts.append(f'<text x="{PLOT_LEFT - 8}" y="{y + 24}" class="chart-tick" text-anchor="end">{caption}</text>')
    return "".join(parts)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"




def _span_days(precision: str | None) -> int:
    return {"week": 7, "month": 30, "year": 365}.get(precision or "day", 1)


def timeline_chart(timeline: Record, links: Links, *, limit: int = 30) -> Markup:
    """Event dates on top, one lane per report below, on one day axis."""
    events = [(e, first_day(e["event"].get("date"))) for e in timeline["events"]]
    reports = [(r, first_day(r["date"])) for r in timeline["reports"]]
    days = [d for _, d in events + reports if d] + [
        d + timedelta(days=_span_days(e["event"].get("date_precision"))) for e, d in events if d]
    if not days:
        return Markup('<p class="empty">No dates known for this event or its reports.</p>')
    first, last = min(days) - timedelta(days=1), max(days) + timedelta(days=1)
    span = max((last - first).days, 1)
    shown = reports[:limit]
    height = 52 + 22 * len(shown) + 30

    def x(day: date) -> float:
        return PLOT_LEFT + (day - first).days / span * (PLOT_RIGHT - PLOT_LEFT)

    parts = [f'<svg class="timeline" viewBox="0 0 720 {height}" width="720" height="{height}" role="img" '
             'aria-label="Timeline of the event and its reports">',
             '<text x="0" y="26" class="chart-who">when it happened</text>']
    for item, day in events:
        if day:
            parts.append(_event_mark(item, day, x, links))
    for index, (report, day) in enumerate(shown):
        parts.append(_report_mark(report, day, x, 52 + 22 * index, links))
    parts.append(_day_axis(first, last, x, height - 24))
    parts.append("</svg>")
    note = f'<p class="note">and {len(reports) - limit} more reports</p>' if len(reports) > limit else ""
    return Markup("".join(parts) + note)


def _event_mark(item: Record, day: date, x: Any, links: Links) -> str:
    event = item["event"]
    colour = "#b3261e" if item["current"] else "#7d8790"
    end = day + timedelta(days=_span_days(event.get("date_precision")))
    width = max(x(end) - x(day), 6)
    label = f"{event.get('sub_event') or event.get('type')}: {event.get('date')} ({event.get('date_precision') or 'day'})"
    return (f'<a href="{escape(links.event(event["id"]))}"><title>{escape(label)}</title>'
            f'<rect x="{x(day):.1f}" y="14" width="{width:.1f}" height="16" rx="3" fill="{colour}" '
            f'fill-opacity="{0.9 if item["current"] else 0.45}"/></a>')


def _report_mark(report: Record, day: date | None, x: Any, y: int, links: Links) -> str:
    article = report["article"]
    outlet = _clip(article.get("outlet") or "unknown", 40)
    head = (f'<a href="{escape(links.article(article["id"]))}"><title>{escape(article.get("title") or outlet)}</title>'
            f'<text x="0" y="{y + 4}" class="chart-via">{escape(outlet)}</text>')
    if day is None:
        return head + f'<text x="{PLOT_LEFT}" y="{y + 4}" class="chart-via">date unknown</text></a>'
    fill = "#fff" if report["copy"] else "#2f4858"
    return head + (f'<line x1="{PLOT_LEFT}" x2="{PLOT_RIGHT}" y1="{y}" y2="{y}" stroke="#eee"/>'
                   f'<circle cx="{x(day):.1f}" cy="{y}" r="5" fill="{fill}" stroke="#2f4858" stroke-width="1.5"/></a>')


def _day_axis(first: date, last: date, x: Any, y: int) -> str:
    parts = [f'<line x1="{PLOT_LEFT}" x2="{PLOT_RIGHT}" y1="{y}" y2="{y}" stroke="#888"/>']
    span = (last - first).days
    step = max(1, -(-span // 6))
    day = first
    while day <= last:
        parts.append(f'<line x1="{x(day):.1f}" x2="{x(day):.1f}" y1="{y}" y2="{y + 5}" stroke="#888"/>'
                     f'<text x="{x(day):.1f}" y="{y + 18}" class="chart-tick" text-anchor="middle">'
                     f'{day.strftime("%d %b %Y" if span > 300 else "%d %b")}</text>')
        day += timedelta(days=step)
    return "".join(parts)
