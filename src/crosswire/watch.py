"""Polling feeds: every interval, ingest what is new, analyse it and link it incrementally.

One poll, per feed: ask for the feed with the validators it last sent (ETag,
Last-Modified: a 304 answer means nothing changed); fetch the pages of the
entries whose URL is not stored yet, and only those; store them as `crosswire
ingest --feed` does (same cleaning, deduplication, errors in
`ingest_errors`). Then the understand stage analyses what is not analysed
and the link stage links it incrementally (`crosswire.link.incremental`).

Each article is stored in its own transaction and the link run in one, so an
interrupted poll leaves the store consistent and the next poll picks up
where it stopped. Ctrl-C between polls ends the loop cleanly.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

import httpx
from sqlalchemy import Engine

from crosswire.errors import FetchError, InputError
from crosswire.ingest import feeds as feed_reader
from crosswire.ingest import fetch
from crosswire.ingest import pipeline
from crosswire.ingest.dedupe import NearDuplicateIndex
from crosswire.ingest.fetch import Fetcher, FetchedPage, FetchPolicy
from crosswire.link.stage import link
from crosswire.records import ItemError
from crosswire.store import feed_state, open_store
from crosswire.store.feed_state import FeedValidators
from crosswire.understand.stage import analyze

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(slots=True)
class PollReport:
    """What one poll did."""

    poll: int
    feeds: int = 0
    not_modified: int = 0  # feeds that answered 304
    entries: int = 0  # entries listed by the feeds that changed
    fetched: int = 0  # entries not stored yet, read now
    added: int = 0  # new articles stored
    errors: list[ItemError] = field(default_factory=list)
    analysed: int = 0
    linked: int = 0  # articles the link stage covers after the poll
    new_linked: int = 0  # of which linked for the first time now, incrementally
    link_mode: str = "unchanged"  # unchanged | incremental | full
    events: int = 0
    stories: int = 0
    seconds: float = 0.0


def parse_interval(text: str) -> float:
    """Seconds in "15m", "30s", "2h", "1d" or a plain number of seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if match is None or float(match.group(1)) <= 0:
        raise InputError(f"not an interval: {text!r} (use e.g. 30s, 15m, 2h)")
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


def watch(
    *,
    feeds: Sequence[str],
    db: str,
    every: float,
    max_polls: int | None = None,
    fetch_policy: FetchPolicy | None = None,
    on_poll: Callable[[PollReport], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Poll `feeds` every `every` seconds, `max_polls` times (None: until Ctrl-C); returns the polls done."""
    done = 0
    try:
        while max_polls is None or done < max_polls:
            if done:
                sleep(every)
            report = poll(feeds=feeds, db=db, number=done + 1, fetch_policy=fetch_policy)
            done += 1
            if on_poll is not None:
                on_poll(report)
    except KeyboardInterrupt:
        pass  # every article and the link run commit on their own: stopping here loses nothing stored
    return done


def poll(*, feeds: Sequence[str], db: str, number: int = 1, fetch_policy: FetchPolicy | None = None) -> PollReport:
    """One poll: ingest the feeds' new entries, analyse and link them."""
    started = time.perf_counter()
    report = PollReport(poll=number, feeds=len(feeds))
    engine = open_store(db)
    try:
        index = pipeline._load_index(engine)
        with Fetcher(policy=fetch_policy or FetchPolicy()) as fetcher:
            for url in feeds:
                _poll_feed(engine, fetcher, url, index, report)
    finally:
        engine.dispose()
    report.analysed = analyze(db=db).analysed
    linked = link(db=db)
    report.linked, report.new_linked = linked.articles, linked.new_articles
    report.link_mode = "unchanged" if linked.unchanged else "incremental" if linked.incremental else "full"
    report.events, report.stories = linked.events, linked.stories
    report.seconds = time.perf_counter() - started
    return report


def _poll_feed(
    engine: Engine, fetcher: Fetcher, url: str, index: NearDuplicateIndex, report: PollReport
) -> None:
    with engine.connect() as connection:
        known = feed_state.validators(connection, url)
    try:
        answer = _conditional_get(fetcher, url, known)
    except FetchError as error:
        _store(engine, index, ItemError(origin=url, item="", reason=str(error)), report)
        return
    if answer is None:
        report.not_modified += 1
        return
    page, found = answer
    parsed = feed_reader._parse(page)
    entries = list(parsed.entries)
    if not entries and (parsed.bozo or not parsed.get("version")):
        problem = parsed.get("bozo_exception") or "no RSS or Atom content found"
        _store(engine, index, ItemError(origin=url, item="", reason=f"not a valid RSS/Atom feed: {problem}"), report)
        return
    report.entries += len(entries)
    links = [feed_reader._link(entry, page.url) for entry in entries]
    with engine.connect() as connection:
        stored = feed_state.stored_urls(connection, [link for link in links if link])
    outlet = parsed.feed.get("title") or None
    for n, (entry, entry_link) in enumerate(zip(entries, links), start=1):
        if entry_link and entry_link in stored:
            continue
        report.fetched += 1
        record = feed_reader._read_entry(fetcher, url, page.url, n, entry, outlet=outlet, fetch_pages=True)
        _store(engine, index, pipeline.prepare(record), report)
    with engine.begin() as connection:
        feed_state.remember(connection, url, found)


def _store(
    engine: Engine, index: NearDuplicateIndex, prepared: pipeline.Prepared, report: PollReport
) -> None:
    outcome, error = pipeline._ingest_one(engine, index, prepared)
    if error is not None:
        report.errors.append(error)
    elif outcome in ("added", "copy"):
        report.added += 1


def _conditional_get(
    fetcher: Fetcher, url: str, known: FeedValidators
) -> tuple[FetchedPage, FeedValidators] | None:
    """The feed and its new validators, or None for 304 Not Modified.

    `Fetcher.get` neither sends request headers nor returns response headers,
    so this one request goes through the fetcher's own checked client (the
    same address checks, size cap and timeouts); a redirect falls back to
    `Fetcher.get`, which follows and checks every hop, without validators."""
    headers = {}
    if known.etag:
        headers["If-None-Match"] = known.etag
    if known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    target = fetch._parse_url(url)
    fetcher._check_host(target)
    try:
        with fetcher._client.stream("GET", target, headers=headers) as response:
            status = response.status_code
            if status == 304:
                return None
            if not 200 <= status < 300 and status not in _REDIRECTS:
                raise FetchError(f"HTTP {status} for {url}")
            if status not in _REDIRECTS:
                body = fetcher._read_body(response, target)
                content_type, charset = fetch._parse_content_type(response.headers.get("content-type", ""))
                found = FeedValidators(response.headers.get("etag"), response.headers.get("last-modified"))
    except httpx.TimeoutException as error:
        raise FetchError(f"timed out after {fetcher.policy.timeout_seconds:g} s fetching {url}") from error
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise FetchError(f"cannot fetch {url}: {str(error) or type(error).__name__}") from error
    if status in _REDIRECTS:
        return fetcher.get(url), FeedValidators()
    return FetchedPage(url=str(target), status=status, content_type=content_type, charset=charset, body=body), found
