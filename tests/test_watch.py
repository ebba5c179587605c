"""`crosswire watch` against the local test server: a feed that grows between polls.

The entry pages carry real article text (the two seed articles and one
FA-KES article, see tests/data/link/ATTRIBUTION.md). Poll 1 sees two
entries, poll 2 three: it must fetch only the new page, store it, and link
it (incrementally) into the store's events. Poll 3 finds the feed unchanged:
the server answers 304 to the ETag it sent, and nothing is fetched.
"""

from __future__ import annotations

import html
import json
import sqlite3
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.errors import InputError
from crosswire.ingest.fetch import FetchPolicy
from crosswire.watch import PollReport, parse_interval, watch
from tests.paths import REPO, SEED_000, SEED_004
from tests.web_server import LocalServer

FAKES = REPO / "tests" / "data" / "link" / "fakes_copies.jsonl"


def _page(title: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>\n" for p in text.split("\n") if p.strip())
    return (f"<!doctype html><html><head><title>{html.escape(title)}</title></head><body>"
            f"<article><h1>{html.escape(title)}</h1>\n{paragraphs}</article></body></html>").encode("utf-8")


def _seed(path: Path) -> tuple[str, str, str | None]:
    title, _, body = path.read_text(encoding="utf-8").partition("\n")
    published = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8")).get("published")
    return title.strip(), body, published


def _fakes() -> tuple[str, str, str | None]:
    row = json.loads(FAKES.read_text(encoding="utf-8").splitlines()[0])
    text = row["text"]
    return text.split(" Monitor ")[0] + " Monitor", text, row["published"]


def _feed(base: str, entries: list[tuple[str, str, str | None]]) -> bytes:
    items = "".join(f"<item><title>{html.escape(title)}</title><link>{base}/{slug}.html</link>"
                    + (f"<pubDate>{published}</pubDate>" if published else "") + "</item>"
                    for slug, title, published in entries)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test Wire</title>'
            f"<link>{base}/</link><description>t</description>{items}</channel></rss>").encode("utf-8")


def _serve_feed(server: LocalServer, body: bytes, etag: str) -> None:
    def route(handler: BaseHTTPRequestHandler) -> None:
        if handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("ETag", etag)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    server.routes["/feed.rss"] = route


def _articles(db: str) -> dict[str, str]:
    with sqlite3.connect(db) as connection:
        return {url.rsplit("/", 1)[-1]: article_id for url, article_id in connection.execute(
            "SELECT url, id FROM articles")}


def test_a_growing_feed_is_ingested_analysed_and_linked_poll_by_poll(server: LocalServer, tmp_path: Path) -> None:
    db = str(tmp_path / "watch.sqlite")
    pages = {"seed-000": _seed(SEED_000), "seed-004": _seed(SEED_004), "fakes": _fakes()}
    for slug, (title, text, _) in pages.items():
        server.add(f"/{slug}.html", "text/html; charset=utf-8", _page(title, text))
    entries = [(slug, title, published) for slug, (title, _, published) in pages.items()]
    _serve_feed(server, _feed(server.base, entries[:2]), '"v1"')
    args = ["watch", "--feed", f"{server.base}/feed.rss", "--every", "1s", "--db", db, "--allow-private",
            "--max-polls", "1"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "poll 1: 1 feeds, 2 entries, 2 fetched, 2 new articles" in first.output
    assert set(_articles(db)) == {"seed-000.html", "seed-004.html"}

    server.seen.clear()
    _serve_feed(server, _feed(server.base, entries), '"v2"')
    second = CliRunner().invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "3 entries, 1 fetched, 1 new articles" in second.output
    assert "linked 3 articles (1 new)" in second.output
    assert server.seen == ["/feed.rss", "/fakes.html"]  # the stored pages are not fetched again
    new_id = _articles(db)["fakes.html"]
    with sqlite3.connect(db) as connection:
        events = {row[0] for row in connection.execute("SELECT event_id FROM event_mentions WHERE article_id = ?",
                                                        (new_id,))}
        known = {row[0] for row in connection.execute("SELECT id FROM events")}
        etag = connection.execute("SELECT etag FROM feed_state").fetchall()
    assert events and events <= known
    assert etag == [('"v2"',)]

    server.seen.clear()
    third = CliRunner().invoke(app, args)
    assert third.exit_code == 0, third.output
    assert "(1 not modified), 0 entries, 0 fetched, 0 new articles" in third.output
    assert server.seen == ["/feed.rss"]


def test_a_failing_feed_is_an_error_of_the_poll_not_a_crash(server: LocalServer, tmp_path: Path) -> None:
    server.add("/broken.rss", "text/html", b"<h1>down</h1>", status=503)
    polls: list[PollReport] = []
    done = watch(feeds=[f"{server.base}/broken.rss"], db=str(tmp_path / "w.sqlite"), every=0.0, max_polls=2,
                 fetch_policy=_private(), on_poll=polls.append, sleep=lambda _: None)
    assert done == 2
    assert [len(p.errors) for p in polls] == [1, 1]
    assert "HTTP 503" in polls[0].errors[0].reason


def test_ctrl_c_between_polls_stops_cleanly(server: LocalServer, tmp_path: Path) -> None:
    server.add("/empty.rss", "application/rss+xml", _feed(server.base, []))

    def interrupt(_: float) -> None:
        raise KeyboardInterrupt

    done = watch(feeds=[f"{server.base}/empty.rss"], db=str(tmp_path / "w.sqlite"), every=60.0, fetch_policy=_private(),
                 sleep=interrupt)
    assert done == 1


def test_intervals() -> None:
    assert parse_interval("15m") == 900
    assert parse_interval("30s") == parse_interval("30") == 30
    assert parse_interval("2h") == 7200
    for bad in ("", "m", "-5m", "0", "15 minutes"):
        with pytest.raises(InputError):
            parse_interval(bad)


def _private() -> FetchPolicy:
    return FetchPolicy(allow_private=True)
