"""Typed records the linking stage passes between its parts.

An `EventMention` is one article's event frame as the cross-article event
linker sees it: everything needed to decide whether two articles speak of the
same real event (date with precision, place, type, actors, figures, words),
without a store or a spaCy Doc.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from crosswire.understand.records import Claim

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
    start: int | None = None  # where the frame is in its article's text, when read from a store
    end: int | None = None
    person: str | None = None  # a main mention's article's salient person (`participants.py`)
    persons: tuple[str, ...] = ()  # every person surname its article names

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


class StoredArticle(ArticleText):
    """An article read from the store: its `text` comes from `texts` (which may hold it compressed) when asked
    for. Equal to another stored article with the same fields (not to an `ArticleText`: another class)."""

    __slots__ = ("_texts",)
    _texts: Mapping[str, str]

    def __init__(self, *, texts: Mapping[str, str], **fields: Any) -> None:
        object.__setattr__(self, "_texts", texts)
        ArticleText.__init__(self, text="", **fields)

    @property
    def text(self) -> str:
        return self._texts[self.id]

    @text.setter
    def text(self, value: str) -> None:
        """The base class's initialiser sets `text`: ignored, the text is read from `texts`."""


class StoredMention(EventMention):
    """An event mention read from the store: its evidence (`text`) is cut from its article's text when asked
    for, not kept as a copy (a whole store's frames, copied, weighed as much as its articles: a main
    event's frame often spans the whole text). Equal to another stored mention with the same fields."""

    __slots__ = ("_article",)
    _article: ArticleText

    def __init__(self, *, article: ArticleText, start: int, end: int, **fields: Any) -> None:
        object.__setattr__(self, "_article", article)
        EventMention.__init__(self, text="", start=start, end=end, **fields)

    @property
    def text(self) -> str:
        return self._article.text[self.start : self.end]

    @text.setter
    def text(self, value: str) -> None:
        """The base class's initialiser sets `text`: ignored, the evidence is read from the article."""


class StoredClaim(Claim):
    """A claim read from the store: its `text` is cut from its article's text when asked for, not kept as a
    copy. Equal to another stored claim with the same fields (not to a `Claim`: another class)."""

    __slots__ = ("_article",)
    _article: ArticleText

    def __init__(self, *, article: ArticleText, **fields: Any) -> None:
        object.__setattr__(self, "_article", article)
        Claim.__init__(self, text="", **fields)

    @property
    def text(self) -> str:
        return self._article.text[self.start : self.end]

    @text.setter
    def text(self, value: str) -> None:
        """The base class's initialiser sets `text`: ignored, the sentence is read from the article."""


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


class ClaimOrigins(Mapping[tuple[str, int], Origin]):
    """Each claim's origin, by (article id, claim position): a list per article, equal origins one object;
    iterated in key order.

    What `crosswire.assess.origins.assign_origins` gives, held leaner: a dict with a tuple key and a new
    `Origin` per claim took about 300 bytes a claim (400 MB for the 1.4 million claims of 100,000 articles)."""

    def __init__(self, origins: Mapping[tuple[str, int], Origin]) -> None:
        shared: dict[Origin, Origin] = {}
        by_article: dict[str, list[Origin | None]] = {}
        for (article_id, position), origin in origins.items():
            found = by_article.setdefault(article_id, [])
            if position >= len(found):
                found.extend([None] * (position + 1 - len(found)))
            found[position] = shared.setdefault(origin, origin)
        self._by_article = dict(sorted(by_article.items()))
        self._count = len(origins)

    def __getitem__(self, key: tuple[str, int]) -> Origin:
        found = self._by_article.get(key[0])
        origin = found[key[1]] if found is not None and 0 <= key[1] < len(found) else None
        if origin is None:
            raise KeyError(key)
        return origin

    def __iter__(self) -> Iterator[tuple[str, int]]:
        for article_id, found in self._by_article.items():
            yield from ((article_id, position) for position, origin in enumerate(found) if origin is not None)

    def __len__(self) -> int:
        return self._count
