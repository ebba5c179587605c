"""From what the user named (files, folders, URLs, feeds) to source items.

Files are dispatched on their name: `.txt`, `.html`, `.csv`, `.json(l)`,
`.warc`, each optionally `.gz`. A `NAME.meta.json` file beside `NAME.txt` or
`NAME.html` supplies metadata the file itself lacks (title, url, outlet,
author, published).
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from crosswire.errors import CrosswireError, InputError
from crosswire.ingest.decoding import MAX_DECOMPRESSED_BYTES, gunzip
from crosswire.ingest.fetch import Fetcher, fetch_article
from crosswire.ingest.feeds import read_feed
from crosswire.ingest.readers import Reader, htmlfile, jsonlines, tabular, text, warc
from crosswire.records import ItemError, SourceItem

SIDECAR_SUFFIX = ".meta.json"
# Files larger than this are refused whole rather than read into memory.
MAX_FILE_BYTES = 1024 * 1024 * 1024
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
    ".csv": tabular.read,
    ".tsv": tabular.read,
    ".json": jsonlines.read,
    ".jsonl": jsonlines.read,
    ".ndjson": jsonlines.read,
    ".warc": warc.read,
}
_SIDECAR_FIELDS = {"title", "url", "outlet", "author", "published"}


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def supported_suffix(path: Path) -> str | None:
    """The format suffix of `path` (".csv" for "a.csv.gz"), or None."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes and suffixes[-1] in _READERS else None


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
        limit = MAX_ARTICLE_FILE_BYTES if suffix in _ONE_ARTICLE_SUFFIXES else MAX_FILE_BYTES
        data = _read_bytes(path, limit=limit)
        if path.suffix.lower() == ".gz" and suffix != ".warc":
            data = gunzip(data, limit=min(limit, MAX_DECOMPRESSED_BYTES))
        reader = partial(tabular.read, columns=columns) if suffix in (".csv", ".tsv") else _READERS[suffix]
        sidecar = _read_sidecar(path)
        for record in reader(origin, data):
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


def _read_bytes(path: Path, *, limit: int) -> bytes:
    size = path.stat().st_size
    if size > limit:
        raise InputError(f"file is {size / (1024 * 1024):.0f} MiB, over the {limit // (1024 * 1024)} MiB limit; not read")
    return path.read_bytes()


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

