"""JSON and JSON-lines files: one article per object.

A `.json` file may hold one object, an array of objects, or a NewsAPI-style
`{"articles": [...]}` envelope; files that are not one JSON document are
read as JSON lines, because exports often carry the wrong suffix.

JSON lines are read line by line, in any size. One JSON document has to be
parsed whole, so it is read only up to MAX_DOCUMENT_BYTES.
"""

from __future__ import annotations

import codecs
import io
import itertools
import json
from typing import Any, Iterator, Mapping

from crosswire.errors import InputError
from crosswire.ingest.decoding import decode_text, line_decoder
from crosswire.ingest.readers.stream import (
    CHUNK_BYTES,
    ByteStream,
    LongLine,
    as_stream,
    byte_chunks,
    split_lines,
    text_chunks,
    wide_encoding,
)
from crosswire.records import BodyFormat, ItemError, SourceItem

# Order matters: the first alias holding a value wins.
_ALIASES: dict[str, tuple[str, ...]] = {
    "html": ("html", "raw_html"),
    "text": ("text", "content", "body", "maintext"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "outlet": ("outlet", "source", "site", "sitename", "publisher", "source_domain"),
    "author": ("author", "authors", "byline"),
    # Keys are matched lower-cased, so "publishedat" is NewsAPI's "publishedAt".
    "published": ("published", "date", "pubdate", "published_at", "publishedat", "date_publish"),
}
_LINES_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
# json.loads recurses once per nesting level; a hostile file of "[[[[..." raises
# RecursionError, which is not a JSONDecodeError.
_TOO_DEEP = "JSON nested too deeply to read (more levels than Python's recursion limit)"
_MIB = 1024 * 1024
# One document is parsed whole (json.loads), taking several times its size in
# memory; beyond this it is refused with advice to convert it to JSON lines.
MAX_DOCUMENT_BYTES = 256 * _MIB
# One JSON line (one article) over this is skipped, as an article page would be.
MAX_LINE_BYTES = 16 * _MIB
# A file whose first lines are all not JSON is no JSON-lines file: stop there.
_MAX_BAD_LINES_FIRST = 10_000
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number", float: "a number"}


class _BadField(ValueError):
    """A field of one record has a type the reader cannot use."""


def read(origin: str, data: bytes | ByteStream) -> Iterator[SourceItem | ItemError]:
    """Read the articles of a JSON document or a JSON-lines file.

    `data` is the file's content or a stream of it. Files named
    `.jsonl`/`.ndjson`, and files whose first line is a whole JSON value
    followed by more, are read as lines straight away (so that a one-line
    file still reports "line 1"). Whether anything is readable at all is
    decided here, before the first item, so an unusable file fails at once
    with `InputError`.
    """
    stream = as_stream(data)
    head = stream.read(CHUNK_BYTES)
    if origin.lower().endswith(_LINES_SUFFIXES) or _starts_json_lines(head):
        return _lines(origin, _numbered_lines(stream, head), document_error=None)
    whole = _read_document(stream, head)
    text = decode_text(whole)
    if not text.strip():
        raise InputError("empty JSON file")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return _lines(origin, _numbered_lines(io.BytesIO(whole), b""), document_error=error)
    except RecursionError as error:
        raise InputError(_TOO_DEEP) from error
    except ValueError as error:  # not a syntax error: an integer too long to convert
        raise InputError(f"unreadable JSON value: {str(error)[:120]}") from error
    return _document(origin, document)


def _read_document(stream: ByteStream, head: bytes) -> bytes:
    parts, size = [head], len(head)
    while chunk := stream.read(CHUNK_BYTES):
        size += len(chunk)
        if size > MAX_DOCUMENT_BYTES:
            raise InputError(
                f"JSON document is over the {MAX_DOCUMENT_BYTES // _MIB} MiB limit for one document; not read "
                "(JSON lines, one article per line, are read in any size)"
            )
        parts.append(chunk)
    return b"".join(parts)


def _starts_json_lines(head: bytes) -> bool:
    """Whether `head` starts with a complete line holding a JSON value and
    has more after it: then the file is not one JSON document."""
    if wide_encoding(head):
        return False
    first, newline, rest = head.removeprefix(codecs.BOM_UTF8).lstrip().partition(b"\n")
    return bool(newline and rest.strip()) and _parses(line_decoder(head)(first))


def _numbered_lines(stream: ByteStream, head: bytes) -> Iterator[tuple[int, str | LongLine]]:
    """(line number, line) for each line of the stream that begins with `head`."""
    encoding = wide_encoding(head)
    if encoding is not None:
        texts = split_lines(text_chunks(stream, encoding=encoding, head=head), limit=MAX_LINE_BYTES)
        return enumerate(texts, start=1)
    decode = line_decoder(head)
    lines = split_lines(byte_chunks(stream, head=head.removeprefix(codecs.BOM_UTF8)), limit=MAX_LINE_BYTES)
    return enumerate((line if isinstance(line, LongLine) else decode(line) for line in lines), start=1)


def _document(origin: str, document: Any) -> Iterator[SourceItem | ItemError]:
    if isinstance(document, dict) and isinstance(document.get("articles"), list):
        document = document["articles"]
    if isinstance(document, dict):
        return iter([_record_item(origin, "", document)])
    if isinstance(document, list):
        if not document:
            raise InputError("JSON array holds no articles")
        return (_record_item(origin, f"item {n}", record) for n, record in enumerate(document, start=1))
    raise InputError(f"JSON document is {_type_name(document)}; expected an object or an array of objects")


def _lines(
    origin: str, lines: Iterator[tuple[int, str | LongLine]], *, document_error: json.JSONDecodeError | None
) -> Iterator[SourceItem | ItemError]:
    """The items of JSON lines, once one line is known to be JSON; the lines
    read up to that one are held (the first `_MAX_BAD_LINES_FIRST` at most)."""
    held: list[SourceItem | ItemError] = []
    for number, line in lines:
        parsed, result = _line_item(origin, number, line)
        if result is None:
            continue
        held.append(result)
        if parsed:
            return itertools.chain(held, _line_items(origin, lines))
        if len(held) >= _MAX_BAD_LINES_FIRST:
            raise InputError(f"not JSON: none of the first {len(held):,} lines is a JSON value")
    if not held:
        raise InputError("empty JSON file")
    detail = f" ({document_error})" if document_error else ""
    raise InputError(f"not JSON: neither one JSON document nor JSON lines{detail}")


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        return False
    return True


def _line_items(origin: str, lines: Iterator[tuple[int, str | LongLine]]) -> Iterator[SourceItem | ItemError]:
    for number, line in lines:
        _, result = _line_item(origin, number, line)
        if result is not None:
            yield result


def _line_item(origin: str, number: int, line: str | LongLine) -> tuple[bool, SourceItem | ItemError | None]:
    """(whether the line is JSON, its item or error); None for a blank line."""
    item = f"line {number}"
    if isinstance(line, LongLine):
        reason = f"line is over the {MAX_LINE_BYTES // _MIB} MiB limit for one record ({line.size / _MIB:.0f} MiB); skipped"
        return False, ItemError(origin, item, reason)
    if not line.strip():
        return False, None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return False, ItemError(origin, item, f"invalid JSON: {error}")
    except RecursionError:
        return False, ItemError(origin, item, _TOO_DEEP)
    except ValueError as error:  # an integer too long to convert
        return False, ItemError(origin, item, f"unreadable JSON value: {str(error)[:120]}")
    return True, _record_item(origin, item, record)


def _record_item(origin: str, item: str, record: Any) -> SourceItem | ItemError:
    if not isinstance(record, dict):
        return ItemError(origin, item, f"record is {_type_name(record)}, expected an object")
    try:
        return _to_source_item(origin, item, record)
    except _BadField as error:
        return ItemError(origin, item, str(error))


def _to_source_item(origin: str, item: str, record: Mapping[str, Any]) -> SourceItem | ItemError:
    found = _find_fields(record)
    body_format: BodyFormat
    html, text = _string(found, "html"), _string(found, "text")
    if html and html.strip():
        body, body_format = html, "html"
    elif text and text.strip():
        body, body_format = text, "text"
    else:
        return ItemError(origin, item, "record has no text")
    return SourceItem(
        origin=origin,
        item=item,
        body=body,
        body_format=body_format,
        title=_string(found, "title"),
        url=_string(found, "url"),
        outlet=_outlet(found),
        author=_author(found),
        published=_string(found, "published", numbers=True),
        extra=_extra(record, used={key for key, _ in found.values()}),
    )


def _find_fields(record: Mapping[str, Any]) -> dict[str, tuple[str, Any]]:
    """For each field, the record key that holds it and its value."""
    keys: dict[str, str] = {}
    for name in record:
        keys.setdefault(name.lower(), name)
    found: dict[str, tuple[str, Any]] = {}
    for field, aliases in _ALIASES.items():
        for alias in aliases:
            key = keys.get(alias)
            if key is not None and record[key] is not None:
                found[field] = (key, record[key])
                break
    return found


def _string(found: Mapping[str, tuple[str, Any]], field: str, *, numbers: bool = False) -> str | None:
    if field not in found:
        return None
    key, value = found[field]
    if isinstance(value, str):
        # Bodies stay as written; an empty metadata string means "not given".
        return value if field in ("text", "html") else value.strip() or None
    if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise _BadField(f"field {key!r} is {_type_name(value)}, expected a string")


def _outlet(found: Mapping[str, tuple[str, Any]]) -> str | None:
    key, value = found.get("outlet", ("", None))
    if isinstance(value, dict):  # NewsAPI: "source": {"id": ..., "name": "BBC News"}
        name = value.get("name")
        if name is None:
            return None
        if not isinstance(name, str):
            raise _BadField(f"field '{key}.name' is {_type_name(name)}, expected a string")
        return name.strip() or None
    return _string(found, "outlet")


def _author(found: Mapping[str, tuple[str, Any]]) -> str | None:
    key, value = found.get("author", ("", None))
    if not isinstance(value, list):
        return _string(found, "author")
    names: list[str] = []
    for entry in value:
        if isinstance(entry, dict):  # [{"name": "..."}], as schema.org exports have it
            entry = entry.get("name")
        if not isinstance(entry, str):
            raise _BadField(f"field {key!r} holds {_type_name(entry)}, expected names as strings")
        if entry.strip():
            names.append(entry.strip())
    return ", ".join(names) or None


def _extra(record: Mapping[str, Any], *, used: set[str]) -> dict[str, str]:
    """Other scalar fields, as strings; nested objects and arrays are left out."""
    extra: dict[str, str] = {}
    for key, value in record.items():
        if key in used or value is None or isinstance(value, (dict, list)):
            continue
        extra[key] = value if isinstance(value, str) else json.dumps(value)
    return extra


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return _JSON_TYPES.get(type(value), type(value).__name__)
