"""HTML files: one page per file, decoded by its declared or detected charset."""

from __future__ import annotations

from typing import Iterator

from crosswire.ingest.decoding import decode_html
from crosswire.records import ItemError, SourceItem


def read(origin: str, data: bytes) -> Iterator[SourceItem | ItemError]:
    if not data.strip():
        yield ItemError(origin, "", "empty file")
        return
    yield SourceItem(origin=origin, item="", body=decode_html(data), body_format="html")
