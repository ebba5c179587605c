"""`crosswire ingest` on every kind of source, through the real command.

URLs and feeds come from a server on 127.0.0.1 (never the internet), which
the command may only reach with --allow-private.
"""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosswire.cli import app
from tests.paths import SEED_004
from tests.web_server import WEB, LocalServer

runner = CliRunner()


@pytest.fixture
def base_url(server: LocalServer) -> str:
    return server.base


def _count(db: str, query: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(query).fetchone()[0])


def test_a_url_and_a_feed_are_fetched_only_with_allow_private(db: str, base_url: str) -> None:
    refused = runner.invoke(app, ["ingest", f"{base_url}/article.html", "--db", db])
    assert refused.exit_code == 0 and "refusing to fetch" in " ".join(refused.output.split())
    assert _count(db, "select count(*) from articles") == 0
    result = runner.invoke(
        app, ["ingest", f"{base_url}/article.html", "--feed", f"{base_url}/feed.rss", "--db", db, "--allow-private"]
    )
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as connection:
        titles = {row[0] for row in connection.execute("select title from articles")}
        outlet_of = dict(connection.execute("select title, outlet from articles").fetchall())
    assert "River crossing reopens after flood repairs" in titles
    assert "Council approves new water treatment plant" in titles  # dead link: the feed's own content is used
    assert outlet_of["Council approves new water treatment plant"] == "The Example Courier"
    # the page read first as a URL and again through the feed is one article with two sources
    assert _count(db, "select count(*) from article_sources where origin like '%feed.rss'") == 2
    assert _count(db, "select count(*) from articles") == 2
    assert _count(db, "select count(*) from ingest_errors where item like 'entry 3%'") == 1  # dead link, no content


def test_fetches_send_crosswires_user_agent_or_the_one_given(db: str, server: LocalServer) -> None:
    url = f"{server.base}/article.html"
    assert runner.invoke(app, ["ingest", url, "--db", db, "--allow-private"]).exit_code == 0
    assert server.user_agents and server.user_agents[-1].startswith("crosswire/")
    other = str(Path(db).with_name("other.sqlite"))
    result = runner.invoke(app, ["ingest", url, "--db", other, "--allow-private", "--user-agent", "newsroom-monitor/2.0"])
    assert result.exit_code == 0, result.output
    assert server.user_agents[-1] == "newsroom-monitor/2.0"


def test_warc_jsonl_and_gzipped_text_in_one_run(db: str, tmp_path: Path) -> None:
    tmp_path = tmp_path / "inputs"
    tmp_path.mkdir()
    page = (WEB / "article.html").read_bytes()
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://courier.example/river", "response", payload=io.BytesIO(page), http_headers=headers))
    (tmp_path / "crawl.warc.gz").write_bytes(buffer.getvalue())
    records = [
        {"text": "Shelling killed 12 civilians in the town of Douma on Sunday, rescuers said.", "title": "Douma shelling", "outlet": "wire", "published": "2018-02-25"},
        {"text": ["not", "a", "string"]},
    ]
    (tmp_path / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    (tmp_path / "seed.txt.gz").write_bytes(gzip.compress(SEED_004.read_bytes()))
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", db])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as connection:
        rows = dict(connection.execute("select title, url from articles").fetchall())
        errors = [row[0] for row in connection.execute("select item from ingest_errors")]
    assert rows["Douma shelling"] is None
    assert "US-Led Coalition Warplanes Strike Syrian Regime Forces" in rows
    assert "https://courier.example/river" in rows.values()
    assert errors == ["line 2"]
