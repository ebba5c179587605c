"""Incremental linking: new articles are compared with the store, not the store with itself.

When the only change since the last link run is newly analysed articles,
the link stage calls `relink` instead of every linker:

- shared passages and provenance edges are found again only for the new
  articles and the stored ones they can change (`incremental_text.py`);
- event mentions and claims are grouped again only inside the connected
  components the new ones reach (`incremental_groups.py`); the other stored
  groups are kept;
- claim origins are assigned again for every claim (cheap, and a new
  earlier source changes the origins of every article copying from it).

The stage then builds the rows of every event, story, figure range and grade
from these groups, exactly as a full run does, and writes only the rows that
differ (`crosswire.store.link_updates`): an event no new article joined keeps
its row and id. Ids are those of a full run, derived from each group's
earliest member in ingest order, and new articles come last in that order, so
an event a new article joins keeps its id; an event made of two stored ones
takes the earlier one's id.

Anything else (a re-analysed article, a changed `copy_of`, another stage
version, a deleted article, no record of which articles were linked) makes
`new_articles` answer None, and the stage rebuilds everything, as
`crosswire link --full` does on demand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from crosswire.assess.origins import assign_origins
from crosswire.link.incremental_groups import regroup_claims, regroup_events
from crosswire.link.incremental_text import edges_to_refind, update_edges, update_passages
from crosswire.link.records import MentionKey, Origin, ProvenanceEdge, SharedPassage
from crosswire.link.stage_inputs import LinkInputs

ClaimKey = tuple[str, int]


@dataclass(slots=True)
class Linked:
    """What the linkers found, as the row builder takes it."""

    passages: list[SharedPassage]
    edges: list[ProvenanceEdge]
    origins: dict[ClaimKey, Origin]
    claim_groups: list[list[ClaimKey]]
    event_groups: list[list[MentionKey]]
    refound: int = 0  # articles whose passages or edges were found again


def new_articles(
    *, expected: Mapping[str, str], stored: Mapping[str, str], last_version: str | None, version: str
) -> set[str] | None:
    """The analysed articles not linked yet, or None when only a full rebuild is right.

    `expected` and `stored` map article ids to link markers: what each
    analysed article's marker would be now, and what the last runs recorded."""
    if last_version != version or not stored:
        return None
    if any(expected.get(article_id) != found for article_id, found in stored.items()):
        return None  # re-analysed, re-ingested or deleted since it was linked
    new = set(expected) - set(stored)
    return new or None


def relink(inputs: LinkInputs, *, new_ids: set[str], stored: Mapping[str, list[dict[str, Any]]]) -> Linked:
    """The linkers' output for all of `inputs`, recomputing only what `new_ids` can change."""
    old_passages = [_passage(row) for row in stored.get("shared_passages", [])]
    old_edges = _edges_by_article(stored.get("provenance_edges", []))
    passages, realigned = update_passages(inputs.articles, new_ids=new_ids, stored=old_passages)
    refind = edges_to_refind(inputs.articles, new_ids=new_ids, realigned=realigned,
                             passages=[*old_passages, *passages], stored=old_edges)
    edges = update_edges(inputs.articles, inputs.claims, passages, refind=refind, stored=old_edges)
    origins = assign_origins(inputs.articles, inputs.claims, edges)
    claim_groups = regroup_claims(inputs.claims, inputs.texts, new_ids=new_ids,
                                  stored=_groups(stored.get("claim_group_members", []), "group_id", "claim_position"))
    new_keys = {m.key for m in inputs.mentions if m.article_id in new_ids}
    event_groups = regroup_events(inputs.mentions, new_keys=new_keys, article_texts=inputs.texts,
                                  stored=_groups(stored.get("event_mentions", []), "event_id", "frame_position"))
    return Linked(passages, edges, origins, claim_groups, event_groups, refound=len(refind))


def _passage(row: Mapping[str, Any]) -> SharedPassage:
    return SharedPassage(article_id=row["article_id"], start=row["start"], end=row["end"],
                         origin_article_id=row["origin_article_id"], origin_start=row["origin_start"],
                         origin_end=row["origin_end"])


def _edges_by_article(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[ProvenanceEdge]]:
    found: dict[str, list[ProvenanceEdge]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r["article_id"], r["position"])):
        found[row["article_id"]].append(ProvenanceEdge(row["article_id"], row["kind"], row["target_name"],
                                                       row["target_article_id"], row["start"], row["end"]))
    return found


def _groups(rows: Sequence[Mapping[str, Any]], group: str, position: str) -> list[list[tuple[str, int]]]:
    """Stored groups (events, claim groups) as lists of (article id, position) keys."""
    found: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for row in rows:
        found[row[group]].append((row["article_id"], row[position]))
    return [sorted(keys) for _, keys in sorted(found.items())]
