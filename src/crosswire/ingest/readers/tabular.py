"""CSV (and TSV) files: one article per row.

Exports name their columns in many ways, so fields are found by header
aliases unless the caller maps them; every column not used for a field lands
in `SourceItem.extra`, so nothing the file says is dropped. FA-KES gets one
special case: its `date` column is the date of the event reported, not of
publication, so it is kept as `extra["event_date"]`.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass
from typing import Iterator, Mapping

from crosswire.errors import InputError
from crosswire.ingest.decoding import decode_mixed
from crosswire.ingest.readers.stream import (
    ByteStream,
    LongLine,
    as_stream,
    byte_chunks,
    split_lines,
    text_chunks,
    wide_encoding,
)
from crosswire.records import BodyFormat, ItemError, SourceItem

FIELDS = ("text", "html", "title", "url", "outlet", "author", "published", "id")

# Order matters: the first alias present in the header wins.
_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article_content", "article_text", "article", "maintext"),
    "html": ("html", "raw_html"),
    "title": ("title", "headline", "article_title"),
    "url": ("url", "link", "source_url"),
    "outlet": ("outlet", "source", "site", "sitename", "publisher", "domain", "source_name"),
    "author": ("author", "authors", "byline"),
    "published": (
        "published", "date", "pubdate", "published_at", "publish_date",
        "publication_date", "datetime", "timestamp",
    ),
    "id": ("id", "unit_id", "article_id", "guid"),
}

# One row (a record, which may span lines) over this is no article: it is read
# through without being kept and reported as an error, so that a missing
# quote or a binary blob cannot hold the rest of a huge file in memory. An
# article page's own limit is the same (inputs.MAX_ARTICLE_FILE_BYTES).
MAX_RECORD_BYTES = 16 * 1024 * 1024
# Whole articles (or whole HTML pages) sit in one field, far beyond the csv
# module's 128 KiB default; rows are capped before the csv module sees them.
_FIELD_SIZE_LIMIT = MAX_RECORD_BYTES
_DELIMITERS = ",;\t"
_SNIFF_CHARS = 64 * 1024


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where each field sits in a row, and the `extra` key of every other column."""

    fields: Mapping[str, int]
    extra: Mapping[int, str]
    width: int


def parse_column_mapping(spec: str) -> dict[str, str]:
    """Parse a `--columns` value such as "text=article_content,title=article_title"."""
    if not spec.strip():
        raise InputError("empty column mapping: expected FIELD=COLUMN[,FIELD=COLUMN...], e.g. text=article_content")
    mapping: dict[str, str] = {}
    for part in spec.split(","):
        field, sep, column = part.partition("=")
        field, column = field.strip().lower(), column.strip()
        if not sep or not field or not column:
            raise InputError(f"bad column mapping {part.strip()!r}: expected FIELD=COLUMN, e.g. text=article_content")
        _check_field(field)
        if field in mapping:
            raise InputError(f"field {field!r} is mapped twice in the column mapping")
        mapping[field] = column
    return mapping


def read(
    origin: str, data: bytes | ByteStream, *, columns: Mapping[str, str] | None = None
) -> Iterator[SourceItem | ItemError]:
    """Read one article per row; `columns` maps fields to column names.

    `data` is the file's content or a stream of it, read line by line.
    Explicit `columns` override the header aliases for the fields they name;
    the other fields are still found by alias. The header is checked here,
    before the first row is read, so an unusable file fails at once.
    """
    # The limit is process-wide; only ever raise it, never lower another caller's.
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_SIZE_LIMIT))
    lines = _Lines(as_stream(data))
    rows = csv.reader(lines, delimiter=_sniff_delimiter(lines.peek()))
    header = _read_header(rows, lines)
    layout = _layout(header, columns or {})
    return _items(origin, rows, lines, layout)


