"""Typed records the understanding extractors produce.

Every record carries `start` and `end`: character offsets into the article's
clean text (the text a spaCy Doc was made from), so that everything can be
traced back to the words it came from. Extractors take a spaCy `Doc` (from
`crosswire.understand.nlp.load_pipeline()`) and return tuples of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FigureCategory = Literal["killed", "injured", "missing", "captured", "displaced", "casualties"]
DatePrecision = Literal["day", "week", "month", "year"]
ClaimKind = Literal["reported", "attributed", "denial", "opinion", "speculation", "question"]
SourceType = Literal["person", "organisation", "outlet", "government", "anonymous"]
ActorRole = Literal["initiator", "target", "other"]


@dataclass(frozen=True, slots=True)
class Figure:
    """A casualty count as an integer range: "more than 200" is (201, None).

    `high` None means open-ended; `low == high` for an exact number.
    `group` is who is counted, as written ("Russian contract soldiers").
    """

    start: int
    end: int
    text: str
    category: FigureCategory
    low: int
    high: int | None
    group: str | None = None
    hedged: bool = False


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A date or time expression resolved against the publication date.

    `value` is TimeML-style: "2018-02-07", "2018-W06", "2018-02", "2018",
    "2018-02-07T14:00"; `precision` the grain of the event date it gives.
    """

    start: int
    end: int
    text: str
    value: str
    precision: DatePrecision | Literal["time"]
    kind: Literal["DATE", "TIME"] = "DATE"


@dataclass(frozen=True, slots=True)
class Place:
    """A toponym resolved to a gazetteer entry (None fields when unresolved)."""

    start: int
    end: int
    text: str
    name: str | None
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None = None
    feature: Literal["country", "admin1", "admin2", "city", "other"] | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """Who a claim is attributed to."""

    name: str
    type: SourceType
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence or clause with its kind and, when attributed, source and cue.

    `via` names the outlet or report it is relayed through ("Bloomberg" for
    "BLOOMBERG - ... according to one U.S. official"). `content_start` and
    `content_end` delimit what is attributed, inside [start, end).
    """

    start: int
    end: int
    text: str
    kind: ClaimKind
    source: Source | None = None
    via: str | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    content_start: int | None = None
    content_end: int | None = None
    hedged: bool = False


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    role: ActorRole


@dataclass(frozen=True, slots=True)
class EventFrame:
    """One event an article reports: who did what to whom, where, when, with which figures."""

    start: int
    end: int
    type: str
    date: str | None
    date_precision: DatePrecision | None
    place: Place | None
    actors: tuple[Actor, ...]
    figures: tuple[Figure, ...]
    main: bool = False
    sub_event: str | None = None


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A named entity as spaCy found it."""

    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class LeadSummary:
    """What the article leads with, as a monitor would log it: the place and
    death toll of its main event (None when it counts no dead), the attacker's
    class and the cause of death, in the categories of the FA-KES data set (actors:
    "syrian government or russian troops", "isis", "rebel groups", "us-led
    coalition", ...; causes: "shooting", "shelling", "explosion", "chemical
    and toxic gases", ...; "unknown" when the lead does not say)."""

    death_toll: int | None
    attacker_class: str
    cause: str
    place: Place | None = None  # the main frame's place, else the article's first place below country level


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    """Everything the understand stage found in one article, in text order."""

    sentences: tuple[tuple[int, int], ...]
    entities: tuple[EntityMention, ...]
    claims: tuple[Claim, ...] = ()
    figures: tuple[Figure, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    places: tuple[Place, ...] = ()
    frames: tuple[EventFrame, ...] = ()
    lead: LeadSummary | None = None
