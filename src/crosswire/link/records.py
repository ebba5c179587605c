"""Typed records the linking stage passes between its parts.

An `EventMention` is one article's event frame as the cross-article event
linker sees it: everything needed to decide whether two articles speak of the
same real event (date with precision, place, type, actors, figures, words),
without a store or a spaCy Doc.
"""

from __future__ import annotations

from dataclasses import dataclass

MentionKey = tuple[str, int]  # (article id, frame position within the article)


@dataclass(frozen=True, slots=True)
class MentionFigure:
    category: str
    low: int
    high: int | None


@dataclass(frozen=True, slots=True)
class EventMention:
    article_id: str
    position: int
    outlet: str
    published: str | None  # ISO date (or datetime) of the article
    type: str  # ACLED-style event type
    sub_event: str | None
    date: str | None  # TimeML value: 2018-02-07, 2018-W06, 2018-02
    date_precision: str | None  # day | week | month | year
    place_name: str | None
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    actors: tuple[tuple[str, str], ...]  # (name, role)
    figures: tuple[MentionFigure, ...]
    text: str  # the frame's evidence: the sentences it was built from
    main: bool  # the article's main event

    @property
    def key(self) -> MentionKey:
        return (self.article_id, self.position)


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An article as the text-level linkers (copies, citations) see it."""

    id: str
    outlet: str
    published: str | None
    title: str | None
    text: str
    seq: int  # ingest order: the tie-break for "earlier" when dates are equal or missing
    copy_of: str | None = None  # near-duplicate link found at ingest


@dataclass(frozen=True, slots=True)
class SharedPassage:
    """A passage of `article_id` copied from `origin_article_id` (the earlier one)."""

    article_id: str
    start: int
    end: int
    origin_article_id: str
    origin_start: int
    origin_end: int


@dataclass(frozen=True, slots=True)
class ProvenanceEdge:
    """Who an article takes its information from.

    kind: "copies" (text republished from another stored article), "relays"
    (a wire credit or dateline: "BLOOMBERG -"), "cites" ("the Washington Post
    reported"). `target_article_id` is set when the cited report is itself in
    the store; `target_name` is the normalised outlet or report name.
    """

    article_id: str
    kind: str
    target_name: str
    target_article_id: str | None
    start: int | None  # evidence span in the article's text
    end: int | None


@dataclass(frozen=True, slots=True)
class Origin:
    """The first-hand origin of a claim or figure.

    Outlets relaying the same report's claimant share one origin
    ("Bloomberg|one U.S. official"); two claimants inside one report are two
    origins. `key` is the stable, normalised identity.
    """

    key: str
    report: str  # the outlet or report that first carried it
    claimant: str | None  # who, inside that report, said it (None: the report's own statement)
