"""What `crosswire watch` remembers per feed: the validators of its last answer.

A feed that sent an ETag or Last-Modified is asked next time with
If-None-Match / If-Modified-Since, and a 304 means nothing to read.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select

from crosswire.store.articles import utc_now
from crosswire.store.schema import articles, feed_state


@dataclass(frozen=True, slots=True)
class FeedValidators:
    etag: str | None = None
    last_modified: str | None = None


def validators(connection: Connection, url: str) -> FeedValidators:
    row = connection.execute(select(feed_state).where(feed_state.c.url == url)).first()
    return FeedValidators() if row is None else FeedValidators(row.etag, row.last_modified)


def remember(connection: Connection, url: str, found: FeedValidators) -> None:
    """Store the validators of the feed's latest full answer (replacing the earlier ones)."""
    connection.execute(delete(feed_state).where(feed_state.c.url == url))
    connection.execute(insert(feed_state).values(url=url, etag=found.etag, last_modified=found.last_modified,
                                                 checked_at=utc_now()))


def stored_urls(connection: Connection, urls: list[str]) -> set[str]:
    """Which of `urls` are the URL of a stored article."""
    if not urls:
        return set()
    return {str(row.url) for row in connection.execute(select(articles.c.url).where(articles.c.url.in_(urls)))}
