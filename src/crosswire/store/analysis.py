"""Queries for the understand stage: what to analyse, and writing its rows."""

from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import Connection, Table, and_, delete, insert, select

from crosswire.store.articles import utc_now
from crosswire.store.schema import (
    analyses,
    article_leads,
    articles,
    claims,
    entities,
    event_frames,
    figures,
    frame_actors,
    places,
    sentences,
    time_expressions,
)
from crosswire.understand.records import ArticleAnalysis, Claim, EventFrame, Figure, Place

# Children before parents, so deleting in this order never breaks a foreign key.
_DERIVED_TABLES: tuple[Table, ...] = (
    article_leads,
    frame_actors,
    figures,
    event_frames,
    claims,
    time_expressions,
    places,
    entities,
    sentences,
)


def articles_needing(connection: Connection, *, stage: str, version: str) -> list[str]:
    """Ids of articles with no analysis of `stage` at `version`, in ingest order."""
    done = select(analyses.c.article_id).where(and_(analyses.c.stage == stage, analyses.c.version == version))
    rows = connection.execute(select(articles.c.id).where(articles.c.id.not_in(done)).order_by(articles.c.seq))
    return [str(row.id) for row in rows]


def texts_of(connection: Connection, article_ids: Sequence[str]) -> list[tuple[str, str | None]]:
    """(clean text, published) of `article_ids`, in the same order."""
    rows = connection.execute(
        select(articles.c.id, articles.c.text, articles.c.published).where(articles.c.id.in_(article_ids))
    )
    by_id = {str(row.id): (str(row.text), row.published) for row in rows}
    return [by_id[article_id] for article_id in article_ids]


def replace_analysis(
    connection: Connection, *, article_id: str, stage: str, version: str, analysis: ArticleAnalysis
) -> None:
    """Swap an article's derived rows for `analysis` and mark it done."""
    for table in _DERIVED_TABLES:
        connection.execute(delete(table).where(table.c.article_id == article_id))
    connection.execute(delete(analyses).where(and_(analyses.c.article_id == article_id, analyses.c.stage == stage)))
    rows = _rows(article_id, analysis)
    for table in reversed(_DERIVED_TABLES):
        if rows[table.name]:
            connection.execute(insert(table), rows[table.name])
    connection.execute(insert(analyses).values(article_id=article_id, stage=stage, version=version, done_at=utc_now()))


def _rows(article_id: str, analysis: ArticleAnalysis) -> dict[str, list[dict[str, Any]]]:
    key = {"article_id": article_id}
    return {
        "sentences": [{**key, "position": i, "start": s, "end": e} for i, (s, e) in enumerate(analysis.sentences)],
        "entities": [
            {**key, "position": i, "start": m.start, "end": m.end, "label": m.label, "text": m.text}
            for i, m in enumerate(analysis.entities)
        ],
        "places": [
            {**key, "position": i, "start": p.start, "end": p.end, "text": p.text, "name": p.name, "admin1": p.admin1,
             "country": p.country, "lat": p.lat, "lon": p.lon, "geonameid": p.geonameid, "feature": p.feature}
            for i, p in enumerate(analysis.places)
        ],
        "time_expressions": [
            {**key, "position": i, "start": t.start, "end": t.end, "text": t.text, "value": t.value,
             "precision": t.precision, "kind": t.kind}
            for i, t in enumerate(analysis.times)
        ],
        "claims": [_claim_row(article_id, i, claim) for i, claim in enumerate(analysis.claims)],
        "event_frames": [_frame_row(article_id, i, frame) for i, frame in enumerate(analysis.frames)],
        "frame_actors": [
            {**key, "frame_position": i, "position": j, "name": actor.name, "role": actor.role}
            for i, frame in enumerate(analysis.frames)
            for j, actor in enumerate(frame.actors)
        ],
        "article_leads": [
            {**key, "death_toll": lead.death_toll, "attacker_class": lead.attacker_class, "cause": lead.cause,
             **_place_columns(lead.place)}
            for lead in (analysis.lead,) if lead is not None
        ],
        "figures": [
            _figure_row(article_id, i, figure, claims=analysis.claims, frames=analysis.frames)
            for i, figure in enumerate(analysis.figures)
        ],
    }


def _claim_row(article_id: str, position: int, claim: Claim) -> dict[str, Any]:
    source = claim.source
    return {
        "article_id": article_id, "position": position, "start": claim.start, "end": claim.end, "kind": claim.kind,
        "source_name": source.name if source else None, "source_type": source.type if source else None,
        "source_start": source.start if source else None, "source_end": source.end if source else None,
        "via": claim.via, "cue": claim.cue, "cue_start": claim.cue_start, "cue_end": claim.cue_end,
        "content_start": claim.content_start, "content_end": claim.content_end, "hedged": int(claim.hedged),
    }


def _frame_row(article_id: str, position: int, frame: EventFrame) -> dict[str, Any]:
    return {
        "article_id": article_id, "position": position, "start": frame.start, "end": frame.end, "type": frame.type, "sub_event": frame.sub_event,
        "date": frame.date, "date_precision": frame.date_precision, **_place_columns(frame.place), "main": int(frame.main),
    }


def _place_columns(place: Place | None) -> dict[str, Any]:
    return {"place_name": place.name if place else None, "admin1": place.admin1 if place else None,
            "country": place.country if place else None, "lat": place.lat if place else None,
            "lon": place.lon if place else None}


def _figure_row(
    article_id: str, position: int, figure: Figure, *, claims: Sequence[Claim], frames: Sequence[EventFrame]
) -> dict[str, Any]:
    claim_position = next((i for i, c in enumerate(claims) if c.start <= figure.start and figure.end <= c.end), None)
    frame_position = next((i for i, frame in enumerate(frames) if figure in frame.figures), None)
    return {
        "article_id": article_id, "position": position, "start": figure.start, "end": figure.end, "text": figure.text,
        "category": figure.category, "low": figure.low, "high": figure.high, "group_text": figure.group,
        "hedged": int(figure.hedged), "claim_position": claim_position, "frame_position": frame_position,
    }
