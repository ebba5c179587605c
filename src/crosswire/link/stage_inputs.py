"""What the link stage reads: analysed articles as the linkers' records.

Claims become `crosswire.understand.records.Claim` again (positions are their
indices), event frames become `EventMention`s with their figures and actors.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from crosswire.link.records import ArticleText, EventMention, MentionFigure, MentionKey
from crosswire.store import reading
from crosswire.store.schema import analyses, articles
from crosswire.understand.records import Claim, Source


@dataclass(slots=True)
class LinkInputs:
    articles: list[ArticleText] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    claims: dict[str, list[Claim]] = field(default_factory=dict)  # claim position = index
    mentions: list[EventMention] = field(default_factory=list)
    frames: dict[MentionKey, dict[str, Any]] = field(default_factory=dict)  # event_frames rows
    figures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # figures rows by article


def load_inputs(connection: Connection, *, understand_stage: str) -> LinkInputs:
    """Every article the understand stage has analysed, in ingest order."""
    query = (
        select(articles.c.id, articles.c.outlet, articles.c.published, articles.c.title, articles.c.text,
               articles.c.seq, articles.c.copy_of)
        .join(analyses, analyses.c.article_id == articles.c.id)
        .where(analyses.c.stage == understand_stage)
        .order_by(articles.c.seq)
    )
    inputs = LinkInputs()
    for row in connection.execute(query):
        inputs.articles.append(
            ArticleText(id=row.id, outlet=row.outlet, published=row.published, title=row.title, text=row.text,
                        seq=row.seq, copy_of=row.copy_of)
        )
        inputs.texts[row.id] = row.text
    # Row by row into the linkers' records: a dict per stored claim first took more memory than the records.
    # Repeated words (kinds, cues, sources, types, places, dates) are one string each, not one a row.
    shared: dict[Any, Any] = {}
    claims: dict[str, list[Claim]] = defaultdict(list)
    for row in reading.iter_rows(connection, "claims"):
        if row.article_id in inputs.texts:
            claims[row.article_id].append(_claim(row, inputs.texts[row.article_id], shared))
    figures: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in reading.iter_rows(connection, "figures"):
        if row.article_id in inputs.texts:
            figures[row.article_id].append(_shared_values(row, shared))
    frames: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in reading.iter_rows(connection, "event_frames"):
        if row.article_id in inputs.texts:
            frames[row.article_id].append(_shared_values(row, shared))
    actors = reading.frame_actors_by_frame(connection)
    for article in inputs.articles:  # in ingest order, as the linkers expect
        inputs.claims[article.id] = claims.pop(article.id, [])
        inputs.figures[article.id] = figures.pop(article.id, [])
        by_frame: dict[int, list[MentionFigure]] = defaultdict(list)
        for figure in inputs.figures[article.id]:
            if figure["frame_position"] is not None:
                by_frame[figure["frame_position"]].append(
                    MentionFigure(category=figure["category"], low=figure["low"], high=figure["high"])
                )
        for frame in frames.pop(article.id, []):
            inputs.frames[(article.id, frame["position"])] = frame
            inputs.mentions.append(
                _mention(article, frame, actors.get((article.id, frame["position"]), []), by_frame[frame["position"]])
            )
    return inputs


def _claim(row: Any, text: str, shared: dict[Any, Any]) -> Claim:
    """A `claims` row (a database row, read by attribute) as the understand stage's record."""
    source = None
    if row.source_name:
        source = Source(name=shared.setdefault(row.source_name, row.source_name),
                        type=shared.setdefault(row.source_type, row.source_type), start=row.source_start,
                        end=row.source_end)
    return Claim(
        start=row.start, end=row.end, text=text[row.start : row.end], kind=shared.setdefault(row.kind, row.kind),
        source=source, via=shared.setdefault(row.via, row.via), cue=shared.setdefault(row.cue, row.cue),
        cue_start=row.cue_start, cue_end=row.cue_end, content_start=row.content_start,
        content_end=row.content_end, hedged=bool(row.hedged),
    )


def _shared_values(row: Any, shared: dict[Any, Any]) -> dict[str, Any]:
    """The row as a dict whose string values are shared with equal ones already read."""
    found = dict(row._mapping)  # sized once, smaller than a dict grown key by key
    for key, value in found.items():
        if isinstance(value, str):
            found[key] = shared.setdefault(value, value)
    return found


def _mention(
    article: ArticleText, frame: dict[str, Any], actors: list[dict[str, Any]], figures: list[MentionFigure]
) -> EventMention:
    return EventMention(
        article_id=article.id, position=frame["position"], outlet=article.outlet, published=article.published,
        type=frame["type"], sub_event=frame["sub_event"], date=frame["date"], date_precision=frame["date_precision"],
        place_name=frame["place_name"], admin1=frame["admin1"], country=frame["country"], lat=frame["lat"],
        lon=frame["lon"], actors=tuple((actor["name"], actor["role"]) for actor in actors), figures=tuple(figures),
        text=article.text[frame["start"] : frame["end"]], main=bool(frame["main"]),
    )
