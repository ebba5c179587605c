"""The link stage: from each article's understanding to events, stories and grades across articles.

It reads every analysed article with its claims, figures and event frames,
calls the linkers (event mentions, claim alignment, shared passages,
provenance, independent origins), assesses the result (figure ranges, grades),
groups stories, and writes all of it in one transaction.

The stage hashes its inputs (article ids, texts, copy links, analysis
versions), and when the hash and its own version match the last run it
writes nothing. When the only change is newly analysed articles, it links
incrementally (`crosswire.link.incremental`): the new articles are compared
with the stored ones, only the groups they reach are redone, and only rows
that differ are written. Otherwise, or with `full=True`, it rebuilds every
link table. Ids are derived from the earliest mention, so a rebuild with one
more article keeps the ids of what it does not change.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from crosswire.assess.origins import assign_origins
from crosswire.link.stage_rows import build_rows
from crosswire.link.stances import stance_rows
from crosswire.link.claims import align_claims
from crosswire.link.copies import find_shared_passages
from crosswire.link.events import link_event_mentions
from crosswire.link.incremental import Linked, new_articles, relink
from crosswire.link.provenance import provenance_edges
from crosswire.link.records import ClaimOrigins
from crosswire.link.stage_inputs import LinkInputs, load_inputs
from crosswire.link.substages import Substages, SubstageTiming
from crosswire.store import link_updates
from crosswire.store import links as link_store
from crosswire.store.links import column_values
from crosswire.store import open_store
from crosswire.understand.stage import STAGE as UNDERSTAND_STAGE

STAGE = "link"
LINK_VERSION = "7"  # 2: claim stances; 3: event date gate only between dates anchored near publication; 4: probable origins, split claimants, stories around a core; 5: stance model with cosines over every word and cue features; 6: stance refutation features and disagree x6, story titles with date precision; 7: reports about different people are less alike (participant penalty)


@dataclass(slots=True)
class LinkReport:
    articles: int = 0
    mentions: int = 0
    events: int = 0
    events_across_articles: int = 0  # events reported by more than one article
    stories: int = 0
    stories_across_articles: int = 0
    shared_passages: int = 0
    provenance_edges: int = 0
    origins: int = 0  # distinct independent origins of claims
    claim_groups_across_articles: int = 0
    contested_events: int = 0
    denied_events: int = 0
    unchanged: bool = False  # nothing new since the last run: nothing written
    incremental: bool = False  # only new articles were linked; only rows that differ were written
    new_articles: int = 0  # articles linked for the first time (incremental runs)
    rows_written: int = 0  # rows inserted, updated or deleted (incremental runs)
    seconds: float = 0.0
    timings: list[SubstageTiming] = field(default_factory=list)  # per substage, in the order they ran


def link(*, db: str, full: bool = False, on_step: Callable[[SubstageTiming], None] | None = None) -> LinkReport:
    """Link and assess every analysed article of the store `db` (see the module docstring);
    `full` rebuilds every link table even when only new articles came in; `on_step` is told each substage's
    time and memory as it ends (the report keeps them all in `timings`)."""
    started = time.perf_counter()
    engine = open_store(db)
    report = LinkReport()
    steps = Substages(report.timings, on_step=on_step)
    with engine.begin() as connection:
        with steps.step("fingerprint"):
            inputs_hash, count = link_store.inputs_fingerprint(connection, understand_stage=UNDERSTAND_STAGE)
        last = link_store.last_run(connection, stage=STAGE)
        if not full and last is not None and last["version"] == LINK_VERSION and last["inputs"] == inputs_hash:
            report.unchanged = True
            report.articles, report.events, report.stories = count, last["events"], last["stories"]
        else:
            with steps.step("markers"):
                expected = link_updates.expected_markers(connection, understand_stage=UNDERSTAND_STAGE,
                                                         link_version=LINK_VERSION)
                stored = link_updates.stored_markers(connection, stage=STAGE)
                new = None if full else new_articles(expected=expected, stored=stored, version=LINK_VERSION,
                                                     last_version=None if last is None else last["version"])
            with steps.step("load"):
                inputs = load_inputs(connection, understand_stage=UNDERSTAND_STAGE)
            if new is None:
                rows = _link_inputs(inputs, report, steps)
                with steps.step("write"):
                    link_store.replace_links(
                        connection, rows=rows, stage=STAGE, version=LINK_VERSION, inputs=inputs_hash,
                        articles_linked=count,
                    )
            else:
                with steps.step("relink"):
                    stored_rows = link_store.read_links(connection)
                    linked = relink(inputs, new_ids=new, stored=stored_rows)
                rows = _link_inputs(inputs, report, steps, linked=linked)
                with steps.step("write"):
                    written = link_updates.apply_link_rows(
                        connection, rows=rows, stored=stored_rows, stage=STAGE, version=LINK_VERSION,
                        inputs=inputs_hash, articles_linked=count,
                    )
                report.incremental, report.new_articles = True, len(new)
                report.rows_written = sum(written.values())
            with steps.step("mark linked"):
                markers = expected if new is None else {article_id: expected[article_id] for article_id in new}
                link_updates.mark_linked(connection, stage=STAGE, markers=markers, replace_all=new is None)
    engine.dispose()
    report.seconds = time.perf_counter() - started
    return report


def _link_inputs(
    inputs: LinkInputs, report: LinkReport, steps: Substages, *, linked: Linked | None = None
) -> link_store.LinkRows:
    """Call the linkers (unless `linked` holds their output) and assessors on `inputs`; count into `report`."""
    if linked is None:
        # The two linkers with the largest working memory first, on top of the inputs alone: each linker
        # reads only the inputs, so the order changes no output, and run after the others they also
        # carried those results (passages, edges, origins: about 240 MB at 100,000 articles).
        with steps.step("event linking"):
            event_groups = link_event_mentions(inputs.mentions, article_texts=inputs.texts)
        with steps.step("claim alignment"):
            claim_groups = align_claims(inputs.claims, inputs.texts)
        with steps.step("shared passages"):
            passages = find_shared_passages(inputs.articles)
        with steps.step("provenance"):
            edges = provenance_edges(inputs.articles, inputs.claims, passages)
        with steps.step("origins"):
            origins = ClaimOrigins(assign_origins(inputs.articles, inputs.claims, edges))
    else:
        passages, edges, claim_groups, event_groups = (linked.passages, linked.edges, linked.claim_groups,
                                                       linked.event_groups)
        origins = ClaimOrigins(linked.origins)
    rows = build_rows(inputs, passages=passages, edges=edges, origins=origins, claim_groups=claim_groups,
                      event_groups=event_groups, steps=steps)
    with steps.step("stances"):
        rows.tables["claim_stances"] = stance_rows(inputs, rows.tables)
    tables = rows.tables
    report.articles = len(inputs.articles)
    report.mentions = len(inputs.mentions)
    report.events = len(tables["events"])
    report.events_across_articles = _spanning(tables["event_mentions"], "event_id")
    report.stories = len(tables["stories"])
    report.stories_across_articles = _spanning(tables["story_articles"], "story_id")
    report.shared_passages = len(tables["shared_passages"])
    report.provenance_edges = len(tables["provenance_edges"])
    report.origins = len(set(column_values(tables["claim_origins"], "origin_key")))
    report.claim_groups_across_articles = _spanning(tables["claim_group_members"], "group_id")
    grades = Counter(column_values(tables["events"], "corroboration"))
    report.contested_events, report.denied_events = grades["contested"], grades["denied"]
    return rows


def _spanning(rows: Sequence[Mapping[str, Any]], key: str) -> int:
    """How many `key` values have rows from more than one article."""
    first: dict[object, object] = {}
    spanning: set[object] = set()
    for value, article_id in zip(column_values(rows, key), column_values(rows, "article_id")):
        if first.setdefault(value, article_id) != article_id:
            spanning.add(value)
    return len(spanning)
