"""The web app: pages, search and filters, the JSON API, read-only by default, safe headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from crosswire.cli import app as cli
from crosswire.present.html.app import create_app
from crosswire.present.html.listing import fts_query
from tests.browser.hostile import ARTICLE_ID, EVENT_ID, MARKERS, hostile_export
from tests.paths import SEEDS
from tests.present.test_html_report import assert_inert

ALEPPO = ("The death toll from a bomb blast on a bus convoy outside Aleppo reached at least 112 people, "
          "the Syrian Observatory for Human Rights said.")


def _aleppo(export: dict[str, Any]) -> dict[str, Any]:
    """The hostile export plus a plain article about another event, with its own outlet, place and date."""
    article_id = "1234567890abcdef"
    event_id = f"{article_id}:ev0"
    export["articles"].append({"id": article_id, "outlet": "nna", "url": None, "title": "Aleppo convoy bombing",
                               "published": "2017-04-16", "word_count": 22, "copy_of": None, "text": ALEPPO})
    export["claims"].append({"id": f"{article_id}:c0", "article_id": article_id, "text": ALEPPO, "kind": "attributed",
                             "source": {"name": "the Syrian Observatory for Human Rights", "type": "organisation"},
                             "via": None, "cue": "said", "hedged": False, "event_id": event_id,
                             "evidence": {"article_id": article_id, "start": 0, "end": len(ALEPPO)}})
    start = ALEPPO.index("at least 112")
    export["figures"].append({"id": f"{article_id}:f0", "article_id": article_id, "claim_id": f"{article_id}:c0",
                              "event_id": event_id, "category": "killed", "group": "people", "low": 112, "high": None,
                              "text": "at least 112", "evidence": {"article_id": article_id, "start": start, "end": start + 12}})
    export["events"].append({"id": event_id, "type": "Explosions/Remote violence", "sub_event": "Suicide bomb",
                             "date": "2017-04-15", "date_precision": "day",
                             "location": {"name": "Aleppo", "admin1": "Aleppo", "country": "Syria", "lat": 36.2, "lon": 37.16},
                             "actors": [], "article_ids": [article_id],
                             "figures": {"killed": {"low": 112, "best": 112, "high": None, "origins": 1, "contested": False}},
                             "corroboration": "corroborated"})
    export["stories"].append({"id": "aleppo", "title": "Aleppo convoy bombing", "event_ids": [event_id],
                              "article_ids": [article_id]})
    return export


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(export=_aleppo(hostile_export())))


def _story_titles(client: TestClient, **params: str) -> list[str]:
    data = client.get("/api/stories", params=params).json()
    return [story["title"] for story in data["stories"]]


def test_pages_load_and_link_to_each_other(client: TestClient) -> None:
    index = client.get("/")
    assert index.status_code == 200 and "Aleppo convoy bombing" in index.text
    assert 'href="/stories/aleppo"' in index.text and 'href="/events/1234567890abcdef:ev0"' in index.text
    event = client.get("/events/1234567890abcdef:ev0")
    assert event.status_code == 200
    assert 'href="/articles/1234567890abcdef#claim-1234567890abcdef:c0"' in event.text  # the bar links to its sentence
    assert "at least 112 (112+)" in event.text
    article = client.get("/articles/1234567890abcdef")
    assert '<mark id="figure-1234567890abcdef:f0" class="figure fig-killed"' in article.text
    assert client.get("/stories/aleppo").status_code == 200
    assert client.get("/events/no-such-event").status_code == 404


def test_search_and_filters_narrow_the_story_list(client: TestClient) -> None:
    assert _story_titles(client, q="convoy Aleppo") == ["Aleppo convoy bombing"]
    assert _story_titles(client, q="observ") == ["Aleppo convoy bombing"]  # the last word is a prefix
    assert _story_titles(client, q="\"; DROP TABLE articles; --") == []  # quoted terms, never FTS syntax
    assert _story_titles(client, outlet="nna") == ["Aleppo convoy bombing"]
    assert _story_titles(client, grade="single-source") == ["<script>alert('story')</script>Hostile story"]
    assert _story_titles(client, place="Aleppo, Syria") == ["Aleppo convoy bombing"]
    assert _story_titles(client, date_from="2018-01-01") == ["<script>alert('story')</script>Hostile story"]
    assert _story_titles(client, date_to="2017-12-31") == ["Aleppo convoy bombing"]
    assert "0 stories match" in client.get("/", params={"q": "Mosul"}).text


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('Deir "Ezzor" OR NEAR(x)') == '"Deir" AND "Ezzor" AND "OR" AND "NEAR" AND "x"*'
    assert fts_query("  ") == ""


def test_json_api_mirrors_the_export_records(client: TestClient) -> None:
    event = client.get(f"/api/events/{EVENT_ID}").json()
    assert event["event"]["figures"]["killed"] == {"low": 201, "best": 201, "high": None, "origins": 1, "contested": False}
    assert {c["kind"] for c in event["claims"]} == {"reported", "attributed", "opinion"}
    assert "text" not in event["articles"][0]
    article = client.get(f"/api/articles/{ARTICLE_ID}").json()
    assert article["article"]["text"].startswith("Attack on <script>")  # JSON carries the data as it is
    assert client.get("/api/articles/nope").status_code == 404
    schema = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/events/{event_id}", "/api/articles/{article_id}"} <= set(schema["paths"])
    assert "/api/events/{event_id}" in client.get("/api").text


def test_every_response_carries_a_policy_that_forbids_script(client: TestClient) -> None:
    for path in ("/", f"/events/{EVENT_ID}", "/api/stories", "/nope"):
        headers = client.get(path).headers
        policy = headers["content-security-policy"]
        assert policy.startswith("default-src 'none'; style-src 'sha256-") and "script-src" not in policy
        assert headers["x-content-type-options"] == "nosniff"


def test_hostile_article_renders_inert_on_every_page(client: TestClient) -> None:
    for path in ("/", "/?q=town", f"/events/{EVENT_ID}", f"/articles/{ARTICLE_ID}", "/stories/story%3Cscript%3E"):
        response = client.get(path)
        assert response.status_code == 200, path
        if path.startswith(("/events", "/articles")):
            assert_inert(response.text, markers=() if path.startswith("/events") else MARKERS)
        else:
            assert "<script>alert" not in response.text


def test_reload_is_refused_without_the_token(tmp_path: Path) -> None:
    db = str(tmp_path / "store.sqlite")
    assert CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", db, "-q"]).exit_code == 0
    closed = TestClient(create_app(db=db))
    assert closed.post("/api/reload").status_code == 403
    guarded = TestClient(create_app(db=db, token="s3cret"))
    assert guarded.post("/api/reload", headers={"Authorization": "Bearer wrong"}).status_code == 403
    reloaded = guarded.post("/api/reload", headers={"Authorization": "Bearer s3cret"})
    assert reloaded.status_code == 200 and reloaded.json()["articles"] == 2
    assert guarded.put("/api/stories").status_code == 405  # nothing else writes
