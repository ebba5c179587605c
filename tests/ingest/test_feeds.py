"""Feed reading against a local HTTP server; no internet."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from crosswire.ingest.feeds import read_feed
from crosswire.ingest.fetch import FetchPolicy, Fetcher
from crosswire.records import ItemError, SourceItem
from tests.web_server import WEB, LocalServer



@pytest.fixture()
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(policy=FetchPolicy(allow_private=True, timeout_seconds=2.0)) as local_fetcher:
        yield local_fetcher


def test_rss_entries_come_from_linked_pages_with_feed_metadata(server: LocalServer, fetcher: Fetcher) -> None:
    feed_url = server.base + "/feed.rss"
    first, second, third, fourth = read_feed(fetcher, feed_url)

    assert isinstance(first, SourceItem)
    assert (first.origin, first.item) == (feed_url, f"entry 1 {server.base}/article.html")
    assert first.body_format == "html" and "About 12,000 vehicles" in first.body
    assert first.url == server.base + "/article.html"
    assert first.title == "River crossing reopens after flood repairs"
    assert first.author == "Mara Lindqvist"
    assert first.published == "2024-03-05T08:30:00+00:00"
    assert first.outlet == "The Example Courier"
    assert "fetched" in first.extra and "fallback" not in first.extra

    assert isinstance(second, SourceItem)
    assert second.item == f"entry 2 {server.base}/gone-long.html"
    assert "water treatment plant" in second.body and second.body_format == "html"
    assert second.extra == {"fallback": f"feed content: HTTP 404 for {server.base}/gone-long.html"}
    assert second.published == "2024-03-04T16:00:00+00:00"
    assert (second.author, second.outlet) == ("Ilja Brand", "The Example Courier")

    link = f"{server.base}/gone-short.html"
    assert third == ItemError(origin=feed_url, item=f"entry 3 {link}", reason=f"HTTP 404 for {link}")
    assert fourth == ItemError(origin=feed_url, item="entry 4", reason="entry has no content and no link")
    assert server.seen == ["/feed.rss", "/article.html", "/gone-long.html", "/gone-short.html"]


def test_without_fetching_pages_entry_content_is_used(server: LocalServer, fetcher: Fetcher) -> None:
    items = list(read_feed(fetcher, server.base + "/feed.rss", fetch_pages=False))
    assert [type(item) for item in items] == [SourceItem, SourceItem, SourceItem, ItemError]
    first = items[0]
    assert isinstance(first, SourceItem)
    assert first.body == "The Alder river bridge is open again."
    assert first.url == server.base + "/article.html" and not first.extra
    assert server.seen == ["/feed.rss"]


def test_atom_relative_links_and_text_content(server: LocalServer, fetcher: Fetcher) -> None:
    feed_url = server.base + "/feed.atom"
    first, second = read_feed(fetcher, feed_url)
    assert isinstance(first, SourceItem) and isinstance(second, SourceItem)
    assert first.item == f"entry 1 {server.base}/article.html"
    assert "River crossing reopens" in first.body
    assert (first.title, first.author, first.outlet) == (
        "Ferry service resumes on northern route", "Tomas Okafor", "Example Wire Service")
    assert first.published == "2024-03-06T07:15:00+00:00"
    assert (second.item, second.url) == ("entry 2", None)
    assert (second.body, second.body_format) == ("Markets were closed for a public holiday.", "text")


def test_max_entries_is_reported(server: LocalServer, fetcher: Fetcher) -> None:
    feed_url = server.base + "/feed.rss"
    items = list(read_feed(fetcher, feed_url, fetch_pages=False, max_entries=1))
    assert len(items) == 2 and isinstance(items[0], SourceItem)
    assert items[1] == ItemError(origin=feed_url, item="", reason="feed has 4 entries; only the first 1 were read")


def test_unfetchable_feed_is_one_error(server: LocalServer, fetcher: Fetcher) -> None:
    feed_url = server.base + "/no-such-feed.xml"
    assert list(read_feed(fetcher, feed_url)) == [
        ItemError(origin=feed_url, item="", reason=f"HTTP 404 for {feed_url}")
    ]


def test_refused_feed_is_one_error(server: LocalServer) -> None:
    with Fetcher() as default_fetcher:
        (error,) = read_feed(default_fetcher, server.base + "/feed.rss")
    assert isinstance(error, ItemError) and error.reason.startswith("refusing to fetch")
    assert server.seen == []


@pytest.mark.parametrize("path", ["/article.html", "/empty.xml", "/broken.xml"])
def test_a_page_that_is_not_a_feed_is_one_error(server: LocalServer, fetcher: Fetcher, path: str) -> None:
    server.add("/empty.xml", "application/xml", b"")
    server.add("/broken.xml", "application/xml", b'<rss version="2.0"><channel><title>x</titl')
    (error,) = read_feed(fetcher, server.base + path)
    assert isinstance(error, ItemError) and error.reason.startswith("not a valid RSS/Atom feed: ")


def test_feed_body_is_never_taken_for_a_file_name(server: LocalServer, fetcher: Fetcher, tmp_path: Path) -> None:
    # Given bytes, feedparser would first try them as a local path and parse that file.
    local = tmp_path / "local.rss"
    local.write_bytes((WEB / "feed.rss").read_bytes())
    server.add("/path.xml", "application/xml", str(local).encode())
    (error,) = read_feed(fetcher, server.base + "/path.xml", fetch_pages=False)
    assert isinstance(error, ItemError) and error.reason.startswith("not a valid RSS/Atom feed")


def test_external_entities_are_not_resolved(server: LocalServer, fetcher: Fetcher, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    feed = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>t &xxe;</title>
<item><title>a &xxe;</title><description>body &xxe; text</description></item>
</channel></rss>"""
    server.add("/xxe.xml", "application/rss+xml", feed.encode())
    items = list(read_feed(fetcher, server.base + "/xxe.xml", fetch_pages=False))
    assert items and "TOP-SECRET-VALUE" not in repr(items)


def test_rss_guid_that_is_not_a_url_is_not_a_link(server: LocalServer, fetcher: Fetcher) -> None:
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><guid>story-12345</guid><title>Guid only</title><description>Short text.</description></item>
<item><guid>%s/article.html</guid><title>Guid as permalink</title></item>
</channel></rss>""" % server.base.encode()
    server.add("/guid.xml", "application/rss+xml", feed)
    first, second = read_feed(fetcher, server.base + "/guid.xml")
    assert isinstance(first, SourceItem) and (first.item, first.body) == ("entry 1", "Short text.")
    assert isinstance(second, SourceItem) and second.url == server.base + "/article.html"
    assert server.seen == ["/guid.xml", "/article.html"]
