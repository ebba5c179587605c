"""What the link stage reads: analysed articles as the linkers' records.

Claims become `crosswire.understand.records.Claim`s again (positions are
their indices), event frames become `EventMention`s with their figures and
actors, figures become `FigureRow`s (the `figures` rows, read like dicts).

Held lean, because the whole store is read at once (100,000 articles and
more): article texts compressed (`ArticleTexts`: a str of mostly English
text with one curly quote takes 2 bytes a character; zlib keeps about a
tenth of that), the last few thousand read kept as str; claims' and frames'
texts cut from their article's when asked for, not copied (`StoredClaim`,
`StoredMention`); one object per claim, figure and frame with slots instead
of a dict; equal values (kinds, cues, claimants, places, dates, offsets,
coordinates) one object each, not one per row. This took the inputs from
about 19 KB an article to under 5 KB.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterator, Mapping, Sequence, TypeVar

from sqlalchemy import Connection, select

from crosswire.link.participants import Participants, participants
from crosswire.link.records import (
    ArticleText,
    EventMention,
    MentionFigure,
    MentionKey,
    StoredArticle,
    StoredClaim,
    StoredMention,
)
from crosswire.store import reading
from crosswire.store.schema import analyses, articles, entities
from crosswire.understand.records import Claim, Source

Value = TypeVar("Value")
_NO_PEOPLE = Participants(None, ())


class FigureRow(Mapping[str, Any]):
    """A `figures` row: read like the dict of its columns (`row["low"]`), stored in slots."""

    __slots__ = ("article_id", "position", "start", "end", "text", "category", "low", "high", "group_text",
                 "hedged", "claim_position", "frame_position")

    def __init__(self, **columns: Any) -> None:
        for name in self.__slots__:
            setattr(self, name, columns[name])

    def __getitem__(self, name: str) -> Any:
        if name not in self.__slots__:
            raise KeyError(name)
        return getattr(self, name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.__slots__)

    def __len__(self) -> int:
        return len(self.__slots__)

    def __repr__(self) -> str:
        return f"FigureRow({dict(self)!r})"


class ArticleTexts(Mapping[str, str]):
    """Article texts by id, held zlib-compressed and decompressed when read; the last `cache` read are kept."""

    def __init__(self, *, cache: int = 4096) -> None:
        self._packed: dict[str, bytes] = {}
        packed = self._packed  # a closure, not a bound method, in the cache: no cycle through self
        self._text = lru_cache(maxsize=cache)(lambda article_id: zlib.decompress(packed[article_id]).decode())

    def add(self, article_id: str, text: str) -> None:
        self._packed[article_id] = zlib.compress(text.encode(), 1)

    def __getitem__(self, article_id: str) -> str:
        return self._text(article_id)  # KeyError for an unknown article

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


@dataclass(slots=True)
class LinkInputs:
    articles: list[ArticleText] = field(default_factory=list)
    texts: Mapping[str, str] = field(default_factory=dict)
    claims: dict[str, list[Claim]] = field(default_factory=dict)  # claim position = index
    mentions: list[EventMention] = field(default_factory=list)  # one per event frame, in article order
    figures: Mapping[str, Sequence[Mapping[str, Any]]] = field(default_factory=dict)  # figures rows by article


class _Shared:
    """Equal values read from many rows, one object each (ints, floats and strings kept apart: 1 == 1.0)."""

    def __init__(self) -> None:
        self._found: dict[type, dict[Any, Any]] = defaultdict(dict)

    def __call__(self, value: Value) -> Value:
        if value is None or value is True or value is False:
            return value
        return self._found[type(value)].setdefault(value, value)  # type: ignore[no-any-return]


def load_inputs(connection: Connection, *, understand_stage: str) -> LinkInputs:
    """Every article the understand stage has analysed, in ingest order."""
    query = (
        select(articles.c.id, articles.c.outlet, articles.c.published, articles.c.title, articles.c.text,
               articles.c.seq, articles.c.copy_of)
        .join(analyses, analyses.c.article_id == articles.c.id)
        .where(analyses.c.stage == understand_stage)
        .order_by(articles.c.seq)
    )
    texts = ArticleTexts()
    inputs = LinkInputs(texts=texts)
    shared = _Shared()
    for row in connection.execute(query):
        texts.add(row.id, row.text)
        inputs.articles.append(
            StoredArticle(texts=texts, id=row.id, outlet=shared(row.outlet), published=shared(row.published),
                          title=row.title, seq=row.seq, copy_of=row.copy_of)
        )
    by_id = {article.id: article for article in inputs.articles}
    # Row by row into the linkers' records: a dict per stored row first took more memory than the records.
    claims: dict[str, list[Claim]] = defaultdict(list)
    for row in reading.iter_rows(connection, "claims"):
        if row.article_id in by_id:
            claims[row.article_id].append(_claim(row, by_id[row.article_id], shared))
    figures: dict[str, list[FigureRow]] = defaultdict(list)
    for row in reading.iter_rows(connection, "figures"):
        if row.article_id in by_id:
            figures[row.article_id].append(FigureRow(**{name: shared(value) for name, value in row._mapping.items()}))
    inputs.figures = {article.id: figures.pop(article.id, []) for article in inputs.articles}
    inputs.claims = {article.id: claims.pop(article.id, []) for article in inputs.articles}
    inputs.mentions = _read_mentions(connection, inputs, shared)
    return inputs


def _claim(row: Any, article: ArticleText, shared: _Shared) -> Claim:
    """A `claims` row (a database row, read by attribute) as the understand stage's record."""
    source = None
    if row.source_name:
        source = Source(name=shared(row.source_name), type=shared(row.source_type), start=shared(row.source_start),
                        end=shared(row.source_end))
    return StoredClaim(
        article=article, start=shared(row.start), end=shared(row.end), kind=shared(row.kind), source=source,
        via=shared(row.via), cue=shared(row.cue), cue_start=shared(row.cue_start), cue_end=shared(row.cue_end),
        content_start=shared(row.content_start), content_end=shared(row.content_end), hedged=bool(row.hedged),
    )


