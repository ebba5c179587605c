"""Event frames: who did what to whom, where, when, with which figures.

A sentence opens or extends a frame when it has an event trigger or a
casualty figure. Sentences are grouped into frames in reading order:

- a sentence dated by its own time expression joins the frame whose date
  equals it, else the latest frame whose date interval overlaps it (a day
  inside "last week"): the current frame first, which also takes a date
  when it has none yet and the date is within the week before publication;
  a date matching no frame opens a new one (an earlier event told as
  background);
- "another attack", "once again", "a second strike" always open a new frame;
- an undated sentence continues the frame the previous event sentence was in,
  unless it points back to "the first attack" (the article's first frame);
- a sentence's own date leaves out datelines, dates of other events ("the
  Feb. 7 assault"), of reports ("said on Sunday"), of photo captions and
  period starts ("since Tuesday"): see `event_dates`;
- a sentence giving a running total ("killed since 2011", "since the war
  began", "the conflict has left 320,000 dead", any count of 10,000 or more
  next to "war" or "conflict") is background: it opens and extends no frame.

A frame takes the event type of the sentence that opened it, and the most
specific date and the most specific place of its sentences. A frame left without a date that is reported as just happening
("moments ago", "earlier today") is dated on the publication day. The main
frame is the first one: news leads with its main event. Where people came from
("evacuees from Foua") is the frame's place only when no other is named, and
"pro-Damascus"/"Damascus-based" name a side, not a place of the event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Sequence

from crosswire.understand.actors import extract_actors
from crosswire.understand.doc_text import doc_text, span_text
from crosswire.understand.event_dates import SPECIFICITY, DateSpan, sentence_date
from crosswire.understand.event_places import article_place, best_place, speaker_or_addressee
from crosswire.understand.event_types import classify_event
from crosswire.understand.places import attributive_place
from crosswire.understand.records import Actor, EventFrame, Figure, Place, TimeExpression

# "another attack", "a second strike": a new event only when an event word follows closely.
_NEW_EVENT_CUE = re.compile(
    r"\b(another|a (second|third|new|fresh|separate|further))\W+(\w+\W+){0,2}?"
    r"(attacks?|strikes?|raids?|assaults?|clash(es)?|bombings?|explosions?|blasts?|offensives?|massacres?|shelling)\b"
    r"|\b(once again|yet again|anew)\b",
    re.IGNORECASE,
)
# "the first attack", "the earlier strike": back to the article's first event.
_FIRST_EVENT_CUE = re.compile(
    r"\bthe (first|earlier|original|initial) (attack|strike|raid|assault|clash|offensive|bombing|one)\b", re.IGNORECASE
)
_JUST_HAPPENED = re.compile(r"\b(moments? ago|minutes ago|hours? ago|earlier today|today|tonight|this morning|just)\b", re.IGNORECASE)
# A toll counted "since 2011" or "since the war began" is the war's running total,
# not an event: its sentence opens and extends no frame (its figures stay figures).
_CUMULATIVE = re.compile(
    r"\bsince\s+(?:(?:early|late|mid-?)\s*)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?(?:19|20)\d\d\b"
    r"|\bsince\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:war|conflict|uprising|revolution|crisis|unrest)\s+"
    r"(?:began|started|erupted|broke\s+out)\b"
    r"|\bsince\s+the\s+(?:start|beginning|outbreak|onset)\s+of\s+the\s+(?:\w+\s+){0,2}?"
    r"(?:war|conflict|uprising|revolution|crisis)\b"
    r"|\b(?:war|conflict|uprising|revolution|crisis)\s+(?:has|had)\s+(?:so\s+far\s+)?(?:left|killed|claimed)\b",
    re.IGNORECASE,
)
# "the five-year conflict has killed more than 280000", "the death toll from the
# six-year war at 470000": a war-wide count, told in figures no single incident reaches.
_WHOLE_WAR = re.compile(r"\b(?:war|conflict|uprising|revolution)\b", re.IGNORECASE)
_WAR_WIDE_COUNT = 10_000


def _running_total(text: str, figures: Sequence[Figure]) -> bool:
    """A sentence counting the war's dead so far, not an event's."""
    return bool(_CUMULATIVE.search(text)) or (
        bool(_WHOLE_WAR.search(text)) and any(f.low >= _WAR_WIDE_COUNT for f in figures)
    )


@dataclass(slots=True)
class _Frame:
    start: int
    end: int
    kinds: list[Any] = field(default_factory=list)
    dates: list[DateSpan] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    origins: set[int] = field(default_factory=set)  # starts of places named as where people came from

    @property
    def date(self) -> DateSpan | None:
        return min(self.dates, key=lambda d: (SPECIFICITY[d.precision], d.first)) if self.dates else None


def build_frames(
    doc: Any,
    *,
    figures: Sequence[Figure],
    times: Sequence[TimeExpression],
    places: Sequence[Place],
    published: date | None,
) -> tuple[EventFrame, ...]:
    """The event frames of an article, main frame first."""
    frames: list[_Frame] = []
    current: _Frame | None = None
    for sentence in doc.sents:
        kind = classify_event(sentence)
        sentence_figures = [f for f in figures if sentence.start_char <= f.start < sentence.end_char]
        if kind.trigger is None and not sentence_figures:
            continue
        text = span_text(sentence)
        if sentence_figures and _running_total(text, sentence_figures):
            continue
        own_date = sentence_date(sentence, times, published=published)
        if frames and _FIRST_EVENT_CUE.search(text):
            current = frames[0]
        new_event = bool(_NEW_EVENT_CUE.search(text))
        frame = _frame_for(frames, current, own_date, new_event=new_event, published=published)
        if frame is None:
            frame = _Frame(sentence.start_char, sentence.end_char)
            frames.append(frame)
        _extend(frame, sentence, kind, own_date, sentence_figures, places)
        if frame.date is None and published is not None and _JUST_HAPPENED.search(text):
            frame.dates.append(DateSpan(published, published, "day"))
        current = frame
    text = doc_text(doc)
    fallback = article_place(text, places)
    return tuple(_finish(frame, text, main=i == 0, fallback=fallback) for i, frame in enumerate(frames))


def _frame_for(
    frames: list[_Frame], current: _Frame | None, own_date: DateSpan | None, *, new_event: bool, published: date | None
) -> _Frame | None:
    if new_event:
        return None
    if own_date is None:
        return current
    exact = [f for f in frames if f.date == own_date]
    if exact:
        return exact[-1]
    if current is not None:
        if current.date is None and _recent(own_date, published):
            return current  # the undated frame's own date, given a sentence later
        if current.date is not None and current.date.overlaps(own_date):
            return current
    overlapping = [f for f in frames if f.date is not None and f.date.overlaps(own_date)]
    return overlapping[-1] if overlapping else None


def _recent(when: DateSpan, published: date | None) -> bool:
    """Within the week before publication: the news of the day, not background."""
    return published is None or published - timedelta(days=_RECENT_DAYS) <= when.last


_RECENT_DAYS = 7


def _extend(frame: _Frame, sentence: Any, kind: Any, own_date: DateSpan | None, figures: list[Figure], places: Sequence[Place]) -> None:
    frame.end = max(frame.end, sentence.end_char)
    if kind.trigger is not None:
        frame.kinds.append(kind)
    if own_date is not None:
        frame.dates.append(own_date)
    mentions = extract_actors(sentence)
    frame.places.extend(
        p
        for p in places
        if sentence.start_char <= p.start < sentence.end_char
        and p.country
        and not any(m.start <= p.start < m.end for m in mentions)  # "the US was forced to..." is an actor
        and not attributive_place(doc_text(sentence.doc), p)  # "pro-Damascus media"
        and not speaker_or_addressee(sentence.doc, p)  # "Russia says ..."
    )
    frame.origins.update(p.start for p in frame.places if sentence.start_char <= p.start < sentence.end_char
                         and _origin(sentence.doc, p))
    frame.figures.extend(figures)
    for mention in mentions:
        actor = Actor(name=mention.name, role=mention.role)
        if actor not in frame.actors:
            frame.actors.append(actor)


def _finish(frame: _Frame, text: str, *, main: bool, fallback: Place | None) -> EventFrame:
    """The frame's record; the main frame falls back on the article's own place."""
    kind = frame.kinds[0] if frame.kinds else None  # the frame is about the event that opened it
    when = frame.date
    place = best_place(text, frame.places, came_from=frame.origins) or (fallback if main else None)
    return EventFrame(
        start=frame.start,
        end=frame.end,
        type=kind.event_type if kind is not None else "Violence (unspecified)",
        sub_event=kind.sub_event if kind is not None else None,
        date=when.first.isoformat() if when else None,
        date_precision=when.precision if when else None,
        place=place,
        actors=tuple(frame.actors),
        figures=tuple(frame.figures),
        main=main,
    )


def _origin(doc: Any, place: Place) -> bool:
    """Whether a place is governed by "from" within a few heads ("evacuees from the towns of Foua and Kefraya")."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    for _ in range(_ORIGIN_HEADS):
        if token.head.i == token.i or token.pos_ in ("VERB", "AUX"):
            return False
        token = token.head
        if token.lemma_.lower() in _NOT_ORIGIN_HEADS:  # "death toll from the Aleppo bombing"
            return False
        if token.lower_ == "from":
            return token.head.lemma_.lower() not in _NOT_ORIGIN_HEADS
    return False


_ORIGIN_HEADS = 5
_NOT_ORIGIN_HEADS = frozenset(
    "toll casualty attack bombing blast strike airstrike raid shelling explosion bomb fire rocket".split()
)
