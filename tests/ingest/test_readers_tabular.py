from __future__ import annotations

from pathlib import Path
from typing import Mapping

import pytest

from crosswire.errors import InputError
from crosswire.ingest.readers import tabular
from crosswire.records import ItemError, SourceItem

FAKES_3ROWS = Path(__file__).parent.parent / "data" / "readers" / "fakes-3rows.csv"


def _read(data: bytes, *, columns: Mapping[str, str] | None = None) -> list[SourceItem | ItemError]:
    return list(tabular.read("test.csv", data, columns=columns))


def _items(records: list[SourceItem | ItemError]) -> list[SourceItem]:
    assert all(isinstance(record, SourceItem) for record in records), records
    return [record for record in records if isinstance(record, SourceItem)]


def test_fakes_rows_map_title_outlet_text_and_keep_the_rest_in_extra() -> None:
    first, second, third = _items(_read(FAKES_3ROWS.read_bytes()))

    assert first.item == "row 1"
    assert first.title == "Death toll from Aleppo bomb attack at least 112"
    assert first.outlet == "nna"
    assert first.body.startswith("Sun 16 Apr 2017 Death toll from Aleppo bomb attack")
    assert first.body.endswith("--Reuters")
    assert first.body_format == "text"
    # FA-KES `date` is the event's date, not the publication date.
    assert first.published is None
    assert first.extra["event_date"] == "4/16/17"
    assert "date" not in first.extra
    assert first.extra["location"] == "aleppo"
    assert first.extra["cause_of_death"] == "explosion"
    assert first.extra["nb_civilians"] == "112"
    assert first.extra["label"] == "0"
    assert first.extra["id"] == "1914947533"
    assert "article_content" not in first.extra and "source" not in first.extra

    assert (second.item, third.item) == ("row 2", "row 3")
    assert second.outlet == "jordantimes"
    assert third.extra["label"] == "1"


def test_fakes_stray_bytes_are_kept_as_windows_1252() -> None:
    _, second, third = _items(_read(FAKES_3ROWS.read_bytes()))

    # The raw title starts with the bytes 95 5f: not UTF-8, 0x95 is a bullet in Windows-1252.
    assert second.title == "\u2022_28 dead in Daesh counterattack on Syria regime forces\u2022_ | Jordan Times"
    assert "\u2022" in third.body and "Jaish al-Islam" in third.body


def test_mixed_utf8_and_windows_1252_bytes_both_give_e_acute() -> None:
    data = b'title,text\nCaf\xe9 talk,"Un caf\xc3\xa9 UTF-8, un caf\xe9 Windows-1252."\n'

    (item,) = _items(_read(data))

    assert item.title == "Caf\u00e9 talk"
    assert item.body == "Un caf\u00e9 UTF-8, un caf\u00e9 Windows-1252."


def test_bom_quotes_and_newlines_inside_fields() -> None:
    data = '\ufefftitle,content\r\n"A ""quoted"" title","Line one,\r\nline two"\r\n'.encode("utf-8")

    (item,) = _items(_read(data))

    assert item.title == 'A "quoted" title'
    assert item.body == "Line one,\r\nline two"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_delimiters_are_sniffed(delimiter: str) -> None:
    rows = ["headline;body;publisher;pubdate", "Talks resume;Talks resumed, officials said.;Example News;2018-02-27"]
    data = "\n".join(row.replace(";", delimiter) for row in rows).encode()

    (item,) = _items(_read(data))

    assert item.title == "Talks resume"
    assert item.body == "Talks resumed, officials said."
    assert item.outlet == "Example News"
    assert item.published == "2018-02-27"


def test_explicit_mapping_overrides_aliases_and_other_fields_are_still_detected() -> None:
    data = b"hed,story,summary,pubdate\nThe headline,The full story.,A summary.,2019-01-02\n"

    (item,) = _items(_read(data, columns={"text": "story", "title": "hed"}))

    assert item.title == "The headline"
    assert item.body == "The full story."
    assert item.published == "2019-01-02"
    assert item.extra == {"summary": "A summary."}


def test_explicit_mapping_to_a_column_taken_by_an_alias_moves_it() -> None:
    data = b"text,notes\nShort teaser.,The full article text.\n"

    (item,) = _items(_read(data, columns={"text": "notes"}))

    assert item.body == "The full article text."
    assert item.extra == {"text": "Short teaser."}


def test_mapping_to_a_missing_column_lists_the_columns() -> None:
    with pytest.raises(InputError, match="'article_body'.*columns are: 'title', 'text'"):
        _read(b"title,text\nA,B\n", columns={"text": "article_body"})


def test_mapping_with_unknown_field_is_refused() -> None:
    with pytest.raises(InputError, match="unknown field 'summary'"):
        _read(b"title,text\nA,B\n", columns={"summary": "text"})


def test_csv_without_text_column_is_unusable() -> None:
    with pytest.raises(InputError, match="no text or html column.*'title', 'views'"):
        _read(b"title,views\nA,3\n")


def test_empty_csv_is_unusable() -> None:
    with pytest.raises(InputError, match="no header"):
        _read(b"\r\n\r\n")


def test_row_without_text_is_an_error_and_other_rows_are_read() -> None:
    data = b"title,text\nFirst,Body one\nSecond,   \nThird,Body three\n"

    records = _read(data)

    assert [type(record) for record in records] == [SourceItem, ItemError, SourceItem]
    assert records[1] == ItemError("test.csv", "row 2", "row has no text")
    assert isinstance(records[2], SourceItem) and records[2].item == "row 3"


def test_short_rows_are_read_when_text_is_there() -> None:
    data = b"text,title,author\nBody one,Title one\nNo text here\n,only,\n"

    records = _read(data)

    assert isinstance(records[0], SourceItem)
    assert (records[0].body, records[0].title, records[0].author) == ("Body one", "Title one", None)
    assert isinstance(records[1], SourceItem) and records[1].body == "No text here"
    assert records[2] == ItemError("test.csv", "row 3", "row has no text")
    short = _read(b"title,text,author\nTitle only\n")
    assert short == [ItemError("test.csv", "row 1", "row has no text (it has 1 fields, the header has 3)")]


def test_html_column_gives_html_body() -> None:
    data = b'url,raw_html\nhttps://example.com/a,"<html><body><p>Hi</p></body></html>"\n'

    (item,) = _items(_read(data))

    assert item.body_format == "html"
    assert item.body == "<html><body><p>Hi</p></body></html>"
    assert item.url == "https://example.com/a"


def test_fields_bigger_than_the_csv_default_limit_are_read() -> None:
    body = "word " * 100_000  # 500 kB, past csv's 128 KiB default
    data = f'title,text\nLong,"{body}"\n'.encode()

    (item,) = _items(_read(data))

    assert item.body == body


def test_parse_column_mapping() -> None:
    assert tabular.parse_column_mapping(" Text = article_content , title=article_title") == {
        "text": "article_content",
        "title": "article_title",
    }


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "empty column mapping"),
        ("text", "bad column mapping 'text'"),
        ("text=", "bad column mapping 'text='"),
        ("=body", "bad column mapping '=body'"),
        ("text=a,,title=b", "bad column mapping ''"),
        ("summary=abstract", "unknown field 'summary'.*fields are: text, html"),
        ("text=a,text=b", "'text' is mapped twice"),
    ],
)
def test_parse_column_mapping_errors(spec: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        tabular.parse_column_mapping(spec)
