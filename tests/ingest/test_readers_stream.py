"""Container files read as streams: line splitting across chunk ends, and
the per-record and per-document size caps with their messages."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosswire.errors import InputError
from crosswire.ingest.inputs import read_file
from crosswire.ingest.readers import jsonlines, stream, tabular, warc
from crosswire.ingest.readers.stream import LongLine, split_lines
from crosswire.records import ItemError, SourceItem

FAKES_3ROWS = Path(__file__).parent.parent / "data" / "readers" / "fakes-3rows.csv"
ARTICLE = "Shelling killed at least 12 civilians in the town on Tuesday, officials said. "
OVER_CAP = 17 * 1024 * 1024


def _pieces(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def test_line_ends_cut_between_chunks_are_one_line_end() -> None:
    data = b"a,b\r\nc\rd\n\r\ne"
    for size in range(1, len(data) + 1):
        lines = list(split_lines(iter(_pieces(data, size)), limit=100, universal=True))
        assert lines == [b"a,b\r\n", b"c\r", b"d\n", b"\r\n", b"e"], size
    assert list(split_lines(iter(_pieces(data, 3)), limit=100)) == [b"a,b\r\n", b"c\rd\n", b"\r\n", b"e"]


def test_a_line_over_the_limit_is_counted_not_kept() -> None:
    data = b'short\n"' + b"x" * 50 + b'" and "more\nnext\n'
    lines = list(split_lines(iter(_pieces(data, 7)), limit=20))
    assert lines == [b"short\n", LongLine(size=len(data) - 11, quotes=3), b"next\n"]


def test_fakes_rows_read_in_tiny_chunks_equal_rows_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    data = FAKES_3ROWS.read_bytes()
    whole = list(tabular.read("f.csv", data))
    monkeypatch.setattr(stream, "CHUNK_BYTES", 5)
    assert list(tabular.read("f.csv", io.BytesIO(data))) == whole
    assert len([r for r in whole if isinstance(r, SourceItem)]) == 3


def test_a_csv_row_over_the_cap_is_one_error_and_the_next_row_is_read() -> None:
    huge = '"' + "y" * OVER_CAP + ' with ""quotes"" and\nnewlines"'
    data = f'title,text\nBig,{huge}\nSmall,"{ARTICLE}"\n'.encode()

    error, item = list(tabular.read("big.csv", io.BytesIO(data)))

    assert isinstance(error, ItemError) and error.item == "row 1"
    assert "row is over the 16 MiB limit for one row (17 MiB or more" in error.reason
    assert isinstance(item, SourceItem) and (item.item, item.title, item.body) == ("row 2", "Small", ARTICLE)


def test_an_unclosed_quote_costs_the_rest_of_the_file_as_one_error_not_garbage_rows() -> None:
    rest = f"{ARTICLE},x\n" * (OVER_CAP // len(ARTICLE) + 10)
    data = f'title,text\nFine,{ARTICLE}\nBroken,"never closed {rest}'.encode()

    records = list(tabular.read("open.csv", io.BytesIO(data)))

    assert [type(r).__name__ for r in records] == ["SourceItem", "ItemError"]
    assert "over the 16 MiB limit" in records[1].reason


def test_a_jsonl_line_over_the_cap_is_one_error() -> None:
    big = json.dumps({"text": "z" * OVER_CAP})
    data = f"{big}\n{json.dumps({'text': ARTICLE})}\n".encode()

    error, item = list(jsonlines.read("x.jsonl", io.BytesIO(data)))

    assert error == ItemError("x.jsonl", "line 1", "line is over the 16 MiB limit for one record (17 MiB); skipped")
    assert isinstance(item, SourceItem) and (item.item, item.body) == ("line 2", ARTICLE)


def test_a_json_document_over_the_cap_is_refused_with_advice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonlines, "MAX_DOCUMENT_BYTES", 2 * 1024 * 1024)
    document = json.dumps({"articles": [{"text": ARTICLE}] * 40_000}, indent=1).encode()

    with pytest.raises(InputError, match="JSON document is over the 2 MiB limit for one document.*JSON lines"):
        list(jsonlines.read("dump.json", io.BytesIO(document)))


def test_json_lines_under_a_json_name_are_streamed_past_the_document_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonlines, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    data = "".join(json.dumps({"text": f"{n} {ARTICLE}"}) + "\n" for n in range(30_000)).encode()

    records = list(jsonlines.read("export.json", io.BytesIO(data)))

    assert len(records) == 30_000 and all(isinstance(r, SourceItem) for r in records)
    assert (records[-1].item, records[-1].body) == ("line 30000", f"29999 {ARTICLE}")


def test_a_warc_page_over_the_cap_is_skipped_with_a_reason() -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    for url, body in (("https://a.example/big", b"<p>" + b"w" * OVER_CAP), ("https://a.example/ok", f"<p>{ARTICLE}</p>".encode())):
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    buffer.seek(0)

    error, page = list(warc.read("crawl.warc.gz", buffer))

    assert isinstance(error, ItemError) and error.reason == "page is over 16 MiB; skipped"
    assert isinstance(page, SourceItem) and page.url == "https://a.example/ok"


def test_a_cut_csv_gz_yields_its_rows_then_a_broken_gzip_error(tmp_path: Path) -> None:
    # GzipFile.read raises at the cut, losing what it had decompressed of
    # that one read (up to stream.CHUNK_BYTES): the rows before it are kept.
    rows = "".join(f'Title {n},"{n} {ARTICLE}"\n' for n in range(60_000))
    compressed = gzip.compress(f"title,text\n{rows}".encode())
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(compressed[: len(compressed) // 2])

    records = list(read_file(path))

    assert all(isinstance(r, SourceItem) for r in records[:-1]) and len(records) > 10_000
    assert isinstance(records[-1], ItemError) and records[-1].reason.startswith("broken gzip data: ")
