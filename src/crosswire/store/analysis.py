"""Queries for the understand stage: what to analyse, and writing its rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import Connection, and_, delete, insert, select

from crosswire.store.articles import utc_now
from crosswire.store.schema import analyses, articles, entities, sentences


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class EntitySpan:
    start: int
    end: int
    label: str
    text: str


def articles_needing(connection: Connection, *, stage: str, version: str) -> list[str]:
    """Ids of articles with no analysis of `stage` at `version`, in ingest order."""
    done = select(analyses.c.article_id).where(and_(analyses.c.stage == stage, analyses.c.version == version))
    rows = connection.execute(select(articles.c.id).where(articles.c.id.not_in(done)).order_by(articles.c.seq))
    return [str(row.id) for row in rows]


def texts_of(connection: Connection, article_ids: Sequence[str]) -> list[str]:
    """The clean texts of `article_ids`, in the same order."""
    rows = connection.execute(select(articles.c.id, articles.c.text).where(articles.c.id.in_(article_ids)))
    by_id = {str(row.id): str(row.text) for row in rows}
    return [by_id[article_id] for article_id in article_ids]


def replace_nlp_rows(
    connection: Connection,
    *,
    article_id: str,
    stage: str,
    version: str,
    sentence_spans: Sequence[SentenceSpan],
    entity_spans: Sequence[EntitySpan],
) -> None:
    """Swap an article's sentences and entities for new ones and mark it done."""
    connection.execute(delete(sentences).where(sentences.c.article_id == article_id))
    connection.execute(delete(entities).where(entities.c.article_id == article_id))
    connection.execute(delete(analyses).where(and_(analyses.c.article_id == article_id, analyses.c.stage == stage)))
    if sentence_spans:
        connection.execute(
            insert(sentences),
            [
                {"article_id": article_id, "position": i, "start": span.start, "end": span.end}
                for i, span in enumerate(sentence_spans)
            ],
        )
    if entity_spans:
        connection.execute(
            insert(entities),
            [
                {"article_id": article_id, "position": i, "start": e.start, "end": e.end, "label": e.label, "text": e.text}
                for i, e in enumerate(entity_spans)
            ],
        )
    connection.execute(
        insert(analyses).values(article_id=article_id, stage=stage, version=version, done_at=utc_now())
    )
