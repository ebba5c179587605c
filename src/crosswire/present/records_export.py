"""Claims, figures and events of the store as OUTPUT.md records.

Once the link stage has run, events are cross-article events (their
per-article frames kept under "mentions"), claims and figures point to them,
and claims carry their independent origin, aligned group and grade. In a
store not linked yet, every event frame of an article is an event of its own
(one article, one origin, single-source), its figures summarised per
category from that article alone.
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from sqlalchemy import Connection, select

from crosswire.assess.inferred_origins import SourcedFigure, hearsay_cue, infer_origins
from crosswire.assess.origins import origin_parts, outside_content
from crosswire.assess.ranges import disjoint, group_key, is_part
from crosswire.link.records import Origin
from crosswire.link.stage_rows import narrowest_frame
from crosswire.store import links as link_store
from crosswire.store import reading
from crosswire.store.schema import articles


def claim_id(article_id: str, position: int) -> str:
    return f"{article_id}:c{position}"


def figure_id(article_id: str, position: int) -> str:
    return f"{article_id}:f{position}"


def event_id(article_id: str, position: int) -> str:
    return f"{article_id}:ev{position}"


def build_records(connection: Connection, texts: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """claims, figures, events and stories (plus link extras) for every analysed article."""
    claim_rows = reading.rows_by_article(connection, "claims")
    figure_rows = reading.rows_by_article(connection, "figures")
    frame_rows = reading.rows_by_article(connection, "event_frames")
    actors = reading.frame_actors_by_frame(connection)
    links = link_store.read_links(connection) if link_store.linked(connection) else None
    frame_event = {} if links is None else {
        (row["article_id"], row["frame_position"]): row["event_id"] for row in links["event_mentions"]
    }

    def event_of(article_id: str, position: int | None) -> str | None:
        if position is None:
            return None
        return event_id(article_id, position) if links is None else frame_event.get((article_id, position))

    result: dict[str, list[dict[str, Any]]] = {"claims": [], "figures": [], "events": [], "stories": []}
    for article_id, text in texts.items():
        frames = frame_rows.get(article_id, [])
        spans = [(frame["position"], frame["start"], frame["end"]) for frame in frames]
        for claim in claim_rows.get(article_id, []):
            position = narrowest_frame(claim["start"], claim["end"], spans)
            result["claims"].append(_claim(article_id, text, claim, event_of(article_id, position)))
        for figure in figure_rows.get(article_id, []):
            result["figures"].append(_figure(article_id, figure, event_of(article_id, figure["frame_position"])))
        if links is None:
            for frame in frames:
                frame_figures = [f for f in figure_rows.get(article_id, []) if f["frame_position"] == frame["position"]]
                result["events"].append(
                    _event(article_id, frame, actors.get((article_id, frame["position"]), []), frame_figures)
                )
    if links is not None:
        order = {article_id: i for i, article_id in enumerate(texts)}
        result["events"] = _linked_events(links, frame_rows, actors, order)
        result["stories"] = _stories(links, order)
        _add_claim_links(result["claims"], links)
        _add_figure_origins(result["figures"], result["claims"])
        _add_probable_origins(result["figures"], result["claims"], _article_dates(connection))
        result.update(_link_extras(links))
    return result


def _evidence(article_id: str, start: int, end: int) -> dict[str, Any]:
    return {"article_id": article_id, "start": start, "end": end}


def _claim(article_id: str, text: str, row: dict[str, Any], event: str | None) -> dict[str, Any]:
    source = None
    if row["source_name"]:
        source = {"name": row["source_name"], "type": row["source_type"]}
    record = {
        "id": claim_id(article_id, row["position"]),
        "article_id": article_id,
        "text": text[row["start"] : row["end"]],
        "kind": row["kind"],
        "source": source,
        "via": row["via"],
        "cue": row["cue"],
        "hedged": bool(row["hedged"]),
        "event_id": event,
        "evidence": _evidence(article_id, row["start"], row["end"]),
    }
    if row["content_start"] is not None:
        record["content"] = _evidence(article_id, row["content_start"], row["content_end"])
    return record


def _figure(article_id: str, row: dict[str, Any], event: str | None) -> dict[str, Any]:
    return {
        "id": figure_id(article_id, row["position"]),
        "article_id": article_id,
        "claim_id": None if row["claim_position"] is None else claim_id(article_id, row["claim_position"]),
        "event_id": event,
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


_is_part = is_part
_group_key = group_key
_disjoint = disjoint


def _location(row: dict[str, Any]) -> dict[str, Any] | None:
    if not (row["place_name"] or row["admin1"] or row["country"]):
        return None
    return {"name": row["place_name"], "admin1": row["admin1"], "country": row["country"], "lat": row["lat"],
            "lon": row["lon"]}


def _linked_events(
    links: dict[str, list[dict[str, Any]]],
    frame_rows: dict[str, list[dict[str, Any]]],
    actors: dict[tuple[str, int], list[dict[str, Any]]],
    order: dict[str, int],
) -> list[dict[str, Any]]:
    """Cross-article events, each with its per-article frames as "mentions"."""
    frames = {(article_id, row["position"]): row for article_id, rows in frame_rows.items() for row in rows}
    mentions: dict[str, list[tuple[str, int]]] = {}
    for row in links["event_mentions"]:
        mentions.setdefault(row["event_id"], []).append((row["article_id"], row["frame_position"]))
    figures: dict[str, dict[str, dict[str, Any]]] = {}
    for row in links["event_figures"]:
        figures.setdefault(row["event_id"], {})[row["category"]] = {
            "low": row["low"], "best": row["best"], "high": row["high"], "origins": row["origins"],
            "contested": bool(row["contested"]),
        }
    story_of = {row["event_id"]: row["story_id"] for row in links["story_events"]}
    records = []
    for event in links["events"]:
        keys = sorted(mentions.get(event["id"], []), key=lambda key: (order.get(key[0], len(order)), key[1]))
        event_actors = _event_actors([a for key in keys for a in actors.get(key, [])])
        records.append({
            "id": event["id"], "type": event["type"], "sub_event": event["sub_event"], "date": event["date"],
            "date_precision": event["date_precision"], "location": _location(event), "actors": event_actors,
            "article_ids": list(dict.fromkeys(article_id for article_id, _ in keys)),
            "figures": figures.get(event["id"], {}), "corroboration": event["corroboration"],
            "origins": event["origins"], "story_id": story_of.get(event["id"]),
            "main": any(frames[key]["main"] for key in keys if key in frames),
            "mentions": [_mention(key, frames[key]) for key in keys if key in frames],
        })
    return records


def _event_actors(mentioned: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each actor once, in the role its mentions give it most (initiator or target before "other" on a tie):
    one article's "Russian forces struck ..." and another's "... said Russian forces" are one actor."""
    roles: dict[str, Counter[str]] = {}
    for actor in mentioned:
        roles.setdefault(actor["name"], Counter())[actor["role"]] += 1
    return [
        {"name": name, "role": max(counts, key=lambda role: (counts[role], role != "other"))}
        for name, counts in roles.items()
    ]


