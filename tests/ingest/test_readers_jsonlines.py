from __future__ import annotations

import json
from typing import Any

import pytest

from crosswire.errors import InputError
from crosswire.ingest.readers import jsonlines
from crosswire.records import ItemError, SourceItem


def _read(data: bytes | str, origin: str = "test.json") -> list[SourceItem | ItemError]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return list(jsonlines.read(origin, raw))


def _dumps(record: Any) -> str:
    return json.dumps(record, ensure_ascii=False)


def test_jsonl_with_a_broken_line_gives_two_items_and_one_error() -> None:
    data = "\n".join(
        [
            _dumps({"title": "One", "text": "First body.", "id": 7}),
            '{"title": "Two", "text": "unterminated',
            "",
            _dumps({"title": "Three", "maintext": "Third body.", "date_publish": "2018-02-27 10:00:00"}),
        ]
    )

    first, error, third = _read(data, origin="export.jsonl")

    assert isinstance(first, SourceItem) and isinstance(third, SourceItem)
    assert (first.item, first.title, first.body, first.body_format) == ("line 1", "One", "First body.", "text")
    assert first.extra == {"id": "7"}
    assert isinstance(error, ItemError)
    assert error.item == "line 2"
    assert error.reason.startswith("invalid JSON: ")
    assert (third.item, third.body, third.published) == ("line 4", "Third body.", "2018-02-27 10:00:00")


def test_json_lines_in_a_json_file_are_read_as_lines() -> None:
    data = _dumps({"text": "A"}) + "\r\n" + _dumps({"text": "B"}) + "\r\n"

    records = _read(data, origin="mislabelled.json")

    assert [(r.item, r.body) for r in records if isinstance(r, SourceItem)] == [("line 1", "A"), ("line 2", "B")]


def test_array_of_objects() -> None:
    data = _dumps(
        [
            {"headline": "One", "content": "Body one.", "link": "https://example.com/1", "byline": "A. Writer"},
            {"headline": "Two", "body": "Body two.", "publisher": "Example Post", "pubdate": "2017-04-16"},
        ]
    )

    first, second = _read(data)

    assert isinstance(first, SourceItem) and isinstance(second, SourceItem)
    assert (first.item, first.title, first.body) == ("item 1", "One", "Body one.")
    assert (first.url, first.author) == ("https://example.com/1", "A. Writer")
    assert (second.item, second.outlet, second.published) == ("item 2", "Example Post", "2017-04-16")


def test_newsapi_envelope_with_source_object() -> None:
    data = _dumps(
        {
            "status": "ok",
            "totalResults": 1,
            "articles": [
                {
                    "source": {"id": "bbc-news", "name": "BBC News"},
                    "author": None,
                    "title": "Convoy attacked",
                    "content": "A convoy was attacked near Aleppo.",
                    "publishedAt": "2017-04-15T12:00:00Z",
                    "urlToImage": "https://example.com/a.jpg",
                }
            ],
        }
    )

    (item,) = _read(data)

    assert isinstance(item, SourceItem)
    assert item.item == "item 1"
    assert item.outlet == "BBC News"
    assert item.author is None
    assert item.body == "A convoy was attacked near Aleppo."
    assert item.published == "2017-04-15T12:00:00Z"
    assert item.extra == {"urlToImage": "https://example.com/a.jpg"}


def test_single_object_with_author_list() -> None:
    data = _dumps({"title": "Café", "text": "Un café.", "authors": ["Ann Lee", "Bo Chan"], "source": "Example"})

    (item,) = _read(data)

    assert isinstance(item, SourceItem)
    assert item.item == ""
    assert (item.title, item.body, item.outlet) == ("Café", "Un café.", "Example")
    assert item.author == "Ann Lee, Bo Chan"


def test_empty_metadata_strings_are_none() -> None:
    (item,) = _read(_dumps({"text": "Body.", "title": "  ", "url": "", "source": {"id": None, "name": None}}))

    assert isinstance(item, SourceItem)
    assert (item.title, item.url, item.outlet) == (None, None, None)


def test_html_field_gives_html_body() -> None:
    (item,) = _read(_dumps({"url": "https://example.com/", "raw_html": "<html><body><p>Hi</p></body></html>"}))

    assert isinstance(item, SourceItem)
    assert item.body_format == "html"
    assert item.body == "<html><body><p>Hi</p></body></html>"


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"text": 42}, "field 'text' is a number, expected a string"),
        ({"content": ["para one", "para two"]}, "field 'content' is an array, expected a string"),
        ({"body": {"en": "hello"}}, "field 'body' is an object, expected a string"),
        ({"text": "ok", "title": ["a"]}, "field 'title' is an array, expected a string"),
        ({"text": "ok", "authors": ["a", 3]}, "field 'authors' holds a number, expected names as strings"),
        ({"title": "no body"}, "record has no text"),
        ("just a string", "record is a string, expected an object"),
    ],
)
def test_wrong_types_are_item_errors_naming_field_and_type(record: Any, reason: str) -> None:
    data = _dumps([record, {"text": "fine"}])

    error, fine = _read(data)

    assert error == ItemError("test.json", "item 1", reason)
    assert isinstance(fine, SourceItem) and fine.body == "fine"


def test_line_separator_inside_a_string_does_not_split_the_line() -> None:
    data = _dumps({"text": "before\u2028after"}) + "\n" + _dumps({"text": "next"})

    records = _read(data, origin="x.jsonl")

    assert [r.body for r in records if isinstance(r, SourceItem)] == ["before\u2028after", "next"]


@pytest.mark.parametrize("data", ["this is not json\nnor this", "", "42"])
def test_unusable_json_raises_input_error(data: str) -> None:
    with pytest.raises(InputError):
        _read(data)
