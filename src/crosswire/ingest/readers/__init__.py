"""Readers: one module per container format, each exposing

    def read(origin: str, data: bytes) -> Iterator[SourceItem | ItemError]

`origin` names the input (path or URL) and `data` is its whole content,
already un-gzipped. A reader never raises for a bad item: it yields an
`ItemError` and goes on. It raises `InputError` only when the whole input is
unusable (for example a CSV without any text column).
"""

from __future__ import annotations

from typing import Callable, Iterator

from crosswire.records import ItemError, SourceItem

Reader = Callable[[str, bytes], Iterator[SourceItem | ItemError]]
