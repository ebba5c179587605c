"""Writing an incremental link run: only the rows that differ, and which articles are linked.

The incremental link stage computes the rows a full rebuild would write and
hands them here; each link table is compared with what it holds, by primary
key, and only new rows are inserted, changed ones updated and vanished ones
deleted. Rows nothing touched keep their ids and are not rewritten.

Which analysed articles the link rows cover is kept in `analyses` under the
stage name "link", one row per article, its version being a short hash of the
understanding it was linked from (`marker`): an article re-analysed or
re-ingested since has a stale marker, and the stage relinks everything.
"""

from __future__ import annotations

import hashlib
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import Connection, and_, delete, insert, select, update

from crosswire.store.articles import utc_now
from crosswire.store.links import LINK_TABLES, LinkRows
from crosswire.store.schema import analyses, articles, link_runs


def marker(*, link_version: str, understanding: Iterable[object]) -> str:
    """The `analyses.version` of an article's link marker: the stage version and a hash of its understanding."""
    digest = hashlib.sha256("\x1f".join(str(value) for value in understanding).encode("utf-8")).hexdigest()
    return f"{link_version}:{digest[:24]}"


def expected_markers(connection: Connection, *, understand_stage: str, link_version: str) -> dict[str, str]:
    """Article id -> the marker it would have if linked now, for every analysed article."""
    query = (
        select(articles.c.id, articles.c.content_hash, articles.c.copy_of, analyses.c.version, analyses.c.done_at)
        .join(analyses, analyses.c.article_id == articles.c.id)
        .where(analyses.c.stage == understand_stage)
    )
    return {
        str(row.id): marker(link_version=link_version, understanding=tuple(row)[1:])
        for row in connection.execute(query)
    }


def stored_markers(connection: Connection, *, stage: str) -> dict[str, str]:
    """Article id -> its link marker, for the articles the link rows cover."""
    query = select(analyses.c.article_id, analyses.c.version).where(analyses.c.stage == stage)
    return {str(row.article_id): str(row.version) for row in connection.execute(query)}


def mark_linked(connection: Connection, *, stage: str, markers: Mapping[str, str], replace_all: bool) -> None:
    """Record `markers` as linked; `replace_all` first forgets every earlier marker (a full rebuild)."""
    if replace_all:
        connection.execute(delete(analyses).where(analyses.c.stage == stage))
    elif markers:
        connection.execute(delete(analyses).where(and_(analyses.c.stage == stage,
                                                       analyses.c.article_id.in_(list(markers)))))
    now = utc_now()
    if markers:
        connection.execute(insert(analyses), [
            {"article_id": article_id, "stage": stage, "version": version, "done_at": now}
            for article_id, version in sorted(markers.items())
        ])


def apply_link_rows(
    connection: Connection,
    *,
    rows: LinkRows,
    stored: Mapping[str, list[dict[str, Any]]],
    stage: str,
    version: str,
    inputs: str,
    articles_linked: int,
) -> dict[str, int]:
    """Bring every link table from `stored` (as `read_links` returns it) to `rows`; returns rows written per table.

    New parents are inserted before their children, changed rows updated, and
    vanished rows deleted children first, so no step breaks a foreign key."""
    plans = {table.name: _plan(table.primary_key.columns.keys(), stored.get(table.name, []),
                               rows.tables.get(table.name, [])) for table in LINK_TABLES}
    written: dict[str, int] = {}
    for table in reversed(LINK_TABLES):
        added, changed, _ = plans[table.name]
        if added:
            connection.execute(insert(table), added)
        for row in changed:
            keys = table.primary_key.columns
            connection.execute(update(table).where(and_(*(column == row[column.key] for column in keys))).values(
                {name: value for name, value in row.items() if name not in keys}))
        written[table.name] = len(added) + len(changed)
    for table in LINK_TABLES:
        _, _, removed = plans[table.name]
        for key in removed:
            columns = table.primary_key.columns
            connection.execute(delete(table).where(and_(*(column == key[i] for i, column in enumerate(columns)))))
        written[table.name] += len(removed)
    connection.execute(
        insert(link_runs).values(
            stage=stage, version=version, inputs=inputs, articles=articles_linked,
            events=len(rows.tables.get("events", [])), stories=len(rows.tables.get("stories", [])),
            done_at=utc_now(),
        )
    )
    return written


def _plan(
    key_names: list[str], old: Sequence[dict[str, Any]], new: Sequence[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[Any, ...]]]:
    """(rows to insert, rows to update, keys to delete) taking `old` to `new`."""
    before = {tuple(row[name] for name in key_names): row for row in old}
    after = {tuple(row[name] for name in key_names): row for row in new}
    added = [row for key, row in after.items() if key not in before]
    changed = [row for key, row in after.items() if key in before and _differs(before[key], row)]
    removed = [key for key in before if key not in after]
    return added, changed, removed


def _differs(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    return any(old.get(name) != value for name, value in new.items())
