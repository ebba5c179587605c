"""Queries for the link stage: reading what it links, writing and reading its rows.

The link stage rebuilds its tables as a whole (`replace_links`), in one
transaction; `link_runs` remembers from which inputs, so that a rerun with
nothing new writes nothing.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping, Sequence, overload

from sqlalchemy import Connection, Table, delete, insert, select

from crosswire.store.articles import utc_now
from crosswire.store.schema import (
    analyses,
    articles,
    claim_group_members,
    claim_groups,
    claim_origins,
    claim_stances,
    event_figures,
    event_mentions,
    events,
    link_runs,
    provenance_edges,
    shared_passages,
    stories,
    story_articles,
    story_events,
)

# Children before parents, so deleting in this order never breaks a foreign key.
LINK_TABLES: tuple[Table, ...] = (
    story_articles,
    story_events,
    stories,
    event_figures,
    event_mentions,
    events,
    claim_stances,
    claim_group_members,
    claim_groups,
    claim_origins,
    provenance_edges,
    shared_passages,
)

_BATCH = 10_000  # rows per INSERT


class TableRows(Sequence[dict[str, Any]]):
    """One table's rows, kept as a list of values per column and read as dicts (a fresh dict each time).

    A dict per row took most of the link stage's memory at 100,000 articles: about four million rows, 200 to
    350 bytes each as dicts, 8 bytes a value as columns. Every row of a table has the first row's columns."""

    __slots__ = ("columns", "_values")

    def __init__(self, rows: Iterable[Mapping[str, Any]] = ()) -> None:
        self.columns: tuple[str, ...] = ()
        self._values: list[list[Any]] = []
        for row in rows:
            self.append(row)

    def append(self, row: Mapping[str, Any]) -> None:
        if not self.columns:
            self.columns = tuple(row)
            self._values = [[] for _ in self.columns]
        elif len(row) != len(self.columns):
            raise ValueError(f"a row with columns {sorted(row)}, not {sorted(self.columns)}")
        for name, values in zip(self.columns, self._values):
            values.append(row[name])

    def column(self, name: str) -> Iterator[Any]:
        """One column's values, in row order (without making the rows)."""
        return iter(self._values[self.columns.index(name)]) if self.columns else iter(())

    def __len__(self) -> int:
        return len(self._values[0]) if self._values else 0

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [dict(zip(self.columns, values)) for values in zip(*(column[index] for column in self._values))]
        return dict(zip(self.columns, (column[index] for column in self._values)))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        columns = self.columns
        return (dict(zip(columns, values)) for values in zip(*self._values))


def column_values(rows: Sequence[Mapping[str, Any]], name: str) -> Iterator[Any]:
    """One column of a table's rows, in row order: read by column from `TableRows`, else row by row."""
    return rows.column(name) if isinstance(rows, TableRows) else (row[name] for row in rows)


@dataclass(slots=True)
class LinkRows:
    """Every row the link stage writes, by table name: `TableRows` for those added with `add`."""

    tables: dict[str, Sequence[dict[str, Any]]] = field(default_factory=lambda: defaultdict(TableRows))

    def add(self, table: str, row: dict[str, Any]) -> None:
        rows = self.tables[table]
        if not isinstance(rows, TableRows):
            rows = self.tables[table] = TableRows(rows)
        rows.append(row)


def inputs_fingerprint(connection: Connection, *, understand_stage: str) -> tuple[str, int]:
    """(hash, count) of the analysed articles: their ids, texts and analysis versions.

    Anything that changes what the link stage would read (a new article, a
    re-analysis, a new `copy_of`) changes the hash."""
    query = (
        select(articles.c.id, articles.c.content_hash, articles.c.copy_of, analyses.c.version, analyses.c.done_at)
        .join(analyses, analyses.c.article_id == articles.c.id)
        .where(analyses.c.stage == understand_stage)
        .order_by(articles.c.id)
    )
    digest = hashlib.sha256()
    count = 0
    for row in connection.execute(query):
        digest.update("\x1f".join(str(value) for value in row).encode("utf-8") + b"\x1e")
        count += 1
    return digest.hexdigest()[:32], count


def last_run(connection: Connection, *, stage: str) -> dict[str, Any] | None:
    row = connection.execute(
        select(link_runs).where(link_runs.c.stage == stage).order_by(link_runs.c.id.desc()).limit(1)
    ).first()
    return None if row is None else dict(row._mapping)


def replace_links(
    connection: Connection, *, rows: LinkRows, stage: str, version: str, inputs: str, articles_linked: int
) -> None:
    """Swap every link table's rows for `rows` and record the run."""
    for table in LINK_TABLES:
        connection.execute(delete(table))
    for table in reversed(LINK_TABLES):
        found = rows.tables.get(table.name, [])
        # In batches: the driver's copy of the parameters of a million rows is as large as the rows.
        for start in range(0, len(found), _BATCH):
            connection.execute(insert(table), found[start : start + _BATCH])
    connection.execute(
        insert(link_runs).values(
            stage=stage, version=version, inputs=inputs, articles=articles_linked,
            events=len(rows.tables.get("events", [])), stories=len(rows.tables.get("stories", [])),
            done_at=utc_now(),
        )
    )


def linked(connection: Connection) -> bool:
    """True when the link stage has written its rows into this store."""
    return connection.execute(select(link_runs.c.id).limit(1)).first() is not None


def _all(connection: Connection, table: Table, order: Sequence[Any]) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in connection.execute(select(table).order_by(*order))]


def read_links(connection: Connection) -> dict[str, list[dict[str, Any]]]:
    """Every link table's rows, in a stable order, for exports."""
    return {
        "events": _all(connection, events, [events.c.date.nulls_last(), events.c.id]),
        "event_mentions": _all(connection, event_mentions, [event_mentions.c.event_id, event_mentions.c.article_id,
                                                              event_mentions.c.frame_position]),
        "event_figures": _all(connection, event_figures, [event_figures.c.event_id, event_figures.c.category]),
        "stories": _all(connection, stories, [stories.c.first_date.nulls_last(), stories.c.id]),
        "story_events": _all(connection, story_events, [story_events.c.story_id, story_events.c.event_id]),
        "story_articles": _all(connection, story_articles, [story_articles.c.story_id, story_articles.c.article_id]),
        "provenance_edges": _all(connection, provenance_edges, [provenance_edges.c.article_id,
                                                                 provenance_edges.c.position]),
        "shared_passages": _all(connection, shared_passages, [shared_passages.c.article_id, shared_passages.c.start]),
        "claim_origins": _all(connection, claim_origins, [claim_origins.c.article_id, claim_origins.c.claim_position]),
        "claim_groups": _all(connection, claim_groups, [claim_groups.c.id]),
        "claim_stances": _all(connection, claim_stances, [claim_stances.c.group_id, claim_stances.c.article_id]),
        "claim_group_members": _all(connection, claim_group_members, [claim_group_members.c.group_id,
                                                                       claim_group_members.c.article_id,
                                                                       claim_group_members.c.claim_position]),
    }
