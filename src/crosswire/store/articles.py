"""Queries on articles, their sources, furniture, signatures and ingest errors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterator, Mapping

from sqlalchemy import Connection, Table, func, insert, select, update

from crosswire.records import CleanArticle, ItemError
from crosswire.store import dialect
from crosswire.store.schema import (
    article_sources,
    articles,
    ingest_errors,
    minhash_signatures,
    removed_furniture,
)


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def insert_ignoring_conflicts(connection: Connection, table: Table, values: Mapping[str, Any]) -> bool:
    """Insert a row unless it collides with a unique key; True if inserted."""
    return dialect.insert_ignoring_conflicts(connection, table, values)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """The fields of a stored article that deduplication needs."""

    id: str
    published: str | None
    seq: int
    copy_of: str | None


def find_by_hash(connection: Connection, content_hash: str) -> str | None:
    row = connection.execute(select(articles.c.id).where(articles.c.content_hash == content_hash)).first()
    return None if row is None else str(row.id)


def get_dedupe_fields(connection: Connection, article_id: str) -> StoredArticle:
    row = connection.execute(
        select(articles.c.id, articles.c.published, articles.c.seq, articles.c.copy_of).where(
            articles.c.id == article_id
        )
    ).one()
    return StoredArticle(id=row.id, published=row.published, seq=row.seq, copy_of=row.copy_of)


def next_seq(connection: Connection) -> int:
    return int(connection.execute(select(func.coalesce(func.max(articles.c.seq), 0))).scalar_one()) + 1


def insert_article(
    connection: Connection,
    *,
    article_id: str,
    content_hash: str,
    article: CleanArticle,
    seq: int,
    extractor: str,
    copy_of: str | None = None,
    copy_similarity: float | None = None,
) -> None:
    """Insert an article with its furniture (same transaction as the caller's)."""
    connection.execute(
        insert(articles).values(
            id=article_id,
            content_hash=content_hash,
            outlet=article.outlet,
            url=article.url,
            title=article.title,
            author=article.author,
            published=article.published,
            text=article.text,
            word_count=len(article.text.split()),
            copy_of=copy_of,
            copy_similarity=None if copy_similarity is None else round(copy_similarity * 1000),
            extra=json.dumps(dict(article.extra), ensure_ascii=False, sort_keys=True),
            seq=seq,
            ingested_at=utc_now(),
            extractor=extractor,
        )
    )
    if article.removed_furniture:
        connection.execute(
            insert(removed_furniture),
            [
                {"article_id": article_id, "position": position, "text": text}
                for position, text in enumerate(article.removed_furniture)
            ],
        )


def add_source(connection: Connection, *, article_id: str, origin: str, item: str) -> bool:
    """Record where an article was read; False if that was known already."""
    return insert_ignoring_conflicts(
        connection,
        article_sources,
        {"article_id": article_id, "origin": origin, "item": item, "ingested_at": utc_now()},
    )


def record_error(connection: Connection, error: ItemError) -> bool:
    """Record an unreadable item once; False if the same error was known."""
    return insert_ignoring_conflicts(
        connection,
        ingest_errors,
        {"origin": error.origin, "item": error.item, "reason": error.reason, "first_seen": utc_now()},
    )


def store_signature(connection: Connection, *, article_id: str, num_perm: int, signature: bytes) -> None:
    connection.execute(
        insert(minhash_signatures).values(article_id=article_id, num_perm=num_perm, signature=signature)
    )


def iter_signatures(connection: Connection, *, num_perm: int) -> Iterator[tuple[str, bytes]]:
    rows = connection.execute(
        select(minhash_signatures.c.article_id, minhash_signatures.c.signature).where(
            minhash_signatures.c.num_perm == num_perm
        )
    )
    for row in rows:
        yield str(row.article_id), bytes(row.signature)


def repoint_copies(connection: Connection, *, old_origin: str, new_origin: str, similarity: float) -> None:
    """Make `new_origin` the origin of `old_origin` and of all its copies."""
    connection.execute(update(articles).where(articles.c.copy_of == old_origin).values(copy_of=new_origin))
    connection.execute(
        update(articles)
        .where(articles.c.id == old_origin)
        .values(copy_of=new_origin, copy_similarity=round(similarity * 1000))
    )
