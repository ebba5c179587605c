"""What ranges and grades count: the independent origins behind one event's figures and statements.

Each claim has one origin (`crosswire.assess.origins`). Two steps stand
between that and counting:

- a coordinated claimant is one origin per claimant
  (`crosswire.assess.origins.origin_parts`): "one U.S. official and three
  Russians familiar with the matter" supports both the U.S. official's origin
  and the three Russians';
- a hearsay figure ("unconfirmed reports that more than 100 ...") counts under
  its probable origin when the corpus holds an earlier, compatible report of
  the same event (`crosswire.assess.inferred_origins`).
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from crosswire.assess.grades import Statement
from crosswire.assess.inferred_origins import InferredOrigin, SourcedFigure, hearsay_cue, infer_origins
from crosswire.assess.origins import figure_origin, origin_parts
from crosswire.assess.ranges import Estimate
from crosswire.link.records import ArticleText, Origin
from crosswire.link.stage_inputs import LinkInputs
from crosswire.understand.records import Figure

ClaimKey = tuple[str, int]
FigureRow = tuple[str, dict[str, Any]]  # (article id, figures row)


def compound_parts(origins: Iterable[Origin]) -> dict[str, tuple[str, ...]]:
    """origin key -> the keys of its claimants, for the origins that coordinate several."""
    found = {}
    for origin in origins:
        parts = origin_parts(origin)
        if len(parts) > 1:
            found[origin.key] = tuple(part.key for part in parts)
    return found


def independent_statements(statements: Iterable[Statement], parts: Mapping[str, tuple[str, ...]]) -> list[Statement]:
    """`statements` with a coordinated claimant's statement repeated once per claimant (see `compound_parts`)."""
    return [
        Statement(kind=s.kind, source_type=s.source_type, origin=key)
        for s in statements for key in parts.get(s.origin, (s.origin,))
    ]


def event_estimates(
    inputs: LinkInputs, articles: Mapping[str, ArticleText], origins: Mapping[ClaimKey, Origin],
    own_origins: Mapping[str, str], figure_rows: Iterable[FigureRow],
) -> list[Estimate]:
    """One estimate per independent origin of each figure of one event (or one claim aligned across
    articles): hearsay under its probable origin, a coordinated claimant's figure once per claimant.

    `articles` indexes `inputs.articles` by id (built once per run: this is called per event);
    `own_origins` is each article's own origin key ("outlet|"), for figures outside any claim."""
    figures = sourced_figures(inputs, articles, origins, own_origins, figure_rows)
    return estimates(figures, infer_origins(figures))


def estimates(figures: Sequence[SourcedFigure], inferred: Mapping[tuple[str, int], InferredOrigin]) -> list[Estimate]:
    """The estimates ranges reconcile: each figure under its probable origin when it has one, split
    into its claimants' origins.

    A figure that is shared (said by coordinated claimants together) or restated (hearsay resting on
    an origin) adds nothing to an origin that gives its own figure of the category: "scores" said by
    "one U.S. official and three Russians" must not widen the U.S. official's own "about 100", nor
    "unconfirmed reports that more than 100" turn it open-ended."""
    own = {(f.category, f.origin.key) for f in figures if f.key not in inferred and len(origin_parts(f.origin)) == 1}
    found: list[Estimate] = []
    for figure in figures:
        origin = inferred[figure.key].origin if figure.key in inferred else figure.origin
        parts = origin_parts(origin)
        shared = figure.key in inferred or len(parts) > 1
        found.extend(
            Estimate(category=figure.category, low=figure.low, high=figure.high, group=figure.group, origin=part.key)
            for part in parts if not (shared and (figure.category, part.key) in own)
        )
    return found


def sourced_figures(
    inputs: LinkInputs, articles: Mapping[str, ArticleText], origins: Mapping[ClaimKey, Origin],
    own_origins: Mapping[str, str], figure_rows: Iterable[FigureRow],
) -> list[SourcedFigure]:
    """The link stage's figure rows as origin inference sees them."""
    found = []
    for article_id, row in figure_rows:
        claims = inputs.claims[article_id]
        figure = Figure(start=row["start"], end=row["end"], text=row["text"], category=row["category"],
                        low=row["low"], high=row["high"], group=row["group_text"], hedged=bool(row["hedged"]))
        own = own_origins[article_id]
        origin = figure_origin(article_id, figure, claims, origins) or Origin(key=own, report=own[:-1], claimant=None)
        position = row["claim_position"]
        claim = claims[position] if position is not None and position < len(claims) else None
        cue = None if claim is None else hearsay_cue(
            origin=origin, sentence=claim.text, via=claim.via, source_type=claim.source.type if claim.source else None
        )
        found.append(SourcedFigure(
            key=(article_id, row["position"]), category=row["category"], low=row["low"], high=row["high"],
            group=row["group_text"], text=row["text"], origin=origin, hearsay=cue, published=articles[article_id].published,
            seq=articles[article_id].seq,
        ))
    return found
