"""Plain-text files: one article per file."""

from __future__ import annotations

from typing import Iterator

from crosswire.ingest.decoding import decode_text
from crosswire.records import ItemError, SourceItem

# A NUL byte in the first block means a binary file, whatever its name says.
_SNIFF_BYTES = 8192


def read(origin: str, data: bytes) -> Iterator[SourceItem | ItemError]:
    if b"\x00" in data[:_SNIFF_BYTES] and not _looks_like_utf16(data):
        yield ItemError(origin, "", "binary data, not text (NUL bytes found)")
        return
    text = decode_text(data)
    if not text.strip():
        yield ItemError(origin, "", "empty file")
        return
    yield SourceItem(origin=origin, item="", body=text, body_format="text")


def _looks_like_utf16(data: bytes) -> bool:
    return data[:2] in (b"\xff\xfe", b"\xfe\xff")
