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
import io
from dataclasses import dataclass
from typing import Iterator, Mapping

from crosswire.errors import InputError
from crosswire.ingest.decoding import decode_mixed, decode_text
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

# Whole articles (or whole HTML pages) sit in one field, far beyond the csv
# module's 128 KiB default; the cap still stops a missing quote from turning
# the rest of a huge file into one field.
_FIELD_SIZE_LIMIT = 50 * 1024 * 1024
_DELIMITERS = ",;\t"
_SNIFF_CHARS = 64 * 1024
_UTF16_OR_32_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)


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
    origin: str, data: bytes, *, columns: Mapping[str, str] | None = None
) -> Iterator[SourceItem | ItemError]:
    """Read one article per row; `columns` maps fields to column names.

    Explicit `columns` override the header aliases for the fields they name;
    the other fields are still found by alias. The header is checked here,
    before the first row is read, so an unusable file fails at once.
    """
    text = _decode(data)
    # The limit is process-wide; only ever raise it, never lower another caller's.
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_SIZE_LIMIT))
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    header = _read_header(rows)
    layout = _layout(header, columns or {})
    return _items(origin, rows, layout)


def _decode(data: bytes) -> str:
    # FA-KES and spreadsheet exports mix stray Windows-1252 bytes into UTF-8,
    # so decode run by run rather than guessing one encoding for the file.
    if data.startswith(_UTF16_OR_32_BOMS):
        return decode_text(data)
    return decode_mixed(data.removeprefix(codecs.BOM_UTF8))


def _sniff_delimiter(text: str) -> str:
    # Sniff the header line only: a sample cut inside a long quoted article
    # confuses the sniffer. Its quoting guesses are not used either, because
    # a header never shows doubled quotes and the sniffer would then turn
    # doublequote off for the whole file.
    end = text.find("\n", 0, _SNIFF_CHARS)
    header_line = text[: end if end >= 0 else _SNIFF_CHARS]
    try:
        return csv.Sniffer().sniff(header_line, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _read_header(rows: Iterator[list[str]]) -> list[str]:
    try:
        for row in rows:
            if any(cell.strip() for cell in row):
                return [cell.strip() for cell in row]
    except csv.Error as error:
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


def _items(origin: str, rows: Iterator[list[str]], layout: _Layout) -> Iterator[SourceItem | ItemError]:
    number = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            if number == 0:
                yield ItemError(origin, "", "CSV has a header but no rows")
            return
        except csv.Error as error:
            # The csv reader resumes at the next line after an error.
            number += 1
            yield ItemError(origin, f"row {number}", f"unreadable CSV row: {error}")
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
