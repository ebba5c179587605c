"""The link stage: from each article's understanding to events, stories and grades across articles.

It reads every analysed article with its claims, figures and event frames,
calls the linkers (shared passages, provenance, independent origins, claim
alignment, event mentions), assesses the result (figure ranges, grades),
groups stories, and writes all of it in one transaction.

Relinking is all or nothing, the simplest approach that is always right: the
stage hashes its inputs (article ids, texts, copy links, analysis versions),
and when the hash and its own version match the last run it writes nothing;
otherwise it rebuilds every link table. Ids are derived from the earliest
mention, so a rebuild with one more article keeps the ids of what it does
not change.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from crosswire.assess.origins import assign_origins
from crosswire.link.stage_rows import build_rows
from crosswire.link.claims import align_claims
from crosswire.link.copies import find_shared_passages
from crosswire.link.events import link_event_mentions
from crosswire.link.provenance import provenance_edges
from crosswire.link.stage_inputs import LinkInputs, load_inputs
from crosswire.store import links as link_store
from crosswire.store import open_store
from crosswire.understand.stage import STAGE as UNDERSTAND_STAGE

STAGE = "link"
LINK_VERSION = "1"


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
    seconds: float = 0.0


def link(*, db: str) -> LinkReport:
    """Link and assess every analysed article of the store `db` (see the module docstring)."""
    started = time.perf_counter()
    engine = open_store(db)
    report = LinkReport()
    with engine.begin() as connection:
        inputs_hash, count = link_store.inputs_fingerprint(connection, understand_stage=UNDERSTAND_STAGE)
        last = link_store.last_run(connection, stage=STAGE)
        if last is not None and last["version"] == LINK_VERSION and last["inputs"] == inputs_hash:
            report.unchanged = True
            report.articles, report.events, report.stories = count, last["events"], last["stories"]
        else:
            inputs = load_inputs(connection, understand_stage=UNDERSTAND_STAGE)
            rows = _link_inputs(inputs, report)
            link_store.replace_links(
                connection, rows=rows, stage=STAGE, version=LINK_VERSION, inputs=inputs_hash, articles_linked=count
            )
    engine.dispose()
    report.seconds = time.perf_counter() - started
    return report


def _link_inputs(inputs: LinkInputs, report: LinkReport) -> link_store.LinkRows:
    """Call the linkers and assessors on `inputs`; count what they found into `report`."""
    passages = find_shared_passages(inputs.articles)
    edges = provenance_edges(inputs.articles, inputs.claims, passages)
    origins = assign_origins(inputs.articles, inputs.claims, edges)
    claim_groups = align_claims(inputs.claims, inputs.texts)
    groups = link_event_mentions(inputs.mentions, article_texts=inputs.texts)
    rows = build_rows(inputs, passages=passages, edges=edges, origins=origins, claim_groups=claim_groups,
                      event_groups=groups)
    tables = rows.tables
    report.articles = len(inputs.articles)
    report.mentions = len(inputs.mentions)
    report.events = len(tables["events"])
    report.events_across_articles = _spanning(tables["event_mentions"], "event_id")
    report.stories = len(tables["stories"])
    report.stories_across_articles = _spanning(tables["story_articles"], "story_id")
    report.shared_passages = len(tables["shared_passages"])
    report.provenance_edges = len(tables["provenance_edges"])
    report.origins = len({row["origin_key"] for row in tables["claim_origins"]})
    report.claim_groups_across_articles = _spanning(tables["claim_group_members"], "group_id")
    report.contested_events = sum(1 for row in tables["events"] if row["corroboration"] == "contested")
    report.denied_events = sum(1 for row in tables["events"] if row["corroboration"] == "denied")
    return rows


def _spanning(rows: list[dict[str, object]], key: str) -> int:
    """How many `key` values have rows from more than one article."""
    seen: dict[object, set[object]] = {}
    for row in rows:
        seen.setdefault(row[key], set()).add(row["article_id"])
    return sum(1 for articles in seen.values() if len(articles) > 1)