class _RecordTooLarge(Exception):
    """A row over MAX_RECORD_BYTES, already read through."""

    def __init__(self, size: int) -> None:
        super().__init__(
            f"row is over the {MAX_RECORD_BYTES // (1024 * 1024)} MiB limit for one row "
            f"({size / (1024 * 1024):.0f} MiB or more; an unclosed quote?); skipped"
        )


class _Lines:
    """The decoded lines of a CSV stream, for csv.reader, which keeps count
    of the row being read and refuses to hand on more than
    MAX_RECORD_BYTES of one row: past that, the row is read through (to the
    line where its double quotes pair up) and `_RecordTooLarge` is raised."""

    def __init__(self, stream: ByteStream) -> None:
        head = stream.read(4)
        encoding = wide_encoding(head)
        # FA-KES and spreadsheet exports mix stray Windows-1252 bytes into
        # UTF-8, so lines are decoded run by run rather than by one guess.
        self._lines: Iterator[bytes | str | LongLine]
        if encoding is not None:
            texts = text_chunks(stream, encoding=encoding, head=head)
            self._lines = split_lines(texts, limit=MAX_RECORD_BYTES, universal=True)
        else:
            chunks = byte_chunks(stream, head=head.removeprefix(codecs.BOM_UTF8))
            self._lines = split_lines(chunks, limit=MAX_RECORD_BYTES, universal=True)
        self._peeked: bytes | str | LongLine | None = None
        self.new_row()

    def new_row(self) -> None:
        self._size = self._quotes = 0

    def peek(self) -> str:
        """The first line (without its line end), or "" if it is too long."""
        if self._peeked is None:
            self._peeked = next(self._lines, "")
        line = self._peeked
        return "" if isinstance(line, LongLine) else _decode(line).rstrip("\r\n")

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._take()
        if line is None:
            raise StopIteration
        if self._size > MAX_RECORD_BYTES:
            while self._quotes % 2 and self._take() is not None:
                pass  # inside a quoted field: read on to its end
            size = self._size
            self.new_row()
            raise _RecordTooLarge(size)
        assert not isinstance(line, LongLine)  # a LongLine is over the limit
        return _decode(line)

    def _take(self) -> bytes | str | LongLine | None:
        line, self._peeked = (self._peeked, None) if self._peeked is not None else (next(self._lines, None), None)
        if line is not None:
            size, quotes = (line.size, line.quotes) if isinstance(line, LongLine) else (len(line), _count_quotes(line))
            self._size += size
            self._quotes += quotes
        return line


def _decode(line: bytes | str) -> str:
    return decode_mixed(line) if isinstance(line, bytes) else line


def _count_quotes(line: bytes | str) -> int:
    return line.count(b'"') if isinstance(line, bytes) else line.count('"')


