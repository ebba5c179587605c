"""Claims, figures and events of the store as OUTPUT.md records.

Until cross-article linking exists, every event frame of an article is an
event of its own (one article, one origin, single-source), and its figures
are summarised per category from that article alone.
"""

from __future__ import annotations

import statistics
from typing import Any

from sqlalchemy import Connection

from crosswire.store import reading


def claim_id(article_id: str, position: int) -> str:
    return f"{article_id}:c{position}"


def figure_id(article_id: str, position: int) -> str:
    return f"{article_id}:f{position}"


def event_id(article_id: str, position: int) -> str:
    return f"{article_id}:ev{position}"


def build_records(connection: Connection, texts: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """claims, figures, events and places/times (extras) for every analysed article."""
    claim_rows = reading.rows_by_article(connection, "claims")
    figure_rows = reading.rows_by_article(connection, "figures")
    frame_rows = reading.rows_by_article(connection, "event_frames")
    actors = reading.frame_actors_by_frame(connection)
    result: dict[str, list[dict[str, Any]]] = {"claims": [], "figures": [], "events": []}
    for article_id, text in texts.items():
        frames = frame_rows.get(article_id, [])
        for claim in claim_rows.get(article_id, []):
            result["claims"].append(_claim(article_id, text, claim, frames))
        for figure in figure_rows.get(article_id, []):
            result["figures"].append(_figure(article_id, figure))
        for frame in frames:
            frame_figures = [f for f in figure_rows.get(article_id, []) if f["frame_position"] == frame["position"]]
            result["events"].append(_event(article_id, frame, actors.get((article_id, frame["position"]), []), frame_figures))
    return result


def _evidence(article_id: str, start: int, end: int) -> dict[str, Any]:
    return {"article_id": article_id, "start": start, "end": end}


def _claim(article_id: str, text: str, row: dict[str, Any], frames: list[dict[str, Any]]) -> dict[str, Any]:
    source = None
    if row["source_name"]:
        source = {"name": row["source_name"], "type": row["source_type"]}
    frame = next((f for f in frames if row["start"] <= f["start"] < row["end"] or f["start"] <= row["start"] < f["end"]), None)
    record = {
        "id": claim_id(article_id, row["position"]),
        "article_id": article_id,
        "text": text[row["start"] : row["end"]],
        "kind": row["kind"],
        "source": source,
        "via": row["via"],
        "cue": row["cue"],
        "hedged": bool(row["hedged"]),
        "event_id": None if frame is None else event_id(article_id, frame["position"]),
        "evidence": _evidence(article_id, row["start"], row["end"]),
    }
    if row["content_start"] is not None:
        record["content"] = _evidence(article_id, row["content_start"], row["content_end"])
    return record


def _figure(article_id: str, row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": figure_id(article_id, row["position"]),
        "article_id": article_id,
        "claim_id": None if row["claim_position"] is None else claim_id(article_id, row["claim_position"]),
        "event_id": None if row["frame_position"] is None else event_id(article_id, row["frame_position"]),
        "category": row["category"],
        "group": row["group_text"],
        "low": row["low"],
        "high": row["high"],
        "text": row["text"],
        "hedged": bool(row["hedged"]),
        "evidence": _evidence(article_id, row["start"], row["end"]),
    }


def _event(
    article_id: str, frame: dict[str, Any], actors: list[dict[str, Any]], figures: list[dict[str, Any]]
) -> dict[str, Any]:
    location = None
    if frame["place_name"] or frame["admin1"] or frame["country"]:
        location = {key: frame[src] for key, src in
                    (("name", "place_name"), ("admin1", "admin1"), ("country", "country"), ("lat", "lat"), ("lon", "lon"))}
    return {
        "id": event_id(article_id, frame["position"]),
        "type": frame["type"],
        "sub_event": frame["sub_event"],
        "date": frame["date"],
        "date_precision": frame["date_precision"],
        "location": location,
        "actors": actors,
        "article_ids": [article_id],
        "figures": _figure_summary(figures),
        "corroboration": "single-source",
        "main": bool(frame["main"]),
        "evidence": _evidence(article_id, frame["start"], frame["end"]),
    }


def _figure_summary(figures: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per category: the range the article's totals span, and whether they disagree.

    A count of a part ("11 children" among "at least 58 people") is not a rival
    total: parts count only where no total is given, and are compared only
    with counts of the same group."""
    summary: dict[str, dict[str, Any]] = {}
    for category in sorted({f["category"] for f in figures}):
        counted = [f for f in figures if f["category"] == category]
        totals = [f for f in counted if not _is_part(f["group_text"])] or counted
        ranges = [(f["low"], f["high"]) for f in totals]
        highs = [high for _, high in ranges]
        best_points = [low if high is None else (low + high) // 2 for low, high in ranges]
        summary[category] = {
            "low": min(low for low, _ in ranges),
            "best": int(statistics.median(best_points)),
            "high": None if None in highs else max(h for h in highs if h is not None),
            "origins": 1,
            "contested": any(
                _disjoint([(f["low"], f["high"]) for f in totals if _group_key(f["group_text"]) == key])
                for key in {_group_key(f["group_text"]) for f in totals}
            )
            or _disjoint([(f["low"], f["high"]) for f in totals if not _is_part(f["group_text"])]),
        }
    return summary


_PART_WORDS = frozenset(
    {"children", "child", "women", "woman", "girls", "boys", "babies", "infants", "men", "elderly", "civilians", "minors"}
)


def _is_part(group: str | None) -> bool:
    return group is not None and any(word in _PART_WORDS for word in group.lower().split())


def _group_key(group: str | None) -> str:
    return " ".join((group or "").lower().split()) if _is_part(group) else ""


def _disjoint(ranges: list[tuple[int, int | None]]) -> bool:
    """True when some two ranges cannot both be right."""
    for (low_a, high_a), (low_b, high_b) in ((a, b) for i, a in enumerate(ranges) for b in ranges[i + 1 :]):
        if (high_a is not None and high_a < low_b) or (high_b is not None and high_b < low_a):
            return True
    return False
