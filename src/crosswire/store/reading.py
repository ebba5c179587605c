"""Read-side queries shared by exports and reports."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Iterator

from sqlalchemy import Connection, func, select

from crosswire.store.schema import (
    article_sources,
    articles,
    entities,
    frame_actors,
    ingest_errors,
    metadata,
    removed_furniture,
)


def iter_articles(connection: Connection) -> Iterator[dict[str, Any]]:
    """Every article as a dict of its columns (extra decoded), in ingest order."""
    for row in connection.execute(select(articles).order_by(articles.c.seq)):
        record = dict(row._mapping)
        record["extra"] = json.loads(record["extra"] or "{}")
        yield record


def furniture_by_article(connection: Connection) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    query = select(removed_furniture).order_by(removed_furniture.c.article_id, removed_furniture.c.position)
    for row in connection.execute(query):
        found[row.article_id].append(row.text)
    return found


def sources_by_article(connection: Connection) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in connection.execute(select(article_sources).order_by(article_sources.c.id)):
        found[row.article_id].append({"origin": row.origin, "item": row.item})
    return found


def iter_entities(connection: Connection) -> Iterator[dict[str, Any]]:
    query = select(entities).order_by(entities.c.article_id, entities.c.position)
    for row in connection.execute(query):
        yield dict(row._mapping)


def iter_errors(connection: Connection) -> Iterator[dict[str, Any]]:
    for row in connection.execute(select(ingest_errors).order_by(ingest_errors.c.id)):
        yield dict(row._mapping)


def count_rows(connection: Connection) -> dict[str, int]:
    """Row counts of the main tables, for summaries."""
    counts = {}
    for table in (articles, ingest_errors, entities):
        counts[table.name] = int(connection.execute(select(func.count()).select_from(table)).scalar_one())
    counts["copies"] = int(
        connection.execute(select(func.count()).select_from(articles).where(articles.c.copy_of.is_not(None))).scalar_one()
    )
    return counts


def outlet_counts(connection: Connection) -> list[tuple[str, int, str | None, str | None]]:
    """(outlet, articles, first published, last published), most articles first."""
    query = (
        select(articles.c.outlet, func.count(), func.min(articles.c.published), func.max(articles.c.published))
        .group_by(articles.c.outlet)
        .order_by(func.count().desc(), articles.c.outlet)
    )
    return [(str(row[0]), int(row[1]), row[2], row[3]) for row in connection.execute(query)]


def top_places(connection: Connection, *, limit: int) -> list[tuple[str, int, int]]:
    """(place, mentions, articles) for the most mentioned gazetteer places: "Kafriya (Idlib, Syria)".

    Counted over resolved places, not raw entity strings, so "US" and "U.S." are one place and an
    organisation the tagger took for a facility ("the Syrian Observatory for Human Rights") is none."""
    places = metadata.tables["places"]
    articles_count = func.count(func.distinct(places.c.article_id))
    query = (
        select(places.c.name, places.c.admin1, places.c.country, func.count(), articles_count)
        .where(places.c.name.is_not(None))
        .group_by(places.c.name, places.c.admin1, places.c.country)
        .order_by(articles_count.desc(), func.count().desc(), places.c.name)
        .limit(limit)
    )
    return [(_place_label(*row[:3]), int(row[3]), int(row[4])) for row in connection.execute(query)]


def _place_label(name: str, admin1: str | None, country: str | None) -> str:
    within = [part for part in dict.fromkeys((admin1, country)) if part and part != name]
    return f"{name} ({', '.join(within)})" if within else name


def rows_by_article(connection: Connection, table_name: str) -> dict[str, list[dict[str, Any]]]:
    """All rows of a per-article table, grouped by article, in position order."""
    table = metadata.tables[table_name]
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in connection.execute(select(table).order_by(table.c.article_id, table.c.position)):
        found[row.article_id].append(dict(row._mapping))
    return found


def iter_rows(connection: Connection, table_name: str) -> Iterator[Any]:
    """The rows of a per-article table in article and position order, one at a time (for whole-store readers
    that build their own records and cannot afford a dict per row)."""
    table = metadata.tables[table_name]
    yield from connection.execute(select(table).order_by(table.c.article_id, table.c.position))


def frame_actors_by_frame(connection: Connection) -> dict[tuple[str, int], list[dict[str, Any]]]:
    found: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for row in iter_frame_actors(connection):
        found[(row.article_id, row.frame_position)].append({"name": row.name, "role": row.role})
    return found


def iter_frame_actors(connection: Connection) -> Iterator[Any]:
    """Every event frame's actors (article_id, frame_position, name, role), in article, frame and actor order,
    one row at a time."""
    query = select(frame_actors.c.article_id, frame_actors.c.frame_position, frame_actors.c.name,
                   frame_actors.c.role).order_by(frame_actors.c.article_id, frame_actors.c.frame_position,
                                                 frame_actors.c.position)
    yield from connection.execute(query)
