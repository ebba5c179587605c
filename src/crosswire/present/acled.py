"""Events as ACLED-style rows, for tools and analysts used to ACLED's data.

One row per event, with ACLED's column names. Where ACLED has one number and
crosswire a range, the row takes the conservative choice and the notes carry
the rest:

- `fatalities` is the event's lowest reported killed count (`low` of its
  "killed" range), the number every report agrees is at least true; 0 when
  no death toll is reported (ACLED's own convention for "none reported").
  The notes give the range, the best estimate, whether independent sources
  disagree, the corroboration grade and the outlets.
- `actor1` is the first initiator, `actor2` the first target; further
  initiators and targets go to `assoc_actor_1` / `assoc_actor_2`.
- `event_date` is the event's date; a value that names only a week, month
  or year (2018-W06, 2018-02) becomes its first day (the Monday, the 1st),
  and `time_precision` says how exact it is: 1 day, 2 week, 3 month or
  year (ACLED's codes).
- `source` lists the outlets of the event's articles, most articles first.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from crosswire.present.event_views import EventView, grade_text, ordered_categories, range_text
from crosswire.understand.timex_calendar import first_day

Record = dict[str, Any]

ACLED_EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)
_BY_KEY = {" ".join(name.lower().replace("/", " ").split()): name for name in ACLED_EVENT_TYPES}

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country", "admin1", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
)
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


def acled_event_type(event_type: str | None) -> str:
    """ACLED's name for crosswire's event type (they are ACLED's names already;
    this catches spelling variants); anything unknown is a strategic development."""
    key = " ".join((event_type or "").lower().replace("/", " ").split())
    return _BY_KEY.get(key, "Strategic developments")


def acled_rows(views: list[EventView]) -> list[dict[str, Any]]:
    """One ACLED-style row per event, in the order given."""
    return [_row(view) for view in views]


def acled_csv(views: list[EventView]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in acled_rows(views):
        writer.writerow(row)
    return buffer.getvalue()


def _row(view: EventView) -> dict[str, Any]:
    event = view.event
    location: Record = event.get("location") or {}
    start, precision = event_date(event.get("date"), event.get("date_precision"))
    initiators, targets = _actors(event.get("actors", []))
    figures: Record = event.get("figures") or {}
    killed = figures.get("killed")
    event_type = acled_event_type(event.get("type"))
    return {
        "event_id_cnty": event["id"],
        "event_date": start.isoformat() if start else "",
        "year": start.year if start else "",
        "time_precision": precision or "",
        "event_type": event_type,
        "sub_event_type": event.get("sub_event") or "",
        "actor1": initiators[0] if initiators else "",
        "assoc_actor_1": "; ".join(initiators[1:]),
        "actor2": targets[0] if targets else "",
        "assoc_actor_2": "; ".join(targets[1:]),
        "country": location.get("country") or "",
        "admin1": location.get("admin1") or "",
        "location": location.get("name") or "",
        "latitude": "" if location.get("lat") is None else location["lat"],
        "longitude": "" if location.get("lon") is None else location["lon"],
        "geo_precision": _geo_precision(location),
        "source": "; ".join(view.outlets),
        "source_scale": "Other",
        "notes": _notes(view, event_type=event_type),
        "fatalities": int(killed["low"]) if killed and killed.get("low") is not None else 0,
    }


def event_date(value: str | None, precision: str | None) -> tuple[date | None, int | None]:
    """The first day a TimeML date value (2018-02-07, 2018-W06, 2018-02, 2018) can
    mean, with ACLED's time precision code; (None, None) when unreadable."""
    day = first_day(value)
    if value is None or day is None:
        return None, None
    if "-W" in value:
        return day, 2
    return day, (_TIME_PRECISION.get(precision or "day", 1) if value[:10].count("-") >= 2 else 3)


def _actors(actors: list[Record]) -> tuple[list[str], list[str]]:
    """(actor1 and its associates, actor2 and its associates); a name appears once, in its first role."""
    initiators: list[str] = []
    targets: list[str] = []
    for actor in actors:
        name = str(actor.get("name") or "")
        if not name or name in initiators or name in targets:
            continue
        if actor.get("role") == "initiator":
            initiators.append(name)
        elif actor.get("role") == "target":
            targets.append(name)
    return initiators, targets


def _geo_precision(location: Record) -> int | str:
    """ACLED: 1 the town itself, 2 near it, 3 only the province or region is known."""
    if location.get("lat") is None:
        return ""
    name, admin1 = location.get("name"), location.get("admin1")
    return 3 if not name or name == admin1 or name == location.get("country") else 1


def _notes(view: EventView, *, event_type: str) -> str:
    event = view.event
    figures: Record = event.get("figures") or {}
    parts = []
    what = event.get("sub_event") or event_type
    where = (event.get("location") or {}).get("name")
    parts.append(f"{what}{f' in {where}' if where else ''} ({event.get('date') or 'date unknown'}).")
    if "killed" in figures:
        parts.append(
            f"Fatalities {_range_words(figures['killed'])}; the fatalities column holds the lowest reported count."
        )
    others = [f"{category} {range_text(figures[category])}" for category in ordered_categories(figures) if category != "killed"]
    if others:
        parts.append("Also reported: " + "; ".join(others) + ".")
    parts.append(f"Corroboration: {grade_text(event)}.")
    if view.outlets:
        articles = len(event.get("article_ids", []))
        parts.append(f"Reported by {'; '.join(view.outlets)} ({articles} article{'s' if articles != 1 else ''}).")
    claimants = [c.label() for c in view.claimants if c.figures][:3]
    if claimants:
        parts.append("Figures from: " + "; ".join(claimants) + ".")
    return " ".join(parts)


def _range_words(summary: Record) -> str:
    low, high, best = summary.get("low"), summary.get("high"), summary.get("best")
    span = f"{low} or more" if high is None else (str(low) if low == high else f"{low} to {high}")
    text = f"range {span}" + (f", best estimate {best}" if best is not None and low != high else "")
    if summary.get("contested"):
        text += ", contested (independent figures disagree)"
    return text

