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
    claim_rows = reading.rows_by_article(connection, "claims")
    frame_rows = reading.rows_by_article(connection, "event_frames")
    figure_rows = reading.rows_by_article(connection, "figures")
    actors = reading.frame_actors_by_frame(connection)
    for article in inputs.articles:
        inputs.claims[article.id] = [_claim(row, article.text) for row in claim_rows.get(article.id, [])]
        inputs.figures[article.id] = figure_rows.get(article.id, [])
        by_frame: dict[int, list[MentionFigure]] = defaultdict(list)
        for figure in inputs.figures[article.id]:
            if figure["frame_position"] is not None:
                by_frame[figure["frame_position"]].append(
                    MentionFigure(category=figure["category"], low=figure["low"], high=figure["high"])
                )
        for frame in frame_rows.get(article.id, []):
            inputs.frames[(article.id, frame["position"])] = frame
            inputs.mentions.append(
                _mention(article, frame, actors.get((article.id, frame["position"]), []), by_frame[frame["position"]])
            )
    return inputs


def _claim(row: dict[str, Any], text: str) -> Claim:
    source = None
    if row["source_name"]:
        source = Source(name=row["source_name"], type=row["source_type"], start=row["source_start"],
                        end=row["source_end"])
    return Claim(
        start=row["start"], end=row["end"], text=text[row["start"] : row["end"]], kind=row["kind"], source=source,
        via=row["via"], cue=row["cue"], cue_start=row["cue_start"], cue_end=row["cue_end"],
        content_start=row["content_start"], content_end=row["content_end"], hedged=bool(row["hedged"]),
    )


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
