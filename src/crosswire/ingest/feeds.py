"""Read an RSS or Atom feed: one `SourceItem` per entry, from the linked page
when it can be fetched, else from the content the feed itself carries.

The feed is fetched by the `Fetcher` and handed to feedparser as a stream:
given bytes or a string, feedparser would try them as a URL or a local file
name first.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, Iterator, TypedDict
from urllib.parse import urljoin, urlsplit

import feedparser

from crosswire.errors import FetchError
from crosswire.ingest.fetch import Fetcher, FetchedPage, fetch_article
from crosswire.records import BodyFormat, ItemError, SourceItem

# Feed content shorter than this (as text) is a teaser, not an article.
MIN_FALLBACK_CHARS = 200

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


class _EntryMetadata(TypedDict):
    origin: str
    item: str
    title: str | None
    author: str | None
    published: str | None
    outlet: str | None


def read_feed(
    fetcher: Fetcher, feed_url: str, *, fetch_pages: bool = True, max_entries: int = 500
) -> Iterator[SourceItem | ItemError]:
    """Yield one item (or error) per feed entry, up to `max_entries`.

    With `fetch_pages`, each entry's linked page is fetched; if that fails,
    the entry's own content stands in when it is long enough to be the
    article, marked with `extra["fallback"]`.
    """
    try:
        page = fetcher.get(feed_url)
    except FetchError as error:
        yield ItemError(origin=feed_url, item="", reason=str(error))
        return
    parsed = _parse(page)
    entries = list(parsed.entries)
    if not entries and (parsed.bozo or not parsed.get("version")):
        problem = parsed.get("bozo_exception") or "no RSS or Atom content found"
        yield ItemError(origin=feed_url, item="", reason=f"not a valid RSS/Atom feed: {problem}")
        return
    outlet = parsed.feed.get("title") or None
    for n, entry in enumerate(entries[:max_entries], start=1):
        yield _read_entry(fetcher, feed_url, page.url, n, entry, outlet=outlet, fetch_pages=fetch_pages)
    if len(entries) > max_entries:
        reason = f"feed has {len(entries)} entries; only the first {max_entries} were read"
        yield ItemError(origin=feed_url, item="", reason=reason)


def _parse(page: FetchedPage) -> Any:
    headers = {"content-type": page.content_type + (f"; charset={page.charset}" if page.charset else "")}
    return feedparser.parse(io.BytesIO(page.body), response_headers=headers, sanitize_html=True)


def _read_entry(
    fetcher: Fetcher, feed_url: str, base_url: str, n: int, entry: Any, *, outlet: str | None, fetch_pages: bool
) -> SourceItem | ItemError:
    link = _link(entry, base_url)
    where = f"entry {n} {link}" if link else f"entry {n}"
    metadata = _EntryMetadata(
        origin=feed_url,
        item=where,
        title=entry.get("title") or None,
        author=entry.get("author") or None,
        published=_published(entry),
        outlet=outlet,
    )
    content, content_format = _content(entry)
    if not fetch_pages or not link:
        if not content:
            reason = "entry has no content" + ("" if link else " and no link")
            return ItemError(origin=feed_url, item=where, reason=reason)
        return SourceItem(body=content, body_format=content_format, url=link or None, **metadata)
    fetched = fetch_article(fetcher, link)
    if isinstance(fetched, SourceItem):
        return replace(fetched, **metadata)
    if len(_text_of(content)) < MIN_FALLBACK_CHARS:
        return ItemError(origin=feed_url, item=where, reason=fetched.reason)
    return SourceItem(
        body=content,
        body_format=content_format,
        url=link,
        extra={"fallback": f"feed content: {fetched.reason}"},
        **metadata,
    )


def _link(entry: Any, base_url: str) -> str:
    """The entry's link made absolute, or "". feedparser copies an RSS guid or
    Atom id into `link` when there is no link element; such an id counts only
    if it is an absolute http(s) URL (not "urn:..." or "12345")."""
    raw = str(entry.get("link") or "").strip()
    from_id = entry.get("guidislink") and raw == (entry.get("id") or "").strip()
    try:
        if not raw or (from_id and urlsplit(raw).scheme not in ("http", "https")):
            return ""
        return urljoin(base_url, raw)
    except ValueError:  # "http://[oops": urllib refuses it; found by fuzz/fuzz_ingest.py
        return ""


def _content(entry: Any) -> tuple[str, BodyFormat]:
    """The entry's fullest content: Atom content / content:encoded, else the summary."""
    for part in entry.get("content") or []:
        value = (part.get("value") or "").strip()
        if value:
            return value, "text" if part.get("type") == "text/plain" else "html"
    summary = (entry.get("summary") or "").strip()
    detail = entry.get("summary_detail") or {}
    return summary, "text" if detail.get("type") == "text/plain" else "html"


def _published(entry: Any) -> str | None:
    for key in ("published", "updated"):
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            year, month, day, hour, minute, second = parsed[:6]
            return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc).isoformat()
        raw = entry.get(key)
        if raw:
            return str(raw)
    return None


def _text_of(content: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", content))).strip()
