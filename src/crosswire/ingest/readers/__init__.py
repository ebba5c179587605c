"""Readers: one module per input format, each exposing

    def read(origin: str, data: bytes) -> Iterator[SourceItem | ItemError]

`origin` names the input (path or URL) and `data` is its whole content,
already un-gzipped. The readers of many-article formats (tabular,
jsonlines, warc) also take an open binary stream instead of bytes and read
it piece by piece (see `readers.stream`), so that memory stays bounded
whatever the file's size; each caps the size of one record. A reader never
raises for a bad item: it yields an `ItemError` and goes on. It raises
`InputError` only when the whole input is unusable (for example a CSV
without any text column).
"""

from __future__ import annotations

from typing import Callable, Iterator

from crosswire.records import ItemError, SourceItem

Reader = Callable[[str, bytes], Iterator[SourceItem | ItemError]]
