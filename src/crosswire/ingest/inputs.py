"""From what the user named (files, folders, URLs, feeds) to source items.

Files are dispatched on their name: `.txt`, `.html`, `.csv`, `.json(l)`,
`.warc`, each optionally `.gz`. A `NAME.meta.json` file beside `NAME.txt` or
`NAME.html` supplies metadata the file itself lacks (title, url, outlet,
author, published).

One-article files are read whole (they are capped at
MAX_ARTICLE_FILE_BYTES); container files (CSV, JSON lines, WARC) are handed
to their reader as an open stream, gzip decompressed on the fly, so memory
does not grow with their size. Each reader caps one record instead.
"""

from __future__ import annotations

import gzip
import json
import zlib
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Mapping

from crosswire.errors import CrosswireError, InputError
from crosswire.ingest.decoding import MAX_DECOMPRESSED_BYTES, gunzip
from crosswire.ingest.fetch import Fetcher, fetch_article
from crosswire.ingest.feeds import read_feed
from crosswire.ingest.readers import Reader, htmlfile, jsonlines, tabular, text, warc
from crosswire.records import ItemError, SourceItem

SIDECAR_SUFFIX = ".meta.json"
# A one-article file (page or text) beyond this is no article: refused unread
# (and a gzipped one is not expanded past it). See html.MAX_PAGE_CHARS.
MAX_ARTICLE_FILE_BYTES = 16 * 1024 * 1024
_ONE_ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml"})

_READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".text": text.read,
    ".html": htmlfile.read,
    ".htm": htmlfile.read,
    ".xhtml": htmlfile.read,
}
_CONTAINER_SUFFIXES = frozenset({".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".warc"})
_SIDECAR_FIELDS = {"title", "url", "outlet", "author", "published"}


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def supported_suffix(path: Path) -> str | None:
    """The format suffix of `path` (".csv" for "a.csv.gz"), or None."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    known = suffixes and (suffixes[-1] in _READERS or suffixes[-1] in _CONTAINER_SUFFIXES)
    return suffixes[-1] if known else None


def expand_paths(paths: Iterable[str]) -> Iterator[Path | ItemError]:
    """Files named, and the supported files inside folders (sorted, recursive)."""
    for name in paths:
        path = Path(name).expanduser()
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not _is_hidden(p, path))
            for candidate in found:
                if candidate.name.endswith(SIDECAR_SUFFIX):
                    continue
                if supported_suffix(candidate) is None:
                    yield ItemError(str(candidate), "", f"unsupported file type {''.join(candidate.suffixes) or '(none)'}; skipped")
                    continue
                yield candidate
        elif path.is_file():
            yield path
        else:
            raise InputError(f"{name}: no such file or folder")


def read_file(path: Path, *, columns: Mapping[str, str] | None = None) -> Iterator[SourceItem | ItemError]:
    """The items of one file; unreadable files become one ItemError."""
    origin = str(path)
    suffix = supported_suffix(path)
    if suffix is None:
        yield ItemError(origin, "", f"unsupported file type {''.join(path.suffixes) or '(none)'}")
        return
    try:
        if suffix in _ONE_ARTICLE_SUFFIXES:
            records = _read_article(path, reader=_READERS[suffix])
        else:
            records = _read_container(path, suffix=suffix, columns=columns)
        sidecar = _read_sidecar(path)
        for record in records:
            yield _with_sidecar(record, sidecar) if sidecar and isinstance(record, SourceItem) else record
    except CrosswireError as error:
        yield ItemError(origin, "", str(error))
    except OSError as error:
        yield ItemError(origin, "", f"cannot read file: {error.strerror or error}")
    except (RecursionError, MemoryError, ValueError, LookupError, TypeError, AttributeError) as error:
        # A reader bug on hostile bytes must cost this file, never the run.
        yield ItemError(origin, "", f"internal error while reading: {type(error).__name__}: {str(error)[:200]}")


def read_urls(urls: Iterable[str], *, fetcher: Fetcher) -> Iterator[SourceItem | ItemError]:
    for url in urls:
        yield fetch_article(fetcher, url)


def read_feeds(feed_urls: Iterable[str], *, fetcher: Fetcher) -> Iterator[SourceItem | ItemError]:
    for feed_url in feed_urls:
        yield from read_feed(fetcher, feed_url)


def _read_article(path: Path, *, reader: Reader) -> Iterator[SourceItem | ItemError]:
    """The one article of a page or text file, read whole (it is capped)."""
    limit = MAX_ARTICLE_FILE_BYTES
    size = path.stat().st_size
    if size > limit:
        raise InputError(f"file is {size / (1024 * 1024):.0f} MiB, over the {limit // (1024 * 1024)} MiB limit; not read")
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        data = gunzip(data, limit=min(limit, MAX_DECOMPRESSED_BYTES))
    return reader(str(path), data)


def _read_container(path: Path, *, suffix: str, columns: Mapping[str, str] | None) -> Iterator[SourceItem | ItemError]:
    """The items of a CSV, JSON(L) or WARC file, read as a stream while open.

    A WARC reader does its own gzip handling (to say where an archive is
    cut); the others get the file decompressed on the fly, with no limit on
    the total, since nothing but one record is held at a time.
    """
    origin = str(path)
    with path.open("rb") as raw:
        if suffix == ".warc":
            yield from warc.read(origin, raw)
            return
        stream = _GzipStream(raw) if path.suffix.lower() == ".gz" else raw
        if suffix in (".csv", ".tsv"):
            yield from tabular.read(origin, stream, columns=columns)
        else:
            yield from jsonlines.read(origin, stream)


class _GzipStream:
    """A gzip file read on the fly whose damage is an `InputError`, as
    `gunzip` reports it, whenever the reader comes upon it."""

    def __init__(self, raw: BinaryIO) -> None:
        self._file = gzip.GzipFile(fileobj=raw, mode="rb")

    def read(self, size: int = -1, /) -> bytes:
        try:
            return self._file.read(size)
        except (OSError, EOFError, zlib.error) as error:
            raise InputError(f"broken gzip data: {error}") from error


def _read_sidecar(path: Path) -> dict[str, str] | None:
    stem = path.name.split(".")[0]
    sidecar = path.with_name(stem + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return None
    try:
        values = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"metadata file {sidecar.name} is not valid JSON: {error}") from error
    if not isinstance(values, dict):
        raise InputError(f"metadata file {sidecar.name} must hold a JSON object")
    return {key: str(value) for key, value in values.items() if value is not None}


def _with_sidecar(item: SourceItem, sidecar: Mapping[str, str]) -> SourceItem:
    extra = {**item.extra, **{key: value for key, value in sidecar.items() if key not in _SIDECAR_FIELDS}}
    return replace(
        item,
        title=sidecar.get("title", item.title),
        url=sidecar.get("url", item.url),
        outlet=sidecar.get("outlet", item.outlet),
        author=sidecar.get("author", item.author),
        published=sidecar.get("published", item.published),
        extra=extra,
    )


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)

