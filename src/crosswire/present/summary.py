"""The terminal report of a store: stories and their events with figure
ranges, grades and the claimants behind the numbers; then outlets, places
and what could not be read.

It reads the same records as `crosswire export` (docs/OUTPUT.md), so what
the report says can be checked against the export. Until cross-article
linking has run there are no stories and each article frame is an event of
its own; the report then lists the main events.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console

from crosswire.present.event_views import StoryView, event_views, story_views
from crosswire.present.export import build_export
from crosswire.present.terminal import (
    error_table,
    event_table,
    outlet_table,
    places_table,
    report_console,
    story_title,
)
from crosswire.store import open_store
from crosswire.store.db import redacted
from crosswire.store import reading

STORY_EVENTS_SHOWN = 5  # events listed under one story


def print_summary(*, db: str, console: Console, limit: int = 10) -> None:
    """Print the report of the store `db`: `limit` stories (or events), outlets, places, errors."""
    engine = open_store(db)
    with engine.connect() as connection:
        counts = reading.count_rows(connection)
        outlets = reading.outlet_counts(connection)
        errors = list(reading.iter_errors(connection))
        places = reading.top_places(connection, limit=limit)
        export = build_export(connection)
    engine.dispose()
    out = report_console(console)
    out.print(_headline(db, counts, outlets, export), highlight=False)
    if export["events"]:
        _print_stories(out, export, limit=limit)
    elif counts["articles"]:
        out.print("No events yet: run 'crosswire analyze' to find claims, figures and events.")
    if outlets:
        out.print(outlet_table(out, outlets, limit=limit))
    if places:
        out.print(places_table(out, places))
    if errors:
        out.print(error_table(out, errors, limit=limit))


def _headline(db: str, counts: dict[str, int], outlets: list[Any], export: dict[str, Any]) -> str:
    linked = _linked(export)
    return (
        f"{redacted(db)}: {counts['articles']} articles from {len(outlets)} outlets, "
        f"{counts['copies']} near-duplicate copies linked, {counts['ingest_errors']} items could not be read; "
        f"{_count(len(export['events']), 'event')}"
        + (f" in {_count(len(export['stories']), 'story', 'stories')}." if linked else " (not linked across articles yet).")
    )


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else many or one + 's'}"


def _linked(export: dict[str, Any]) -> bool:
    """Linking has run when there are stories or an event spans several articles."""
    return bool(export["stories"]) or any(len(e.get("article_ids", [])) > 1 for e in export["events"])


def _print_stories(out: Console, export: dict[str, Any], *, limit: int) -> None:
    stories = story_views(export, event_views(export))
    linked = _linked(export)
    named = [story for story in stories if story.story is not None]
    if named:
        out.print(f"[bold]Main events, by story[/bold] ({_count(len(named), 'story', 'stories')}, most recent first)")
    for number, story in enumerate(named[:limit], start=1):
        _print_group(out, story, title=story_title(story, number=number, linked=linked), shown=STORY_EVENTS_SHOWN)
    if len(named) > limit:
        out.print(f"and {len(named) - limit} more stories (all of them are in 'crosswire export')")
    loose = [story for story in stories if story.story is None]
    if loose:
        _print_group(out, loose[0], title=story_title(loose[0], number=0, linked=linked), shown=limit)


def _print_group(out: Console, story: StoryView, *, title: str, shown: int) -> None:
    """The group's first `shown` events (ranked: most articles, main events, with figures, newest)."""
    visible = list(story.events[:shown])
    out.print(event_table(out, title=title, events=visible, hidden=len(story.events) - len(visible)))
