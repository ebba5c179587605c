"""Turning the linkers' output into the link tables' rows, assessing as it goes.

An event is a group of frames from one or more articles. Its date, place and
type are the ones most of its mentions give (the finest date precision
first); its actors are all of theirs. Who reports it: the origin of the
first asserting claim of each mention (the sentence that introduces the
event) and the origins of the claims carrying its figures. Who denies it: a
party's denial among the claims of its mentions (a claim belongs to the
narrowest frame it overlaps).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable, Iterator, Mapping, Sequence, cast

from crosswire.assess.grades import ASSERTING_KINDS, Statement, grade_statements, is_party_denial
from crosswire.assess.independent_origins import compound_parts, event_estimates, independent_statements
from crosswire.assess.ranges import Estimate, reconcile
from crosswire.link.records import ClaimOrigins, EventMention, MentionKey, Origin, ProvenanceEdge, SharedPassage
from crosswire.link.stage_inputs import LinkInputs
from crosswire.link.stories import StoryArticle, StoryEvent, group_stories
from crosswire.link.substages import Substages
from crosswire.store.links import LinkRows

_PRECISION = {"day": 4, "week": 3, "month": 2, "year": 1}
ClaimKey = tuple[str, int]
FigureRow = tuple[str, Mapping[str, Any]]  # (article id, figures row)


class _Context:
    """Lookups shared by the row builders."""

    def __init__(self, inputs: LinkInputs, origins: Mapping[ClaimKey, Origin]) -> None:
        self.inputs = inputs
        self.origins = origins
        self.articles = {article.id: article for article in inputs.articles}
        self.own_origin = _own_origins(inputs)
        self.parts = compound_parts(origins.values())  # coordinated claimants: one origin each
        self.frame_event: dict[MentionKey, str] = {}

    def origin(self, article_id: str, claim_position: int | None) -> str:
        found = None if claim_position is None else self.origins.get((article_id, claim_position))
        return found.key if found is not None else self.own_origin[article_id]

    def statement(self, article_id: str, claim_position: int) -> Statement:
        claim = self.inputs.claims[article_id][claim_position]
        source_type = claim.source.type if claim.source else None
        return Statement(kind=claim.kind, source_type=source_type, origin=self.origin(article_id, claim_position))

    def estimates(self, figure_rows: Iterable[FigureRow]) -> list[Estimate]:
        """Per independent origin (crosswire.assess.independent_origins): hearsay under its probable origin."""
        # assess types a figures row as a dict; it only reads it by key, as the stored rows allow
        return event_estimates(self.inputs, self.articles, self.origins, self.own_origin,
                               cast(Iterable[tuple[str, dict[str, Any]]], figure_rows))


def build_rows(
    inputs: LinkInputs,
    *,
    passages: Sequence[SharedPassage],
    edges: Sequence[ProvenanceEdge],
    origins: Mapping[ClaimKey, Origin],
    claim_groups: Sequence[Sequence[ClaimKey]],
    event_groups: Sequence[Sequence[MentionKey]],
    steps: Substages | None = None,
) -> LinkRows:
    steps = steps or Substages()
    context = _Context(inputs, origins)
    rows = LinkRows()
    with steps.step("provenance rows"):
        _add_provenance(rows, passages, edges, origins)
    with steps.step("event rows"):
        story_events = _add_events(rows, context, event_groups)
    with steps.step("claim group rows"):
        _add_claim_groups(rows, context, claim_groups)
    with steps.step("stories"):
        _add_stories(rows, context, story_events)
    return rows


def _own_origins(inputs: LinkInputs) -> dict[str, str]:
    """An article's own origin: the outlet of the article it copies (transitively), or its own."""
    by_id = {article.id: article for article in inputs.articles}
    found = {}
    for article in inputs.articles:
        root, seen = article, {article.id}
        while root.copy_of and root.copy_of in by_id and root.copy_of not in seen:
            root = by_id[root.copy_of]
            seen.add(root.id)
        found[article.id] = f"{root.outlet}|"
    return found


def _add_provenance(
    rows: LinkRows, passages: Sequence[SharedPassage], edges: Sequence[ProvenanceEdge], origins: Mapping[ClaimKey, Origin]
) -> None:
    seen: set[tuple[str, int]] = set()
    for passage in passages:
        if (passage.article_id, passage.start) not in seen:
            seen.add((passage.article_id, passage.start))
            rows.add("shared_passages", {
                "article_id": passage.article_id, "start": passage.start, "end": passage.end,
                "origin_article_id": passage.origin_article_id, "origin_start": passage.origin_start,
                "origin_end": passage.origin_end,
            })
    positions: Counter[str] = Counter()
    for edge in edges:
        rows.add("provenance_edges", {
            "article_id": edge.article_id, "position": positions[edge.article_id], "kind": edge.kind,
            "target_name": edge.target_name, "target_article_id": edge.target_article_id, "start": edge.start,
            "end": edge.end,
        })
        positions[edge.article_id] += 1
    # in key order: ClaimOrigins iterates so (sorting its million items took 120 bytes an item)
    ordered = origins.items() if isinstance(origins, ClaimOrigins) else sorted(origins.items())
    for (article_id, position), origin in ordered:
        rows.add("claim_origins", {"article_id": article_id, "claim_position": position, "origin_key": origin.key,
                                   "report": origin.report, "claimant": origin.claimant})


