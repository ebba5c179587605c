"""Page models: what an event page shows, computed from the site index.

Figures are grouped by origin (the report that first carried a number and the
claimant inside it), so two outlets relaying one wire report make one bar,
not two: the chart shows independent voices, and lists who carried each.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from crosswire.present.site_data import (
    CATEGORY_ORDER,
    Origin,
    Record,
    SiteData,
    claim_origin,
    event_articles,
    event_label,
    figure_origin,
    key_claims,
    place_name,
)


def event_view(site: SiteData, event_id: str) -> Record | None:
    """Everything the event page shows, or None for an unknown id."""
    event = site.events.get(event_id)
    if event is None:
        return None
    articles = event_articles(site, event)
    story_id = site.story_of_event.get(event_id)
    groups = figure_groups(site, event)
    return {
        "event": event,
        "label": event_label(event),
        "place": place_name(event),
        "story": site.stories_by_id.get(story_id) if story_id else None,
        "articles": articles,
        "figure_groups": groups,
        "matrix": claim_matrix(site, event, groups),
        "timeline": timeline_items(site, event, articles),
        "graph": source_graph(site, event, articles),
        "key_claims": key_claims(site, event),
    }


def story_figure_groups(site: SiteData, events: list[Record]) -> list[Record]:
    """The figures of all a story's events on one chart (no reconciled band: events differ)."""
    figures = [f for event in events for f in site.figures_by_event.get(event["id"], [])]
    return _group_figures(site, figures, {})


def figure_groups(site: SiteData, event: Record) -> list[Record]:
    """Per category, one row per (origin, range): who gives which number, and where it was read."""
    return _group_figures(site, site.figures_by_event.get(event["id"], []), event.get("figures") or {})


def _group_figures(site: SiteData, figures: list[Record], summaries: dict[str, Record]) -> list[Record]:
    rows: dict[tuple[str, str, int, int | None], Record] = {}
    for figure in figures:
        claim = site.claims.get(figure.get("claim_id") or "")
        article = site.articles.get(figure["article_id"])
        origin = figure_origin(figure, claim, article)
        key = (figure["category"], origin.key, figure["low"], figure["high"])
        row = rows.setdefault(key, {
            "category": figure["category"], "origin": origin, "low": figure["low"], "high": figure["high"],
            "texts": [], "groups": [], "mentions": [], "hedged": False,
        })
        _add_unique(row["texts"], figure["text"])
        if figure.get("group"):
            _add_unique(row["groups"], figure["group"])
        row["hedged"] = row["hedged"] or bool(figure.get("hedged")) or bool(claim and claim.get("hedged"))
        row["mentions"].append({"figure": figure, "claim": claim, "article": article})
    by_category: dict[str, list[Record]] = defaultdict(list)
    for row in rows.values():
        by_category[row["category"]].append(row)
    ordered = sorted(by_category, key=lambda c: CATEGORY_ORDER.index(c) if c in CATEGORY_ORDER else 99)
    return [
        {"category": c, "summary": summaries.get(c), "rows": sorted(by_category[c], key=lambda r: (r["low"], r["high"] or 0))}
        for c in ordered
    ]


