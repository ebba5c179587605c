"""The local web app: story list with search and filters, story, event and article pages, a JSON API.

The store is read once at start-up into an in-memory index (`SiteData` plus
an FTS5 search index); requests are lookups, never an export rebuilt. The app
is read-only: its one state-changing endpoint (reloading the store after a
new analysis) needs the token given at start-up, and is refused when none
was given. Every response carries a Content-Security-Policy that allows no
script at all.
"""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from fastapi import FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from crosswire.present.html.geo import preload_outlines
from crosswire.present.html.listing import PAGE_SIZE, StoryFilter, StoryIndex
from crosswire.present.html.render import AppLinks, content_security_policy, render
from crosswire.present.html.views import event_view, story_figure_groups
from crosswire.present.site_data import Record, SiteData, build_site_data, story_summary

LINKS = AppLinks()


@dataclass(slots=True)
class _State:
    site: SiteData
    index: StoryIndex


def load_export(db: str) -> dict[str, Any]:
    """The store's export, read once."""
    from crosswire.present.export import build_export
    from crosswire.store import open_store

    engine = open_store(db)
    with engine.connect() as connection:
        export = build_export(connection)
    engine.dispose()
    return export


def create_app(*, export: dict[str, Any] | None = None, db: str | None = None, token: str | None = None) -> FastAPI:
    """The app over an export (tests, benchmarks) or over the store `db` (read at start-up)."""
    if export is None:
        if db is None:
            raise ValueError("give an export or a store")
        export = load_export(db)
    state = _build_state(export)
    lock = threading.Lock()
    app = FastAPI(title="crosswire", version="1", docs_url=None, redoc_url=None,
                  description="Read-only access to a crosswire store; records follow docs/OUTPUT.md.")
    csp = content_security_policy()

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    _html_routes(app, lambda: state)
    _api_routes(app, lambda: state)

    @app.post("/api/reload", summary="Re-read the store (needs the start-up token)")
    def reload(authorization: str | None = Header(default=None)) -> dict[str, int]:
        nonlocal state
        if not token or not authorization or not hmac.compare_digest(authorization, f"Bearer {token}"):
            raise HTTPException(status_code=403, detail="a write needs the token given to 'crosswire serve --token'")
        if db is None:
            raise HTTPException(status_code=409, detail="this app was built from an export, not a store")
        with lock:
            state = _build_state(load_export(db))
        return {"articles": len(state.site.articles), "events": len(state.site.events)}

    return app


def _build_state(export: dict[str, Any]) -> _State:
    site = build_site_data(export)
    preload_outlines()  # decode the map once here, not on the first request
    return _State(site=site, index=StoryIndex.build(site))


def _page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render(template, links=LINKS, home_href="/", csp_meta=None, **context), status_code=status)


def _not_found(message: str) -> HTMLResponse:
    return _page("not_found.html", status=404, message=message)


def _html_routes(app: FastAPI, state: Callable[[], _State]) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(
        q: str = "", outlet: str = "", place: str = "", grade: str = "", date_from: str = "", date_to: str = "",
        page: int = Query(default=1, ge=1),
    ) -> HTMLResponse:
        current = state()
        story_filter = StoryFilter(q=q, outlet=outlet, place=place, grade=grade, date_from=date_from,
                                   date_to=date_to, page=page)
        rows = current.index.select(story_filter)
        return _page("index.html", f=story_filter, options=current.index.options(), page=_paged(rows, story_filter),
                     totals=_totals(current), derived=current.site.derived_stories, error=None)

    @app.get("/stories/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str) -> HTMLResponse:
        current = state()
        story = current.site.stories_by_id.get(story_id)
        if story is None:
            return _not_found(f"No story {story_id}.")
        summary = story_summary(current.site, story)
        groups = story_figure_groups(current.site, summary["events"])
        return _page("story.html", story=story, summary=summary, site=current.site, figure_groups=groups)

    @app.get("/events/{event_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(event_id: str) -> HTMLResponse:
        current = state()
        view = event_view(current.site, event_id)
        if view is None:
            return _not_found(f"No event {event_id}.")
        return _page("event.html", view=view, site=current.site)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str) -> HTMLResponse:
        current = state()
        article = current.site.articles.get(article_id)
        if article is None:
            return _not_found(f"No article {article_id}.")
        return _page("article.html", article=article, site=current.site)

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page() -> HTMLResponse:
        return _page("api.html", schema=app.openapi())


def _paged(rows: list[Record], story_filter: StoryFilter) -> Record:
    first = (story_filter.page - 1) * PAGE_SIZE
    shown = rows[first : first + PAGE_SIZE]
    params = story_filter.as_params()
    more = first + PAGE_SIZE < len(rows)
    return {
        "rows": shown, "total": len(rows), "first": first + 1,
        "prev": LINKS.stories(**params, page=story_filter.page - 1) if story_filter.page > 1 else None,
        "next": LINKS.stories(**params, page=story_filter.page + 1) if more else None,
        "map_events": [e for s in shown for e in s["events"]],
    }


def _totals(current: _State) -> dict[str, int]:
    site = current.site
    return {"articles": len(site.articles), "outlets": len(current.index.outlets), "events": len(site.events),
            "stories": len(site.stories)}


def _api_routes(app: FastAPI, state: Callable[[], _State]) -> None:
    from crosswire.present.html.api import register

    register(app, state)


def json_response(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status)