def _complete(groups: Sequence[Sequence[MentionKey]], mentions: Sequence[EventMention]) -> list[list[MentionKey]]:
    """Every mention in exactly one group: the first group naming it wins; unnamed ones stand alone."""
    known = {mention.key for mention in mentions}
    placed: set[MentionKey] = set()
    complete = []
    for group in groups:
        members = [key for key in dict.fromkeys(group) if key in known and key not in placed]
        placed.update(members)
        if members:
            complete.append(members)
    complete.extend([mention.key] for mention in mentions if mention.key not in placed)
    return complete


def _add_events(rows: LinkRows, context: _Context, groups: Sequence[Sequence[MentionKey]]) -> list[StoryEvent]:
    mentions = {mention.key: mention for mention in context.inputs.mentions}
    events = []
    for group in _complete(groups, context.inputs.mentions):
        members = sorted((mentions[key] for key in group), key=lambda m: (context.articles[m.article_id].seq, m.position))
        event_id = f"ev:{members[0].article_id}:{members[0].position}"
        for mention in members:
            context.frame_event[mention.key] = event_id
            rows.add("event_mentions", {"article_id": mention.article_id, "frame_position": mention.position,
                                        "event_id": event_id})
        events.append((event_id, members))
    claim_event = _claim_events(context)
    story_events = []
    for event_id, members in events:
        row = _event_row(event_id, members)
        keys = {mention.key for mention in members}
        figure_rows = [(a, f) for a in {m.article_id for m in members} for f in context.inputs.figures[a]
                       if (a, f["frame_position"]) in keys]
        ranges = reconcile(context.estimates(figure_rows))
        for figure_range in ranges.values():
            rows.add("event_figures", {"event_id": event_id, "category": figure_range.category,
                                       "low": figure_range.low, "best": figure_range.best, "high": figure_range.high,
                                       "origins": figure_range.origins, "contested": int(figure_range.contested)})
        statements = _event_statements(context, members, figure_rows, claim_event, event_id)
        origins, grade = grade_statements(independent_statements(statements, context.parts),
                                          figures_contested=any(r.contested for r in ranges.values()))
        rows.add("events", {**row, "origins": origins, "corroboration": grade})
        story_events.append(StoryEvent(
            id=event_id, type=row["type"], date=row["date"], place=row["admin1"] or row["place_name"],
            actors=frozenset(name for m in members for name, _ in m.actors),
            article_ids=tuple(dict.fromkeys(m.article_id for m in members)),
            main_article_ids=tuple(dict.fromkeys(m.article_id for m in members if m.main)),
            date_precision=row["date_precision"],
        ))
    return story_events


def _event_row(event_id: str, members: list[EventMention]) -> dict[str, Any]:
    """Date, place and type most of the mentions agree on; the finest date first."""
    finest = max(_PRECISION.get(m.date_precision or "", 0) for m in members)
    dates = Counter((m.date, m.date_precision) for m in members if _PRECISION.get(m.date_precision or "", 0) == finest)
    date, precision = dates.most_common(1)[0][0] if finest else (None, None)
    placed = [m for m in members if m.place_name or m.admin1 or m.country]
    best_place = max((_place_precision(m) for m in placed), default=0)
    places = Counter((m.place_name, m.admin1, m.country, m.lat, m.lon) for m in placed if _place_precision(m) == best_place)
    place_name, admin1, country, lat, lon = places.most_common(1)[0][0] if places else (None,) * 5
    kind = Counter((m.type, m.sub_event) for m in members).most_common(1)[0][0]
    return {"id": event_id, "type": kind[0], "sub_event": kind[1], "date": date, "date_precision": precision,
            "place_name": place_name, "admin1": admin1, "country": country, "lat": lat, "lon": lon}


def _place_precision(mention: EventMention) -> int:
    """How precise a mention's place is: a located place, a governorate, a country."""
    return 3 if mention.lat is not None and mention.place_name else 2 if mention.admin1 else 1


def _claim_events(context: _Context) -> dict[str, list[ClaimKey]]:
    return claims_by_event(context.inputs, context.frame_event)


