"""Safe pages: a hostile article (script, event handlers, javascript: links, CSS tricks)
rendered in headless Chromium by the app and in the static report runs nothing and loads nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from crosswire.present.html.report import render_report
from tests.browser.conftest import ARTIFACTS
from tests.browser.hostile import ARTICLE_ID, EVENT_ID
from tests.browser.watch import Watch, open_page as _open


def _assert_nothing_ran(page: Any, watch: Watch) -> None:
    for selector in (".claim", "table.matrix th.source", ".meta", "dd"):
        for element in page.locator(selector).all()[:4]:
            if element.is_visible():
                element.hover()  # would fire any onmouseover that survived
    assert watch.dialogs == []
    assert not any("Refused" in message or "error" in message for message in watch.console), watch.console
    found = page.evaluate("""() => ({
        active: document.querySelectorAll('script, iframe, img, object, embed').length,
        handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
        jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
        bodyShown: getComputedStyle(document.body).display !== 'none',
    })""")
    assert found == {"active": 0, "handlers": 0, "jsLinks": 0, "bodyShown": True}


def test_a_hostile_article_runs_nothing_in_the_app(browser_context: Any, base_url: str) -> None:
    for path in (f"/articles/{ARTICLE_ID}", f"/events/{quote(EVENT_ID, safe=':')}", "/?q=town"):
        page, watch = _open(browser_context, base_url + path)
        if path.startswith("/articles"):
            assert "<script>alert('xss-text')</script>" in page.locator(".article-text").inner_text()
        _assert_nothing_ran(page, watch)
        page.close()


def test_the_static_report_runs_nothing_and_loads_nothing(browser_context: Any, site_export: dict[str, Any],
                                                          tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    report.write_text(render_report(site_export), encoding="utf-8")
    page = browser_context.new_page()
    watch = Watch(page)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(report.as_uri())
    assert page.locator("svg.figure-chart").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "report.png"))
    _assert_nothing_ran(page, watch)
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    page.close()
