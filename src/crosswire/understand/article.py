"""One article's understanding: the extractors run in order on one spaCy Doc.

The order is fixed by what each needs: figures, time, places, claims and
actors need only the Doc (and the publication date); event frames are built
from all of them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crosswire.understand.actors import main_event_actor_and_cause
from crosswire.understand.capitals import capital_places
from crosswire.understand.claims import extract_claims
from crosswire.understand.coref import resolve_pronoun_sources
from crosswire.understand.doc_text import span_text
from crosswire.understand.event_places import lead_place
from crosswire.understand.events import build_frames
from crosswire.understand.figures import extract_figures
from crosswire.understand.places import extract_places
from crosswire.understand.records import ArticleAnalysis, EntityMention, LeadSummary
from crosswire.understand.tolls import main_death_toll
from crosswire.understand.timex import extract_times

# Bump when an extractor's output changes, so stored analyses are redone.
UNDERSTAND_VERSION = "understand-9"  # 3: attribution by rules + trained tagger; 4: clock times are not years; 5: running totals open no frame; 6: caption/since/report dates do not date events, source spans; 7: the lead summary (place, toll, attacker class, cause); 8: event places leave out datelines, speakers, seats of power; "the Syrian capital"; he/she from the person named just before; "The Observatory" an organisation; 9: standing populations ("home to 900000 displaced") are not figures


def analyse_doc(doc: Any, *, published: date | None) -> ArticleAnalysis:
    """Sentences, entities, claims, figures, times, places, event frames and the lead's summary of `doc`."""
    figures = extract_figures(doc)
    times = extract_times(doc, published=published)
    places = tuple(sorted((*extract_places(doc), *capital_places(doc)), key=lambda p: p.start))
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
