"""Rich tables for the terminal report, and plain text when output is piped.

On a terminal the tables have rich's borders and colours. Piped into a file
or `less`, the same tables come out as uncoloured Markdown-style rows at a
fixed width, so they stay readable, diffable and greppable.
"""

from __future__ import annotations

import os

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from crosswire.present.event_views import EventView, StoryView, grade_text, ordered_categories, range_text

PIPED_WIDTH = 140  # columns when output is not a terminal and COLUMNS is not set
CLAIMANTS_SHOWN = 3


def report_console(console: Console) -> Console:
    """`console` itself on a terminal; otherwise a plain, wide one on the same file."""
    if console.is_terminal:
        return console
    width = console.width if os.environ.get("COLUMNS") else PIPED_WIDTH
    return Console(
        file=console.file, width=width, no_color=True, color_system=None, highlight=False, emoji=False,
        markup=True, soft_wrap=False,
    )


def new_table(console: Console, *, title: str, caption: str | None = None) -> Table:
    """A table in the console's style: boxed on a terminal, Markdown rows when piped."""
    style = box.HEAVY_HEAD if console.is_terminal else box.MARKDOWN
    return Table(title=escape(title), caption=caption, title_justify="left", caption_justify="left", box=style)


def story_title(story: StoryView, *, number: int, linked: bool) -> str:
    if story.story is None:
        return "Main events (one per article frame: cross-article linking has not run)" if not linked else "Events in no story"
    record = story.story
    articles = len(record.get("article_ids", []))
    dates = [d for d in (record.get("first_date"), record.get("last_date")) if d]
    span = "" if not dates else f", {dates[0]}" if dates[0] == dates[-1] else f", {dates[0]} to {dates[-1]}"
    return f"Story {number}: {record.get('title') or '(untitled)'} ({articles} article{'s' if articles != 1 else ''}{span})"


def event_table(console: Console, *, title: str, events: list[EventView], hidden: int) -> Table:
    """One row per event: when, where and what; figure ranges; grade; who reported it and who gave the numbers."""
    caption = f"and {hidden} more events (all of them are in 'crosswire export')" if hidden else None
    table = new_table(console, title=title, caption=caption)
    table.add_column("event", overflow="fold", max_width=26)
    table.add_column("figures (low-high ~best)", overflow="fold", max_width=26)
    table.add_column("grade", overflow="fold", max_width=14)
    table.add_column("reported by; top claimants: their figures", overflow="fold")
    for view in events:
        when_where_what = f"{_date_text(view.event)}\n{_place_text(view.event)}\n{_event_text(view.event)}"
        sources = "\n".join([_reported_by(view), *_claimant_lines(view)])
        cells = (when_where_what, _figures_text(view.event), grade_text(view.event).replace(", ", "\n"), sources)
        table.add_row(*(Text(cell) for cell in cells))
    return table


def _date_text(event: dict[str, object]) -> str:
    date = str(event.get("date") or "?")
    precision = event.get("date_precision")
    return date if precision in (None, "day") else f"{date} ({precision})"


def _place_text(event: dict[str, object]) -> str:
    location = event.get("location")
    if not isinstance(location, dict):
        return "?"
    parts = [location.get("name"), location.get("admin1"), location.get("country")]
    return ", ".join(dict.fromkeys(str(p) for p in parts if p)) or "?"


def _event_text(event: dict[str, object]) -> str:
    return str(event.get("sub_event") or event.get("type") or "?")


def _figures_text(event: dict[str, object]) -> str:
    figures = event.get("figures")
    if not isinstance(figures, dict) or not figures:
        return ""
    return "\n".join(f"{category} {range_text(figures[category])}" for category in ordered_categories(figures))


def _reported_by(view: EventView) -> str:
    articles = len(view.event.get("article_ids", []))
    outlets = ", ".join(view.outlets[:4]) + (f" +{len(view.outlets) - 4}" if len(view.outlets) > 4 else "")
    if articles == 1 and view.titles:
        return f"{outlets}: {_shorten(view.titles[0], 70)}"
    return f"{articles} articles: {outlets}"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _claimant_lines(view: EventView) -> list[str]:
    shown = [f"- {claimant.label()}" for claimant in view.claimants[:CLAIMANTS_SHOWN]]
    if len(view.claimants) > CLAIMANTS_SHOWN:
        more = len(view.claimants) - CLAIMANTS_SHOWN
        shown.append(f"- and {more} more source{'s' if more != 1 else ''}")
    return shown


def outlet_table(console: Console, outlets: list[tuple[str, int, str | None, str | None]], *, limit: int) -> Table:
    caption = f"and {len(outlets) - limit} more outlets" if len(outlets) > limit else None
    table = new_table(console, title="Outlets", caption=caption)
    table.add_column("outlet")
    table.add_column("articles", justify="right")
    table.add_column("published")
    for outlet, count, first, last in outlets[:limit]:
        if first is None:
            span = "unknown"
        elif first[:10] == (last or "")[:10]:
            span = first[:10]
        else:
            span = f"{first[:10]} to {(last or '')[:10]}"
        table.add_row(Text(outlet), str(count), span)
    return table


def places_table(console: Console, rows: list[tuple[str, int, int]]) -> Table:
    table = new_table(console, title="Most mentioned places")
    table.add_column("place")
    table.add_column("articles", justify="right")
    table.add_column("mentions", justify="right")
    for name, mentions, article_count in rows:
        table.add_row(Text(name), str(article_count), str(mentions))
    return table


def error_table(console: Console, errors: list[dict[str, object]], *, limit: int) -> Table:
    caption = f"and {len(errors) - limit} more (all are in the ingest_errors table)" if len(errors) > limit else None
    table = new_table(console, title="Items that could not be read", caption=caption)
    table.add_column("input", overflow="fold")
    table.add_column("item")
    table.add_column("reason", overflow="fold")
    for error in errors[:limit]:
        table.add_row(*(Text(str(error[key])) for key in ("origin", "item", "reason")))
    return table
