"""The terminal summary of a store: what was read, from whom, what failed.

Rich renders tables on a terminal and plain text when output is piped.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from crosswire.store import open_store
from crosswire.store import reading

_ENTITY_GROUPS = (
    ("Places", ("GPE", "LOC", "FAC")),
    ("Organisations", ("ORG", "NORP")),
    ("People", ("PERSON",)),
)


def print_summary(*, db: str, console: Console, limit: int = 10) -> None:
    engine = open_store(db)
    with engine.connect() as connection:
        counts = reading.count_rows(connection)
        outlets = reading.outlet_counts(connection)
        errors = list(reading.iter_errors(connection))
        top = {title: reading.top_entities(connection, labels=labels, limit=limit) for title, labels in _ENTITY_GROUPS}
        events = reading.main_events(connection, limit=limit)
    engine.dispose()
    console.print(
        f"[bold]{db}[/bold]: {counts['articles']} articles from {len(outlets)} outlets, "
        f"{counts['copies']} near-duplicate copies linked, {counts['ingest_errors']} items could not be read."
    )
    if outlets:
        console.print(_outlet_table(outlets, limit=limit))
    if events:
        console.print(_event_table(events))
    if counts["entities"]:
        for title, rows in top.items():
            if rows:
                console.print(_entity_table(title, rows))
    else:
        console.print("No analysis yet: run 'crosswire analyze' for sentences and entities.")
    if errors:
        console.print(_error_table(errors, limit=limit))


def _outlet_table(outlets: list[tuple[str, int, str | None, str | None]], *, limit: int) -> Table:
    table = Table(title="Outlets", title_justify="left")
    table.add_column("outlet")
    table.add_column("articles", justify="right")
    table.add_column("published")
    for outlet, count, first, last in outlets[:limit]:
        span = "unknown" if first is None else (first[:10] if first[:10] == (last or "")[:10] else f"{first[:10]} to {(last or '')[:10]}")
        table.add_row(outlet, str(count), span)
    if len(outlets) > limit:
        table.caption = f"and {len(outlets) - limit} more outlets"
    return table


def _event_table(events: list[dict[str, object]]) -> Table:
    table = Table(title="Main events (one per article, newest first)", title_justify="left")
    for column in ("date", "place", "event", "killed", "injured", "reported by"):
        table.add_column(column, overflow="fold")
    for event in events:
        ranges = event["ranges"]
        assert isinstance(ranges, dict)
        place = ", ".join(str(part) for part in (event["place_name"], event["country"]) if part) or "?"
        table.add_row(
            str(event["date"] or "?"),
            place,
            str(event["sub_event"] or event["type"]),
            _range_text(ranges.get("killed")),
            _range_text(ranges.get("injured")),
            f"{event['outlet']}: {event['title'] or ''}"[:80],
        )
    return table


def _range_text(value: object) -> str:
    if not isinstance(value, tuple):
        return ""
    low, high = value
    if high is None:
        return f"{low}+"
    return str(low) if low == high else f"{low}-{high}"


def _entity_table(title: str, rows: list[tuple[str, int, int]]) -> Table:
    table = Table(title=f"Most mentioned {title.lower()}", title_justify="left")
    table.add_column(title[:-1].lower() if title != "People" else "person")
    table.add_column("articles", justify="right")
    table.add_column("mentions", justify="right")
    for name, mentions, article_count in rows:
        table.add_row(name, str(article_count), str(mentions))
    return table


def _error_table(errors: list[dict[str, object]], *, limit: int) -> Table:
    table = Table(title="Items that could not be read", title_justify="left")
    table.add_column("input", overflow="fold")
    table.add_column("item")
    table.add_column("reason", overflow="fold")
    for error in errors[:limit]:
        table.add_row(str(error["origin"]), str(error["item"]), str(error["reason"]))
    if len(errors) > limit:
        table.caption = f"and {len(errors) - limit} more (all are in the ingest_errors table)"
    return table