def _mention(key: tuple[str, int], frame: dict[str, Any]) -> dict[str, Any]:
    article_id, position = key
    return {
        "article_id": article_id, "frame_position": position, "type": frame["type"], "date": frame["date"],
        "date_precision": frame["date_precision"], "location": _location(frame), "main": bool(frame["main"]),
        "evidence": _evidence(article_id, frame["start"], frame["end"]),
    }


def _stories(links: dict[str, list[dict[str, Any]]], order: dict[str, int]) -> list[dict[str, Any]]:
    events: dict[str, list[str]] = {}
    for row in links["story_events"]:
        events.setdefault(row["story_id"], []).append(row["event_id"])
    event_dates = {row["id"]: (row["date"] or "9999", row["id"]) for row in links["events"]}
    articles: dict[str, list[str]] = {}
    for row in links["story_articles"]:
        articles.setdefault(row["story_id"], []).append(row["article_id"])
    return [
        {
            "id": story["id"], "title": story["title"],
            "event_ids": sorted(events.get(story["id"], []), key=lambda e: event_dates.get(e, ("9999", e))),
            "article_ids": sorted(articles.get(story["id"], []), key=lambda a: order.get(a, len(order))),
            "first_date": story["first_date"], "last_date": story["last_date"],
        }
        for story in links["stories"]
    ]


def _add_claim_links(claims: list[dict[str, Any]], links: dict[str, list[dict[str, Any]]]) -> None:
    """Each claim's independent origin, aligned claim group and corroboration grade."""
    origins = {(row["article_id"], row["claim_position"]): row for row in links["claim_origins"]}
    group_of = {(row["article_id"], row["claim_position"]): row["group_id"] for row in links["claim_group_members"]}
    groups = {row["id"]: row for row in links["claim_groups"]}
    for claim in claims:
        article_id, _, position = claim["id"].rpartition(":c")
        key = (article_id, int(position))
        origin = origins.get(key)
        claim["origin"] = None if origin is None else _origin_record(
            Origin(key=origin["origin_key"], report=origin["report"], claimant=origin["claimant"])
        )
        group = groups.get(group_of.get(key, ""))
        claim["claim_group_id"] = None if group is None else group["id"]
        claim["corroboration"] = None if group is None else group["corroboration"]


