"""Probable origins of figures nobody is said to have given ("reports say", "it was revealed").

Seed 004 writes, three weeks after the 7 February attack, "amid unconfirmed
reports that more than 100 Russians had been killed" and "it was revealed
that among the casualties were hundreds of Russian mercenaries", naming no
source. The corpus already holds Bloomberg's report of that attack ("about
100" from a U.S. official, "more than 200" from two Russians). An analyst
would say those reports most likely rest on Bloomberg's; counting them as a
new independent origin would make one report look like two.

The rule, for the figures of one event:

1. a figure is *hearsay* when nobody is named for it (its origin is the
   article's own words, or a claimant that is only "reports"), its sentence
   names no outlet or other source ("according to the observatory", "FNA
   reports"), and it says the number was reported ("unconfirmed reports",
   "reportedly killed", "it was revealed", "are said to"); hedges that are
   estimates ("are believed to") or that qualify something else ("strikes
   allegedly carried out by") do not count;
2. a *candidate* is a figure of the same event from an article that came
   earlier (published before; the same day, ingested before), whose origin
   is another report and is not hearsay itself;
3. the candidate counts the same thing (the same category, or killed or
   injured against unspecified "casualties"; totals against totals, a part
   against the same part), the two ranges can both be right (not
   disjoint, `crosswire.assess.ranges.disjoint`) and their best points are
   within a factor of `CLOSE` (a report resting on another repeats its number
   roughly; "at least 15" is compatible with "160" but is another count).

Among the candidates, the closest best point (on a log scale) wins, then the
earliest. The hearsay figure keeps its own origin and gains a *probable*
origin, the candidate's, marked inferred and with the reason; ranges count
it under the probable origin, so it adds no independent origin. A hearsay
figure with no candidate stays its article's own origin: an inference needs
a report in the corpus to rest on.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Sequence

from crosswire.assess.ranges import best_point, disjoint, group_key
from crosswire.link.provenance import outlet_mentions
from crosswire.link.records import Origin

FigureKey = tuple[str, int]  # (article id, figure position)

_HEARSAY = re.compile(
    r"\b(?:(?:unconfirmed|unverified|initial|preliminary|early|media|press|news|local|some|other)\s+)*(?:reports|rumou?rs)\b"
    r"|\b(?:reportedly|allegedly)\s+(?:\w+\s+){0,2}?(?:kill|killed|killing|died|dead|executed|injured|wounded|"
    r"massacred|murdered|slain)\b"
    r"|\bit (?:was|has been|had been|is) (?:revealed|reported|said|learned)\b"
    r"|\b(?:is|are|was|were) (?:said|reported) to\b"
    r"|\b(?:was|were|has been|have been|had been) reported\b",
    re.IGNORECASE,
)
_REPORTS_ONLY = re.compile(
    r"^(?:(?:unconfirmed|unverified|initial|preliminary|early|media|press|news|local|some|other)\s+)*"
    r"(?:reports?|rumou?rs?)\b",
    re.IGNORECASE,
)
# "according to the observatory", "FNA reports": a source the claim reader missed is still named.
_NOT_NAMES = (
    "Unconfirmed|Unverified|Initial|Preliminary|Early|Media|Press|News|Local|Some|Other|Monday|Tuesday|Wednesday|"
    "Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|"
    "November|December"
)
_NAMED_SOURCE = re.compile(
    r"\baccording to (?!(?:\w+\s+){0,2}reports\b)|\b(?!(?:" + _NOT_NAMES + r")\b)[A-Z][\w-]*\s+reports\b"
)
CLOSE = 2.0
_COVERS = {"casualties": frozenset({"killed", "injured"})}  # an unspecified count may be either


@dataclass(frozen=True, slots=True)
class SourcedFigure:
    """A figure of one event as origin inference sees it."""

    key: FigureKey
    category: str
    low: int
    high: int | None
    group: str | None
    text: str  # the words the range came from
    origin: Origin
    hearsay: str | None  # the words saying it was reported by nobody named ("unconfirmed reports"), if any
    published: str | None  # ISO date of the article
    seq: int  # ingest order: "earlier" on the same or an unknown date


@dataclass(frozen=True, slots=True)
class InferredOrigin:
    """A hearsay figure's probable origin: the origin of the earlier figure it most likely rests on."""

    origin: Origin
    evidence: FigureKey  # the earlier figure
    reason: str


def hearsay_cue(*, origin: Origin, sentence: str | None, via: str | None, source_type: str | None) -> str | None:
    """The words marking a figure as reported by nobody named, or None.

    `sentence` is the claim the figure lies in; `via` and `source_type` are
    that claim's. A figure whose claim names a report (relayed via one, said
    by an outlet, or an outlet named in the sentence) is not hearsay: its
    report is known."""
    if sentence is None or via or source_type == "outlet" or outlet_mentions(sentence) or _NAMED_SOURCE.search(sentence):
        return None
    if origin.claimant is not None:
        found = _REPORTS_ONLY.match(origin.claimant)
        return found.group() if found else None
    found = _HEARSAY.search(sentence)
    return found.group() if found else None


def infer_origins(figures: Sequence[SourcedFigure]) -> dict[FigureKey, InferredOrigin]:
    """Probable origins of the hearsay figures among one event's `figures` (see the module docstring)."""
    inferred: dict[FigureKey, InferredOrigin] = {}
    firsthand = [f for f in figures if f.hearsay is None]
    for figure in figures:
        if figure.hearsay is None:
            continue
        candidates = [c for c in firsthand if _earlier(c, figure) and _compatible(c, figure)]
        if not candidates:
            continue
        chosen = min(candidates, key=lambda c: (_distance(c, figure), _order(c), c.key))
        inferred[figure.key] = InferredOrigin(origin=chosen.origin, evidence=chosen.key, reason=_reason(figure, chosen))
    return inferred


def _earlier(candidate: SourcedFigure, figure: SourcedFigure) -> bool:
    if candidate.key[0] == figure.key[0]:
        return False
    first, second = _day(candidate.published), _day(figure.published)
    if first is not None and second is not None and first != second:
        return first < second
    return candidate.seq < figure.seq


def _compatible(candidate: SourcedFigure, figure: SourcedFigure) -> bool:
    same_kind = candidate.category == figure.category or candidate.category in _COVERS.get(figure.category, ())
    return (
        same_kind
        and candidate.origin.report != figure.origin.report
        and group_key(candidate.group) == group_key(figure.group)
        and not disjoint([(candidate.low, candidate.high), (figure.low, figure.high)])
        and _distance(candidate, figure) <= math.log(CLOSE)
    )


def _distance(candidate: SourcedFigure, figure: SourcedFigure) -> float:
    return abs(math.log(max(1, best_point(candidate.low, candidate.high))) - math.log(max(1, best_point(figure.low, figure.high))))


def _order(figure: SourcedFigure) -> tuple[str, int]:
    return ((figure.published or "9999")[:10], figure.seq)


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _reason(figure: SourcedFigure, chosen: SourcedFigure) -> str:
    who = chosen.origin.report if chosen.origin.claimant is None else f"{chosen.origin.claimant} via {chosen.origin.report}"
    when = f", reported {chosen.published[:10]}" if chosen.published else ", reported earlier"
    return (
        f"\u201c{figure.hearsay}\u201d names no source; \u201c{figure.text}\u201d {figure.category} "
        f"fits \u201c{chosen.text}\u201d {chosen.category} ({who}{when}) for the same event"
    )
