"""One article's understanding: the extractors run in order on one spaCy Doc.

The order is fixed by what each needs: figures, time, places, claims and
actors need only the Doc (and the publication date); event frames are built
from all of them.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from crosswire.understand.actors import main_event_actor_and_cause
from crosswire.understand.claims import extract_claims
from crosswire.understand.coref import resolve_pronoun_sources
from crosswire.understand.doc_text import doc_text, span_text
from crosswire.understand.events import build_frames
from crosswire.understand.figures import extract_figures
from crosswire.understand.places import attributive_place, extract_places
from crosswire.understand.records import ArticleAnalysis, EntityMention, EventFrame, LeadSummary, Place
from crosswire.understand.tolls import main_death_toll
from crosswire.understand.timex import extract_times

# Bump when an extractor's output changes, so stored analyses are redone.
UNDERSTAND_VERSION = "understand-7"  # 3: attribution by rules + trained tagger; 4: clock times are not years; 5: running totals open no frame; 6: caption/since/report dates do not date events, source spans; 7: the lead summary (place, toll, attacker class, cause)


def analyse_doc(doc: Any, *, published: date | None) -> ArticleAnalysis:
    """Sentences, entities, claims, figures, times, places, event frames and the lead's summary of `doc`."""
    figures = extract_figures(doc)
    times = extract_times(doc, published=published)
    places = extract_places(doc)
    claims = resolve_pronoun_sources(doc, extract_claims(doc))
    frames = build_frames(doc, figures=figures, times=times, places=places, published=published)
    attacker_class, cause = main_event_actor_and_cause(doc)
    place = lead_place(doc, frames, places)
    return ArticleAnalysis(
        sentences=tuple((sent.start_char, sent.end_char) for sent in doc.sents if span_text(sent).strip()),
        entities=tuple(EntityMention(e.start_char, e.end_char, e.label_, span_text(e)) for e in doc.ents),
        claims=claims,
        figures=figures,
        times=times,
        places=places,
        frames=frames,
        lead=LeadSummary(main_death_toll(doc, figures), attacker_class, cause, place),
    )


def lead_place(doc: Any, frames: Sequence[EventFrame], places: Sequence[Place]) -> Place | None:
    """Where the article's main event happened: its frame's place when that is
    below country level; else the first place the article names below country
    level (in the frame's country, when it has one) that is not part of an
    adjective ("pro-Damascus media"); else the frame's place.

    Frames placed only in "Syria" (from the adjective "Syrian" and the like)
    or not at all are 41 of FA-KES's 573 development articles. Preferring the
    country most of an article's places are in was tried and was worse (0.883
    against 0.885 governorate accuracy): articles about a war's diplomacy name
    Turkey or the United States more often than the Syrian town attacked."""
    main = next((frame for frame in frames if frame.main), None)
    framed = main.place if main is not None else None
    if framed is not None and framed.admin1 is not None:
        return framed
    country = framed.country if framed is not None else None
    text = doc_text(doc)
    finer = (p for p in places if p.admin1 is not None and country in (None, p.country) and not attributive_place(text, p))
    return next(finer, framed)
