"""The web app in headless Chromium: every page kind loads (screenshots saved under
test-artifacts/browser/), search works, and the seeds' 7 February event charts their six figures."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from tests.browser.conftest import ARTIFACTS
from tests.browser.watch import open_page as _open

SEED_000 = "cc07465c1cbf3a76"
SIX_CLAIMS = ("25 (25)", "about 100 (90\u2013110)", "More than 200 (201+)", "200 to 300 (200\u2013300)",
              "several dozen (36\u201399)", "more than 100 (101+)")


def _feb_7_event(site_export: dict[str, Any]) -> dict[str, Any]:
    return next(e for e in site_export["events"] if SEED_000 in e["article_ids"] and e["date"] == "2018-02-07")


def test_every_page_kind_loads_and_is_saved_as_a_screenshot(browser_context: Any, base_url: str,
                                                            site_export: dict[str, Any]) -> None:
    event = _feb_7_event(site_export)
    story = next(s for s in site_export["stories"] if event["id"] in s["event_ids"])
    pages = {
        "stories": "/", "story": f"/stories/{quote(story['id'], safe=':')}", "event": f"/events/{quote(event['id'], safe=':')}",
        "article": f"/articles/{SEED_000}", "api": "/api",
    }
    for kind, path in pages.items():
        page, watch = _open(browser_context, base_url + path)
        assert page.locator("h1").first.is_visible()
        page.screenshot(path=str(ARTIFACTS / f"{kind}.png"), full_page=True)
        assert watch.console == [] and watch.dialogs == [], (kind, watch.console)
        page.close()


def test_search_finds_the_seed_story(browser_context: Any, base_url: str) -> None:
    page, _ = _open(browser_context, base_url + "/")
    page.fill("input[name=q]", "mercenaries Wagner")
    page.click("form.filters button")
    page.wait_for_url("**/?q=*")
    rows = page.locator("table.stories td.title > a").all_inner_texts()
    assert rows and all("Hostile" not in row for row in rows)
    assert any("Russian" in row or "Coalition" in row for row in rows)
    page.close()


def test_the_7_february_event_charts_the_seeds_six_claims(browser_context: Any, base_url: str,
                                                          site_export: dict[str, Any]) -> None:
    event = _feb_7_event(site_export)
    page, _ = _open(browser_context, f"{base_url}/events/{quote(event['id'], safe=':')}")
    labels = page.locator("svg.figure-chart a.bar text.chart-value").all_text_contents()
    for claim in SIX_CLAIMS:
        assert any(label.startswith(claim) for label in labels), (claim, labels)
    page.locator("svg.figure-chart").screenshot(path=str(ARTIFACTS / "event-figure-chart.png"))
    page.locator("svg.figure-chart a.bar text.chart-value", has_text="25 (25)").first.click()
    page.wait_for_url("**/articles/**#claim-*")
    target = page.locator(".claim:target")
    assert "25" in target.inner_text() and target.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    page.close()