def _sniff_delimiter(header_line: str) -> str:
    # Sniff the header line only: a sample cut inside a long quoted article
    # confuses the sniffer. Its quoting guesses are not used either, because
    # a header never shows doubled quotes and the sniffer would then turn
    # doublequote off for the whole file.
    try:
        return csv.Sniffer().sniff(header_line[:_SNIFF_CHARS], delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _read_header(rows: Iterator[list[str]], lines: _Lines) -> list[str]:
    try:
        for row in rows:
            if any(cell.strip() for cell in row):
                return [cell.strip() for cell in row]
            lines.new_row()
    except csv.Error as error:
        raise InputError(f"cannot read the CSV header: {error}") from error
    except _RecordTooLarge as error:
        raise InputError(f"cannot read the CSV header: {error}") from error
    raise InputError("empty CSV: no header row")


def _layout(header: list[str], columns: Mapping[str, str]) -> _Layout:
    lowered: dict[str, int] = {}
    for index, name in enumerate(header):
        lowered.setdefault(name.lower(), index)
    is_fakes = "unit_id" in lowered and "article_content" in lowered
    explicit = {field: _find_column(field, column, header, lowered) for field, column in columns.items()}
    claimed = set(explicit.values())
    fields = {f: i for f, i in _auto_fields(lowered, is_fakes=is_fakes).items() if i not in claimed}
    fields.update(explicit)
    if "text" not in fields and "html" not in fields:
        raise InputError(
            "no text or html column found (looked for "
            f"{', '.join(_ALIASES['text'] + _ALIASES['html'])}); columns are: {_listing(header)}; "
            "name one with a column mapping such as text=COLUMN"
        )
    return _Layout(fields=fields, extra=_extra_keys(header, set(fields.values()), is_fakes=is_fakes), width=len(header))


def _auto_fields(lowered: Mapping[str, int], *, is_fakes: bool) -> dict[str, int]:
    fields: dict[str, int] = {}
    used: set[int] = set()
    for field, aliases in _ALIASES.items():
        for alias in aliases:
            if is_fakes and alias == "date":
                continue  # FA-KES `date` is the event's date, not publication.
            index = lowered.get(alias)
            if index is not None and index not in used:
                fields[field] = index
                used.add(index)
                break
    return fields


def _extra_keys(header: list[str], used: set[int], *, is_fakes: bool) -> dict[int, str]:
    keys: dict[int, str] = {}
    for index, name in enumerate(header):
        if index in used:
            continue
        key = name or f"column_{index + 1}"
        if is_fakes and key.lower() == "date":
            key = "event_date"
        if key in keys.values():
            key = f"{key}_{index + 1}"
        keys[index] = key
    return keys


def _find_column(field: str, column: str, header: list[str], lowered: Mapping[str, int]) -> int:
    _check_field(field)
    if column in header:
        return header.index(column)
    index = lowered.get(column.strip().lower())
    if index is None:
        raise InputError(f"column {column!r} (mapped to {field}) is not in the CSV header; columns are: {_listing(header)}")
    return index


def _check_field(field: str) -> None:
    if field not in FIELDS:
        raise InputError(f"unknown field {field!r} in column mapping; fields are: {', '.join(FIELDS)}")


def _listing(header: list[str]) -> str:
    return ", ".join(repr(name) for name in header) or "(none)"


def _items(origin: str, rows: Iterator[list[str]], lines: _Lines, layout: _Layout) -> Iterator[SourceItem | ItemError]:
    number = 0
    while True:
        lines.new_row()
        try:
            row = next(rows)
        except StopIteration:
            if number == 0:
                yield ItemError(origin, "", "CSV has a header but no rows")
            return
        except (csv.Error, _RecordTooLarge) as error:
            # The csv reader resumes at the next line after an error.
            number += 1
            reason = str(error) if isinstance(error, _RecordTooLarge) else f"unreadable CSV row: {error}"
            yield ItemError(origin, f"row {number}", reason)
            continue
        number += 1
        if row:  # a blank line is not a row worth reporting
            yield _row_item(origin, f"row {number}", row, layout)


def _row_item(origin: str, item: str, row: list[str], layout: _Layout) -> SourceItem | ItemError:
    def cell(field: str) -> str:
        index = layout.fields.get(field)
        return row[index] if index is not None and index < len(row) else ""

    body_format: BodyFormat
    if cell("html").strip():
        body, body_format = cell("html"), "html"
    elif cell("text").strip():
        body, body_format = cell("text"), "text"
    else:
        shape = f" (it has {len(row)} fields, the header has {layout.width})" if len(row) != layout.width else ""
        return ItemError(origin, item, f"row has no text{shape}")
    extra = {key: row[index] for index, key in layout.extra.items() if index < len(row) and row[index] != ""}
    if cell("id").strip():
        extra["id"] = cell("id").strip()
    return SourceItem(
        origin=origin,
        item=item,
        body=body,
        body_format=body_format,
        title=_optional(cell("title")),
        url=_optional(cell("url")),
        outlet=_optional(cell("outlet")),
        author=_optional(cell("author")),
        published=_optional(cell("published")),
        extra=extra,
    )


def _optional(value: str) -> str | None:
    return value.strip() or None
