"""Event mentions of evaluation documents, made the way the link stage makes them.

The evaluation scorers (ECB+, FA-KES linking) run the understand pipeline on
documents that are not in a store, so they turn each `ArticleAnalysis` frame
into an `EventMention` here. An article without any frame still reports
something: it gets one mention of type "unknown" whose evidence is its lead
(first five sentences: news says what happened first), so that every
document takes part in the grouping.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, Iterator, Sequence

from crosswire.link.participants import Participants, participants
from crosswire.link.records import EventMention, MentionFigure
from crosswire.understand.article import analyse_doc
from crosswire.understand.nlp import load_pipeline

BATCH_SIZE = 32
LEAD_SENTENCES = 5


def analyse_texts(
    items: Sequence[tuple[str, str, date | None]], *, outlet: str = "evaluation"
) -> Iterator[list[EventMention]]:
    """Mentions of each (article id, text, publication date), in input order."""
    nlp = load_pipeline()
    for (article_id, _, published), doc in zip(items, nlp.pipe((t for _, t, _ in items), batch_size=BATCH_SIZE)):
        yield mentions_of(doc, article_id=article_id, outlet=outlet, published=published)


def mentions_of(doc: object, *, article_id: str, outlet: str, published: date | None) -> list[EventMention]:
    analysis = analyse_doc(doc, published=published)
    text: str = getattr(doc, "text")
    published_text = published.isoformat() if published else None
    people = participants((e.label, e.text) for e in analysis.entities)
    mentions = []
    for position, frame in enumerate(analysis.frames):
        place = frame.place
        mentions.append(
            EventMention(
                article_id=article_id,
                position=position,
                outlet=outlet,
                published=published_text,
                type=frame.type,
                sub_event=frame.sub_event,
                date=frame.date,
                date_precision=frame.date_precision,
                place_name=place.name if place else None,
                admin1=place.admin1 if place else None,
                country=place.country if place else None,
                lat=place.lat if place else None,
                lon=place.lon if place else None,
                actors=tuple((a.name, a.role) for a in frame.actors),
                figures=tuple(MentionFigure(f.category, f.low, f.high) for f in frame.figures),
                text=text[frame.start : frame.end],
                main=frame.main,
                person=people.person if frame.main else None,
                persons=people.persons if frame.main else (),
            )
        )
    if not mentions:
        sentences = [sent for sent in getattr(doc, "sents") if sent.text.strip()][:LEAD_SENTENCES]
        lead = text[: sentences[-1].end_char] if sentences else text
        mentions.append(_whole_article(article_id, outlet, published_text, lead, people))
    return mentions


def _whole_article(
    article_id: str, outlet: str, published: str | None, text: str, people: Participants
) -> EventMention:
    return EventMention(
        article_id=article_id, position=0, outlet=outlet, published=published, type="unknown", sub_event=None,
        date=None, date_precision=None, place_name=None, admin1=None, country=None, lat=None, lon=None,
        actors=(), figures=(), text=text, main=True, person=people.person, persons=people.persons,
    )


def main_mention(mentions: Iterable[EventMention]) -> EventMention:
    """The article's main event: the frame flagged main, else its first."""
    listed = list(mentions)
    return next((m for m in listed if m.main), listed[0])