def _add_unique(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def claim_matrix(site: SiteData, event: Record, groups: list[Record], *, limit: int = 10) -> Record:
    """Sources (columns) against what they say (rows): agree, differs, deny or silent."""
    voices: dict[str, Record] = {}
    for claim in site.claims_by_event.get(event["id"], []):
        if claim.get("kind") not in ("attributed", "denial", "reported"):
            continue
        origin = claim_origin(claim, site.articles.get(claim["article_id"]))
        voice = voices.setdefault(origin.key, {"origin": origin, "claims": [], "denials": [], "weight": 0})
        (voice["denials"] if claim["kind"] == "denial" else voice["claims"]).append(claim)
        voice["weight"] += 1
    for group in groups:
        for row in group["rows"]:
            voice = voices.setdefault(row["origin"].key, {"origin": row["origin"], "claims": [], "denials": [], "weight": 0})
            voice["weight"] += 100  # a source giving a number always gets a column
    ranked = sorted(voices.values(), key=lambda v: (-v["weight"] - 50 * bool(v["denials"]), v["origin"].label))
    columns = ranked[:limit]
    rows = [_event_row(columns)] + [_figure_row(group, columns) for group in groups]
    return {"columns": [v["origin"] for v in columns], "rows": rows, "hidden": max(0, len(ranked) - limit)}


def _event_row(columns: list[Record]) -> Record:
    cells = []
    for voice in columns:
        if voice["denials"]:
            claim = voice["denials"][0]
            cells.append({"status": "deny", "text": "denies", "claim": claim})
        elif voice["claims"]:
            cells.append({"status": "agree", "text": "reports", "claim": voice["claims"][0]})
        else:
            cells.append({"status": "silent", "text": "", "claim": None})
    return {"label": "Event (as reported)", "cells": cells}


def _figure_row(group: Record, columns: list[Record]) -> Record:
    rows_by_origin: dict[str, list[Record]] = defaultdict(list)
    for row in group["rows"]:
        rows_by_origin[row["origin"].key].append(row)
    cells = []
    for voice in columns:
        mine = rows_by_origin.get(voice["origin"].key, [])
        if not mine:
            cells.append({"status": "silent", "text": "", "claim": None})
            continue
        others = [r for key, rs in rows_by_origin.items() if key != voice["origin"].key for r in rs]
        differs = any(_disjoint(a, b) for a in mine for b in others)
        text = ", ".join(_range_text(r) for r in mine)
        claim = mine[0]["mentions"][0]["claim"]
        cells.append({"status": "differs" if differs else "agree", "text": text, "claim": claim})
    return {"label": str(group["category"]).capitalize(), "cells": cells}


def _range_text(row: Record) -> str:
    from crosswire.present.site_data import format_range

    return format_range(row["low"], row["high"])


def _disjoint(a: Record, b: Record) -> bool:
    return (a["high"] is not None and a["high"] < b["low"]) or (b["high"] is not None and b["high"] < a["low"])


def timeline_items(site: SiteData, event: Record, articles: list[Record]) -> Record:
    """When it happened and when each outlet reported it (and the story's other events)."""
    story_id = site.story_of_event.get(event["id"])
    story = site.stories_by_id.get(story_id) if story_id else None
    others = [site.events[e] for e in (story or {}).get("event_ids", []) if e in site.events and e != event["id"]]
    return {
        "events": [{"event": e, "current": e is event} for e in [event, *others] if e.get("date")],
        "reports": [
            {"article": a, "date": (a.get("published") or "")[:10] or None, "copy": bool(a.get("copy_of"))}
            for a in articles
        ],
    }


def source_graph(site: SiteData, event: Record, articles: list[Record], *, limit: int = 14) -> Record:
    """Who copies, relays or cites whom, and whom they quote: nodes in three columns."""
    nodes: dict[str, Record] = {}
    edges: set[tuple[str, str, str]] = set()
    article_ids = {a["id"] for a in articles}
    for article in articles:
        nodes[f"a:{article['id']}"] = {"column": 0, "label": article.get("outlet") or "unknown", "article": article}
    for edge in site.edges:
        if edge.get("article_id") not in article_ids:
            continue
        target = edge.get("target_article_id")
        if target and target in article_ids:
            edges.add((f"a:{edge['article_id']}", f"a:{target}", edge.get("kind", "cites")))
        else:
            node = _report_node(nodes, str(edge.get("target_name") or target or "?"))
            edges.add((f"a:{edge['article_id']}", node, edge.get("kind", "cites")))
    claimants = _graph_claimants(site, event, article_ids, limit=limit)
    for origin, article_id in claimants:
        source_node = f"a:{article_id}"
        if origin.report != (site.articles.get(article_id) or {}).get("outlet"):
            report = _report_node(nodes, origin.report)
            edges.add((source_node, report, "relays"))
            source_node = report
        if origin.claimant:
            node = f"s:{origin.key}"
            nodes[node] = {"column": 2, "label": origin.claimant, "article": None}
            edges.add((source_node, node, "quotes"))
    return {"nodes": nodes, "edges": sorted(edges)}


def _report_node(nodes: dict[str, Record], name: str) -> str:
    key = f"r:{' '.join(name.lower().split())}"
    nodes.setdefault(key, {"column": 1, "label": name, "article": None})
    return key


def _graph_claimants(site: SiteData, event: Record, article_ids: set[str], *, limit: int) -> list[tuple[Origin, str]]:
    """The claimants worth drawing: those giving figures or denials first, then the most quoted."""
    with_figures = {f.get("claim_id") for f in site.figures_by_event.get(event["id"], [])}
    scored: dict[tuple[str, str], list[Any]] = {}
    for claim in site.claims_by_event.get(event["id"], []):
        if claim["article_id"] not in article_ids or not (claim.get("source") or claim.get("via") or claim.get("origin")):
            continue
        origin = claim_origin(claim, site.articles.get(claim["article_id"]))
        entry = scored.setdefault((origin.key, claim["article_id"]), [0, origin, claim["article_id"]])
        entry[0] += 10 if claim["id"] in with_figures or claim.get("kind") == "denial" else 1
    ranked = sorted(scored.values(), key=lambda e: (-e[0], e[1].label))
    return [(origin, article_id) for _, origin, article_id in ranked[:limit]]
