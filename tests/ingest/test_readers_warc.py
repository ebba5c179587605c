from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosswire.ingest.readers import warc
from crosswire.records import ItemError, SourceItem

ARTICLE_URL = "https://news.example.com/2017/04/16/aleppo-convoy"
ARTICLE_HTML = (
    "<html><head><title>Convoy attacked</title></head><body>"
    "<article><p>At least 112 people were killed near Aleppo, the monitor said. Caf\u00e9.</p>"
    + "<p>More text.</p>" * 50
    + "</article></body></html>"
)


def _response(writer: WARCWriter, url: str, body: bytes, *, content_type: str, status: str = "200 OK") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))


def _write_warc(path: Path, *, gzipped: bool) -> bytes:
    """A small crawl: a request, an HTML page, an image, a 404 page and a stylesheet."""
    with path.open("wb") as output:
        writer = WARCWriter(output, gzip=gzipped)
        request = StatusAndHeaders("GET /2017/04/16/aleppo-convoy HTTP/1.1", [("Host", "news.example.com")], is_http_request=True)
        writer.write_record(writer.create_warc_record(ARTICLE_URL, "request", payload=io.BytesIO(b""), http_headers=request))
        _response(writer, ARTICLE_URL, ARTICLE_HTML.encode("utf-8"), content_type="text/html; charset=UTF-8")
        _response(writer, "https://news.example.com/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(500), content_type="image/png")
        _response(writer, "https://news.example.com/gone", b"<html>Not found</html>", content_type="text/html", status="404 Not Found")
        _response(writer, "https://news.example.com/site.css", b"body { color: red }", content_type="text/css")
    return path.read_bytes()


@pytest.mark.parametrize("gzipped", [False, True])
def test_only_the_html_200_response_becomes_an_item(tmp_path: Path, gzipped: bool) -> None:
    data = _write_warc(tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc"), gzipped=gzipped)
    assert data.startswith(b"\x1f\x8b") == gzipped

    records = list(warc.read("crawl.warc", data))

    assert len(records) == 1
    (item,) = records
    assert isinstance(item, SourceItem)
    assert item.url == ARTICLE_URL
    assert item.body == ARTICLE_HTML
    assert item.body_format == "html"
    assert item.item.startswith("record <urn:uuid:")
    assert item.extra["fetched"].startswith("20")


def test_whole_file_gzip_is_read_too(tmp_path: Path) -> None:
    plain = _write_warc(tmp_path / "crawl.warc", gzipped=False)

    records = list(warc.read("crawl.warc.gz", gzip.compress(plain)))

    assert [r.url for r in records if isinstance(r, SourceItem)] == [ARTICLE_URL]
    assert not [r for r in records if isinstance(r, ItemError)]


def test_truncated_gzip_warc_ends_with_an_error_instead_of_raising(tmp_path: Path) -> None:
    data = _write_warc(tmp_path / "crawl.warc.gz", gzipped=True)

    # Half the bytes hold the request and the page (one gzip member each) and
    # end inside the image's member.
    records = list(warc.read("crawl.warc.gz", data[: len(data) // 2]))

    assert len(records) == 2
    page, error = records
    assert isinstance(page, SourceItem) and page.body == ARTICLE_HTML
    assert error == ItemError(
        "crawl.warc.gz", "after record 2", "truncated or corrupt WARC: the gzip data ends in the middle of a record"
    )


def test_plain_warc_cut_inside_the_page_keeps_nothing_partial(tmp_path: Path) -> None:
    data = _write_warc(tmp_path / "crawl.warc", gzipped=False)
    cut = data.index(b"More text.") + 5

    records = list(warc.read("crawl.warc", data[:cut]))

    # Record 1 (the request) is whole; the page is cut, so it is not an item.
    (error,) = records
    assert isinstance(error, ItemError)
    assert error.item == "after record 1"
    assert error.reason.startswith("truncated or corrupt WARC: a record ends ")
    assert error.reason.endswith(" bytes before its Content-Length")


def test_cut_at_a_later_record_header_keeps_earlier_items(tmp_path: Path) -> None:
    data = _write_warc(tmp_path / "crawl.warc", gzipped=False)
    cut = data.index(b"WARC-Target-URI: https://news.example.com/logo.png") + 20

    records = list(warc.read("crawl.warc", data[:cut]))

    assert isinstance(records[0], SourceItem) and records[0].url == ARTICLE_URL
    assert isinstance(records[1], ItemError) and records[1].item == "after record 2"
    assert len(records) == 2


def test_garbage_is_one_error() -> None:
    records = list(warc.read("junk.warc", b"this is not a WARC file\r\n\r\nat all"))

    assert len(records) == 1
    assert isinstance(records[0], ItemError)
    assert records[0].item == "after record 0"
    assert records[0].reason.startswith("truncated or corrupt WARC: ")


def test_resource_record_with_declared_charset_and_empty_payload(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    page = "<html><body><p>Un caf\u00e9 \u2013 d\u00e9j\u00e0.</p></body></html>".encode("cp1252")
    writer.write_record(
        writer.create_warc_record(
            "file:///page.html", "resource", payload=io.BytesIO(page), warc_content_type="text/html; charset=windows-1252"
        )
    )
    _response(writer, "https://news.example.com/empty", b"", content_type="text/html")

    page_item, empty = warc.read("pages.warc.gz", buffer.getvalue())

    assert isinstance(page_item, SourceItem)
    assert page_item.body == "<html><body><p>Un caf\u00e9 \u2013 d\u00e9j\u00e0.</p></body></html>"
    assert page_item.url == "file:///page.html"
    assert isinstance(empty, ItemError)
    assert empty.reason == "empty payload"
    assert empty.item.startswith("record <urn:uuid:")
