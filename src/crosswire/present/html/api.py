"""The web app's JSON API: the export's records (docs/OUTPUT.md), a page or one record at a time.

Each record is returned as the export has it, so a client written against
`crosswire export` reads these unchanged; lists add paging and the
summary fields the story list shows.
"""

from __future__ import annotations

from typing import Any, Callable

from fastapi import FastAPI, HTTPException, Query

from crosswire.present.html.listing import PAGE_SIZE, StoryFilter
from crosswire.present.site_data import Record, story_summary


def _without_text(article: Record) -> Record:
    return {key: value for key, value in article.items() if key != "text"}


def register(app: FastAPI, state: Callable[[], Any]) -> None:
    @app.get("/api/stories", summary="Stories matching a search and filters, a page at a time")
    def stories(
        q: str = Query(default="", description="Words that an article of the story contains (FTS5)"),
        outlet: str = "", place: str = Query(default="", description="admin1, country as the filter lists it"),
        grade: str = Query(default="", description="single-source | corroborated | contested | denied"),
        date_from: str = Query(default="", description="YYYY-MM-DD"), date_to: str = "",
        page: int = Query(default=1, ge=1),
    ) -> dict[str, Any]:
        story_filter = StoryFilter(q=q, outlet=outlet, place=place, grade=grade, date_from=date_from,
                                   date_to=date_to, page=page)
        rows = state().index.select(story_filter)
        first = (page - 1) * PAGE_SIZE
        return {
            "total": len(rows), "page": page, "page_size": PAGE_SIZE,
            "stories": [
                {**s["story"], "first_date": s["first_date"], "last_date": s["last_date"], "outlets": s["outlets"],
                 "grade": s["grade"]}
                for s in rows[first : first + PAGE_SIZE]
            ],
        }

    @app.get("/api/stories/{story_id:path}", summary="One story with its events and articles")
    def story(story_id: str) -> dict[str, Any]:
        site = state().site
        found = site.stories_by_id.get(story_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"no story {story_id}")
        summary = story_summary(site, found)
        return {"story": found, "events": summary["events"], "articles": [_without_text(a) for a in summary["articles"]]}

    @app.get("/api/events/{event_id:path}", summary="One event with its claims, figures and articles")
    def event(event_id: str) -> dict[str, Any]:
        site = state().site
        found = site.events.get(event_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"no event {event_id}")
        return {
            "event": found,
            "claims": site.claims_by_event.get(event_id, []),
            "figures": site.figures_by_event.get(event_id, []),
            "articles": [_without_text(site.articles[a]) for a in found.get("article_ids", []) if a in site.articles],
        }

    @app.get("/api/articles/{article_id}", summary="One article with its text, claims and figures")
    def article(article_id: str) -> dict[str, Any]:
        site = state().site
        found = site.articles.get(article_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"no article {article_id}")
        return {
            "article": found,
            "claims": site.claims_by_article.get(article_id, []),
            "figures": site.figures_by_article.get(article_id, []),
            "event_ids": site.events_by_article.get(article_id, []),
        }
