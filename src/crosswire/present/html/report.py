"""The static HTML report: one self-contained file an analyst can mail.

No script and nothing fetched: the stylesheet is inlined (and allowed by hash
in the page's own Content-Security-Policy), charts and maps are inline SVG,
every link is a fragment inside the file. Articles of the reported stories
are appended with their claims highlighted, so every item links to the
sentence it came from.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from crosswire.present.html.render import ReportLinks, render, style_hash
from crosswire.present.html.views import event_view
from crosswire.present.site_data import Record, SiteData, build_site_data, story_summary

REPORT_CSP = "default-src 'none'; style-src {style}; img-src data:; base-uri 'none'; form-action 'none'"


def write_report(*, db: str, out: Path) -> Path:
    """Write the report of the store `db` to `out`; returns `out`."""
    from crosswire.present.export import build_export
    from crosswire.store import open_store

    engine = open_store(db)
    with engine.connect() as connection:
        export = build_export(connection)
    engine.dispose()
    out.write_text(render_report(export, source_name=Path(db).name), encoding="utf-8")
    return out


def render_report(export: dict[str, Any], *, source_name: str = "the store") -> str:
    """The report's HTML for an export (OUTPUT.md records)."""
    site = build_site_data(export)
    summaries = [story_summary(site, story) for story in site.stories]
    kept = [s for s in summaries if _worth_reporting(s)]
    kept.sort(key=lambda s: (-len(s["outlets"]), -_figure_count(site, s), s["first_date"] or "9999"))
    for summary in kept:
        summary["views"] = [event_view(site, event["id"]) for event in summary["events"]]
    article_ids = {a["id"] for s in kept for a in s["articles"]}
    articles = [a for a in site.articles.values() if a["id"] in article_ids]
    articles.sort(key=lambda a: (a.get("outlet") or "", a.get("published") or "", a["id"]))
    return render(
        "report.html",
        site=site,
        links=ReportLinks(),
        summaries=kept,
        omitted=len(summaries) - len(kept),
        articles=articles,
        map_events=[e for s in kept for e in s["events"]],
        totals=_totals(site, stories=len(kept)),
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        source_name=source_name,
        csp_meta=REPORT_CSP.replace("{style}", style_hash()),
        home_href="#stories",
    )


def _worth_reporting(summary: Record) -> bool:
    """Stories with figures, several outlets or an article's main event; minor mentions stay in the app."""
    return bool(summary["figures"]) or len(summary["outlets"]) > 1 or any(e.get("main") for e in summary["events"])


def _figure_count(site: SiteData, summary: Record) -> int:
    return sum(len(site.figures_by_event.get(e["id"], [])) for e in summary["events"])


def _totals(site: SiteData, *, stories: int) -> dict[str, int]:
    return {
        "articles": len(site.articles),
        "outlets": len({a.get("outlet") for a in site.articles.values()}),
        "events": len(site.events),
        "stories": stories,
    }