def _read_mentions(connection: Connection, inputs: LinkInputs, shared: _Shared) -> list[EventMention]:
    """One mention per event frame, articles in ingest order, each with its actors and figures, a main one
    with its article's people."""
    actors: dict[MentionKey, list[tuple[str, str]]] = defaultdict(list)
    for row in reading.iter_frame_actors(connection):
        if row.article_id in inputs.texts:
            actors[(row.article_id, row.frame_position)].append((shared(row.name), shared(row.role)))
    frames: dict[str, list[Any]] = defaultdict(list)
    for row in reading.iter_rows(connection, "event_frames"):
        if row.article_id in inputs.texts:
            frames[row.article_id].append(row)
    people = _read_people(connection, inputs)
    mentions: list[EventMention] = []
    for article in inputs.articles:
        rows = frames.pop(article.id, None)
        if not rows:
            continue
        by_frame: dict[int, list[MentionFigure]] = defaultdict(list)
        for figure in inputs.figures[article.id]:
            if figure["frame_position"] is not None:
                by_frame[figure["frame_position"]].append(
                    MentionFigure(category=figure["category"], low=figure["low"], high=figure["high"])
                )
        found = people.get(article.id, _NO_PEOPLE)
        for frame in rows:
            key = (article.id, frame.position)
            mentions.append(StoredMention(
                article=article, start=shared(frame.start), end=shared(frame.end), article_id=article.id,
                position=frame.position, outlet=article.outlet, published=article.published,
                type=shared(frame.type), sub_event=shared(frame.sub_event), date=shared(frame.date),
                date_precision=shared(frame.date_precision), place_name=shared(frame.place_name),
                admin1=shared(frame.admin1), country=shared(frame.country), lat=shared(frame.lat),
                lon=shared(frame.lon), actors=tuple(actors.pop(key, ())), figures=tuple(by_frame[frame.position]),
                main=bool(frame.main), person=shared(found.person) if frame.main else None,
                persons=found.persons if frame.main else (),
            ))
    return mentions


def _read_people(connection: Connection, inputs: LinkInputs) -> dict[str, Participants]:
    """Each article's `Participants`, from its PERSON entities (the understand stage's spaCy entities)."""
    names: dict[str, list[tuple[str, str]]] = defaultdict(list)
    query = select(entities.c.article_id, entities.c.text).where(entities.c.label == "PERSON")
    for row in connection.execute(query.order_by(entities.c.article_id, entities.c.position)):
        if row.article_id in inputs.texts:
            names[row.article_id].append(("PERSON", row.text))
    return {article_id: participants(found) for article_id, found in names.items()}