def _add_figure_origins(figures: list[dict[str, Any]], claims: list[dict[str, Any]]) -> None:
    """Each figure's independent origin: its claim's, except that a figure outside what
    the claimant is said to say ("amid unconfirmed reports that more than 100 were
    killed, the Kremlin denied ...") is the report's alone (assess.origins.figure_origin)."""
    by_id = {claim["id"]: claim for claim in claims}
    for figure in figures:
        claim = by_id.get(figure["claim_id"] or "")
        origin = None if claim is None else claim.get("origin")
        content = (None if claim is None else claim.get("content")) or {}
        evidence = figure["evidence"]
        if origin and origin["claimant"] and outside_content(
            evidence["start"], evidence["end"], content.get("start"), content.get("end")
        ):
            origin = {"key": f"{origin['report']}|", "report": origin["report"], "claimant": None}
        figure["origin"] = origin


def _origin_record(origin: Origin) -> dict[str, Any]:
    """An origin with its independent parts: one per claimant when it coordinates several
    ("U.S. official and three Russians familiar with the matter"), else itself."""
    return {"key": origin.key, "report": origin.report, "claimant": origin.claimant,
            "parts": [{"key": p.key, "report": p.report, "claimant": p.claimant} for p in origin_parts(origin)]}


def _add_probable_origins(
    figures: list[dict[str, Any]], claims: list[dict[str, Any]], articles: dict[str, tuple[str, str | None, int]]
) -> None:
    """`probable_origin` of each figure: for hearsay resting on an earlier report of its event, that
    report's origin, marked inferred, with the reason and the earlier figure (assess.inferred_origins);
    else None. Its `origin` stays what the text says."""
    by_id = {claim["id"]: claim for claim in claims}
    by_event: dict[str, list[SourcedFigure]] = {}
    for figure in figures:
        figure["probable_origin"] = None
        if figure["event_id"] is not None and figure["article_id"] in articles:
            by_event.setdefault(figure["event_id"], []).append(_sourced(figure, by_id, articles[figure["article_id"]]))
    by_key = {(figure["article_id"], _position(figure["id"], ":f")): figure for figure in figures}
    for found in by_event.values():
        for key, inferred in infer_origins(found).items():
            by_key[key]["probable_origin"] = {
                **_origin_record(inferred.origin), "inferred": True, "reason": inferred.reason,
                "figure_id": figure_id(*inferred.evidence),
            }


def _article_dates(connection: Connection) -> dict[str, tuple[str, str | None, int]]:
    """article id -> (outlet, published, ingest order)."""
    query = select(articles.c.id, articles.c.outlet, articles.c.published, articles.c.seq)
    return {row.id: (row.outlet, row.published, row.seq) for row in connection.execute(query)}


def _sourced(figure: dict[str, Any], claims: dict[str, dict[str, Any]], article: tuple[str, str | None, int]) -> SourcedFigure:
    outlet, published, seq = article
    given = figure["origin"]
    origin = (Origin(key=f"{outlet}|", report=outlet, claimant=None) if given is None
              else Origin(key=given["key"], report=given["report"], claimant=given["claimant"]))
    claim = claims.get(figure["claim_id"] or "")
    cue = None if claim is None else hearsay_cue(
        origin=origin, sentence=claim["text"], via=claim["via"], source_type=(claim["source"] or {}).get("type")
    )
    return SourcedFigure(
        key=(figure["article_id"], _position(figure["id"], ":f")), category=figure["category"], low=figure["low"],
        high=figure["high"], group=figure["group"], text=figure["text"], origin=origin, hearsay=cue,
        published=published, seq=seq,
    )


def _position(record_id: str, marker: str) -> int:
    return int(record_id.rpartition(marker)[2])


def _link_extras(links: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Provenance edges, shared passages and the claim groups of more than one claim, as extra record types."""
    members: dict[str, list[str]] = {}
    for row in links["claim_group_members"]:
        members.setdefault(row["group_id"], []).append(claim_id(row["article_id"], row["claim_position"]))
    return {
        "provenance_edges": [
            {"article_id": row["article_id"], "kind": row["kind"], "target_name": row["target_name"],
             "target_article_id": row["target_article_id"],
             "evidence": None if row["start"] is None else _evidence(row["article_id"], row["start"], row["end"])}
            for row in links["provenance_edges"]
        ],
        "shared_passages": [
            {"evidence": _evidence(row["article_id"], row["start"], row["end"]),
             "origin": _evidence(row["origin_article_id"], row["origin_start"], row["origin_end"])}
            for row in links["shared_passages"]
        ],
        "claim_groups": [
            {"id": row["id"], "claim_ids": members.get(row["id"], []), "origins": row["origins"],
             "corroboration": row["corroboration"]}
            for row in links["claim_groups"] if len(members.get(row["id"], [])) > 1
        ],
        "claim_stances": [
            {"claim_group_id": row["group_id"], "claim_ids": members.get(row["group_id"], []),
             "article_id": row["article_id"], "stance": row["stance"],
             "probabilities": {label: row[label] / 1000 for label in ("agree", "disagree", "discuss", "unrelated")}}
            for row in links.get("claim_stances", [])
        ],
    }
