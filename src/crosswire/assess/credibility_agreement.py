"""Do an article's casualty figures agree with what independent others report?

For each event the link stage found in several articles, an article's figures
are compared with the consensus of the *other* origins reporting that event
(`crosswire.assess.ranges.reconcile` over their figures), never with a
consensus it contributed to: ten copies of one wire number must not make
that number agree with itself. An origin is the claim's origin key when the
link stage traced one, else the article's outlet, so another article of the
same outlet is not independent either.

Per figure category, the article's own figures are reconciled into one
estimate, the way the consensus treats each origin's (one article is one
voice however many numbers it gives), and its best point is compared with the
others' consensus: 1.0 inside the consensus range, else the ratio of the
smaller best point to the larger, so 12 against a consensus of 100 scores
0.12. An article's agreement is the mean over the categories compared;
counts of a part of the victims (children, women) are compared only with the
same part. Without link data there is nothing to compare and the result is
empty.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from statistics import mean
from sqlalchemy import Connection, inspect, select

from crosswire.assess.ranges import Estimate, FigureRange, group_key, reconcile
from crosswire.store.schema import articles, claim_origins, event_mentions, figures

_LINK_TABLES = ("event_mentions", "claim_origins")


@dataclass(frozen=True, slots=True)
class _EventFigure:
    article_id: str
    outlet: str
    root: str  # the article it copies, or itself
    estimate: Estimate

    def independent_of(self, own: list[_EventFigure]) -> bool:
        """Not the same article, outlet, copy group or origin as any of `own`."""
        return all(
            self.article_id != o.article_id and self.outlet != o.outlet and self.root != o.root
            and self.estimate.origin != o.estimate.origin
            for o in own
        )


def figure_agreement(connection: Connection) -> dict[str, float]:
    """article id -> agreement (0..1) of its figures with independent reports of the same events."""
    if not all(inspect(connection).has_table(name) for name in _LINK_TABLES):
        return {}
    by_event = _figures_by_event(connection)
    scores: dict[str, list[float]] = defaultdict(list)
    for found in by_event.values():
        for article_id in {f.article_id for f in found}:
            own = [f for f in found if f.article_id == article_id]
            others = [f.estimate for f in found if f.independent_of(own)]
            scores[article_id].extend(_compare([f.estimate for f in own], others))
    return {article_id: round(mean(values), 3) for article_id, values in scores.items() if values}


def _figures_by_event(connection: Connection) -> dict[str, list[_EventFigure]]:
    mentions = {
        (str(row.article_id), int(row.frame_position)): str(row.event_id)
        for row in connection.execute(select(event_mentions))
    }
    if not mentions:
        return {}
    origins = {
        (str(row.article_id), int(row.claim_position)): str(row.origin_key)
        for row in connection.execute(select(claim_origins))
    }
    stored = {
        str(row.id): (str(row.outlet), str(row.copy_of or row.id))
        for row in connection.execute(select(articles.c.id, articles.c.outlet, articles.c.copy_of))
    }
    found: dict[str, list[_EventFigure]] = defaultdict(list)
    for row in connection.execute(select(figures).where(figures.c.frame_position.is_not(None))):
        article_id = str(row.article_id)
        event_id = mentions.get((article_id, int(row.frame_position)))
        if event_id is None:
            continue
        origin = origins.get((article_id, row.claim_position)) if row.claim_position is not None else None
        outlet, root = stored[article_id]
        estimate = Estimate(row.category, row.low, row.high, row.group_text, origin or f"outlet:{outlet}")
        found[event_id].append(_EventFigure(article_id, outlet, root, estimate))
    return found


def _compare(own: list[Estimate], others: list[Estimate]) -> list[float]:
    """One agreement per category (and part group) that both the article and independent others count."""
    mine, theirs = _by_key(own), _by_key(others)
    return [_agreement(reconcile(mine[key])[key[0]], reconcile(theirs[key])[key[0]]) for key in mine if key in theirs]


def _by_key(estimates: list[Estimate]) -> dict[tuple[str, str], list[Estimate]]:
    found: dict[tuple[str, str], list[Estimate]] = defaultdict(list)
    for estimate in estimates:
        found[(estimate.category, group_key(estimate.group))].append(estimate)
    return found


def _agreement(mine: FigureRange, consensus: FigureRange) -> float:
    if consensus.low <= mine.best and (consensus.high is None or mine.best <= consensus.high):
        return 1.0
    low, high = sorted((mine.best, consensus.best))
    return low / high if high > 0 else 1.0