def claims_by_event(inputs: LinkInputs, frame_event: Mapping[MentionKey, str]) -> dict[str, list[ClaimKey]]:
    """Each event's claims: a claim belongs to the narrowest frame of its article it overlaps."""
    frames_by_article: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for mention in inputs.mentions:
        frames_by_article[mention.article_id].append((mention.position, *frame_span(mention)))
    found: dict[str, list[ClaimKey]] = defaultdict(list)
    for article_id, claims in inputs.claims.items():
        frames = frames_by_article.get(article_id, [])
        for position, claim in enumerate(claims):
            frame = narrowest_frame(claim.start, claim.end, frames)
            event_id = None if frame is None else frame_event.get((article_id, frame))
            if event_id is not None:
                found[event_id].append((article_id, position))
    return found


def frame_span(mention: EventMention) -> tuple[int, int]:
    """Where a mention read from the store has its frame in the article's text."""
    if mention.start is None or mention.end is None:
        raise ValueError(f"event mention {mention.key} has no frame span: not read from a store")
    return mention.start, mention.end


def narrowest_frame(start: int, end: int, frames: Sequence[tuple[int, int, int]]) -> int | None:
    """The position of the event frame a claim at [start, end) belongs to: the narrowest it overlaps, of
    `frames` given as (position, start, end).

    Frames nest (the main event's frame often spans the whole article), so the
    narrowest is the most specific event the sentence speaks of."""
    overlapping = [f for f in frames if f[1] < end and start < f[2]]
    return min(overlapping, key=lambda f: (f[2] - f[1], f[0]))[0] if overlapping else None


def _event_statements(
    context: _Context, members: list[EventMention], figure_rows: list[FigureRow],
    claim_event: Mapping[str, list[ClaimKey]], event_id: str,
) -> list[Statement]:
    """Who reports the event (each mention's first asserting claim, the claims giving its figures) and who denies it."""
    statements = []
    for mention in members:
        start, end = frame_span(mention)
        claims = context.inputs.claims[mention.article_id]
        lead = next((i for i, c in enumerate(claims) if c.kind in ASSERTING_KINDS and start < c.end and c.start < end),
                    None)
        if lead is None:
            statements.append(Statement(kind="reported", source_type=None, origin=context.origin(mention.article_id, None)))
        else:
            statements.append(context.statement(mention.article_id, lead))
    statements.extend(context.statement(a, f["claim_position"]) for a, f in figure_rows if f["claim_position"] is not None)
    for article_id, position in claim_event.get(event_id, []):
        statement = context.statement(article_id, position)
        if is_party_denial(statement):
            statements.append(statement)
    return statements


def _claim_group_members(groups: Sequence[Sequence[ClaimKey]], claims: Mapping[str, Sequence[Any]]) -> Iterator[list[ClaimKey]]:
    """Every claim in exactly one group: the first group naming it wins; the others stand alone, in store order.

    The lone claims are made one at a time: at 100,000 articles there are over a million of them."""
    placed: set[ClaimKey] = set()
    for group in groups:
        members = [key for key in dict.fromkeys((k[0], k[1]) for k in group)
                   if 0 <= key[1] < len(claims.get(key[0], ())) and key not in placed]
        placed.update(members)
        if members:
            yield members
    for article_id, found in claims.items():
        yield from ([(article_id, i)] for i in range(len(found)) if (article_id, i) not in placed)


def _add_claim_groups(rows: LinkRows, context: _Context, groups: Sequence[Sequence[ClaimKey]]) -> None:
    for members in _claim_group_members(groups, context.inputs.claims):
        members.sort(key=lambda key: (context.articles[key[0]].seq, key[1]))
        group_id = f"cg:{members[0][0]}:{members[0][1]}"
        ranges = reconcile(context.estimates(f for key in members for f in _claim_figures(context.inputs, key)))
        origins, grade = grade_statements(independent_statements((context.statement(*key) for key in members),
                                                                 context.parts),
                                          figures_contested=any(r.contested for r in ranges.values()))
        rows.add("claim_groups", {"id": group_id, "origins": origins, "corroboration": grade})
        for article_id, position in members:
            rows.add("claim_group_members", {"article_id": article_id, "claim_position": position,
                                             "group_id": group_id})


def _claim_figures(inputs: LinkInputs, key: ClaimKey) -> list[FigureRow]:
    """The figure rows of a claim, in position order (looked up per claim: an article has a few figures, and a
    dict of all claims' figures took 200 bytes a claim)."""
    article_id, position = key
    return [(article_id, row) for row in inputs.figures.get(article_id, ()) if row["claim_position"] == position]


def _add_stories(rows: LinkRows, context: _Context, events: list[StoryEvent]) -> None:
    articles = {a.id: StoryArticle(id=a.id, title=a.title, seq=a.seq) for a in context.inputs.articles}
    for story in group_stories(events, articles):
        rows.add("stories", {"id": story.id, "title": story.title, "first_date": story.first_date,
                             "last_date": story.last_date})
        for event_id in story.event_ids:
            rows.add("story_events", {"story_id": story.id, "event_id": event_id})
        for article_id in story.article_ids:
            rows.add("story_articles", {"story_id": story.id, "article_id": article_id})
