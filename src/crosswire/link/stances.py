"""How each article of an event stands toward the event's key claims.

Claim alignment (link/claims.py) only finds articles that repeat a claim in
similar words; an article that contradicts it in other words, or discusses
it without taking it up, is invisible to it. For every event reported by more
than one article, this asks the FNC-1 stance model (link/stance.py) how each
other article of the event stands toward each key claim: agree, disagree,
discuss or unrelated. Key claims are those that give a casualty figure and
the denials, one per claim group (its first member), at most
`MAX_CLAIMS_PER_EVENT` per event, so the cost is bounded by event sizes, not
by the store.

The model was trained on FNC-1 headlines against whole bodies; here the
"headline" is the claim's attributed content (or its sentence). It is a weak
signal on other kinds of text and is stored as what the model said, with its
probabilities, never as a fact.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterator, Mapping, Sequence

from crosswire.link.stage_inputs import LinkInputs
from crosswire.link.stage_rows import claims_by_event
from crosswire.link.stance import LABELS, StanceModel, load_stance_model
from crosswire.store.links import TableRows, column_values
from crosswire.understand.records import Claim

MAX_CLAIMS_PER_EVENT = 12
MAX_BODY_CHARS = 8_000  # FNC-1 bodies are news articles of this order; the lead carries the stance
_KEY_KINDS = frozenset({"reported", "attributed", "denial"})

ClaimKey = tuple[str, int]


def stance_rows(
    inputs: LinkInputs, tables: Mapping[str, Sequence[dict[str, Any]]], *, model: StanceModel | None = None
) -> Sequence[dict[str, Any]]:
    """`claim_stances` rows: (claim group, article) -> the model's label and probabilities (x1000)."""
    questions = _questions(inputs, tables)
    if not questions:
        return []
    model = model or load_stance_model()
    rows = TableRows()  # by column: a dict per row is 272 bytes (350,000 rows at 100,000 articles)
    # A batch of questions at a time: every question holds its own copy of its article's body (up to 8,000
    # characters), about 1 GB for the 300,000 questions of 100,000 articles. The model reads a fixed number
    # of pairs at a time, each pair on its own; batches are a multiple of it, so the answers are the same.
    for start in range(0, len(questions), _QUESTIONS_AT_ONCE):
        batch = questions[start : start + _QUESTIONS_AT_ONCE]
        pairs = [(_claim_text(inputs, key), inputs.texts[article_id][:MAX_BODY_CHARS]) for _, key, article_id in batch]
        for (group_id, _, article_id), result in zip(batch, model.predict(pairs)):
            row: dict[str, Any] = {"group_id": group_id, "article_id": article_id, "stance": result.label}
            row.update({label: round(result.probabilities[label] * 1000) for label in LABELS})
            rows.append(row)
    return rows


_QUESTIONS_AT_ONCE = 4096  # a multiple of the pairs the model encodes at once (stance._CHUNK)


def _questions(inputs: LinkInputs, tables: Mapping[str, Sequence[dict[str, Any]]]) -> list[tuple[str, ClaimKey, str]]:
    """(group id, the claim asked about, article asked) for every event spanning several articles."""
    event_of_frame = {(row["article_id"], row["frame_position"]): row["event_id"] for row in tables["event_mentions"]}
    articles_of_event: dict[str, list[str]] = defaultdict(list)
    for row in tables["event_mentions"]:
        if row["article_id"] not in articles_of_event[row["event_id"]]:
            articles_of_event[row["event_id"]].append(row["article_id"])
    key_claims = sorted(_key_claims(inputs, event_of_frame).items())
    # Only the key claims' groups and their members: a dict entry per claim (~100 bytes with its key) and a
    # set per claim group (216 bytes; lone claims are groups too) came to some 400 MB for the 1.4 million
    # claims of 100,000 articles, held while the model ran.
    wanted = {key for _, claims in key_claims for key in claims}
    group_of = {key: group_id for key, group_id in _memberships(tables["claim_group_members"]) if key in wanted}
    asked_groups = set(group_of.values())
    members: dict[str, set[str]] = defaultdict(set)
    for (article_id, _), group in _memberships(tables["claim_group_members"]):
        if group in asked_groups:
            members[group].add(article_id)
    questions: list[tuple[str, ClaimKey, str]] = []
    put: set[tuple[str, str]] = set()
    for event_id, claims in key_claims:
        event_articles = articles_of_event[event_id]
        if len(event_articles) < 2:
            continue
        asked: set[str] = set()
        for key in claims:
            group_id = group_of.get(key)
            if group_id is None or group_id in asked or len(asked) >= MAX_CLAIMS_PER_EVENT:
                continue
            asked.add(group_id)
            for article_id in event_articles:
                if article_id not in members[group_id] and (group_id, article_id) not in put:
                    put.add((group_id, article_id))  # a claim group can reach an article through two events
                    questions.append((group_id, key, article_id))
    return questions


def _memberships(rows: Sequence[dict[str, Any]]) -> Iterator[tuple[ClaimKey, str]]:
    """((article id, claim position), group id) of `claim_group_members` rows, read by column when stored so."""
    articles, positions = column_values(rows, "article_id"), column_values(rows, "claim_position")
    return zip(zip(articles, positions), column_values(rows, "group_id"))


def _key_claims(inputs: LinkInputs, event_of_frame: Mapping[tuple[str, int], str]) -> dict[str, list[ClaimKey]]:
    """Each event's claims that give a figure or deny, in article and text order."""
    with_figures = {
        (article_id, row["claim_position"])
        for article_id, rows in inputs.figures.items() for row in rows if row["claim_position"] is not None
    }
    return {
        event_id: [key for key in sorted(keys) if _is_key(inputs.claims[key[0]][key[1]], key in with_figures)]
        for event_id, keys in claims_by_event(inputs, event_of_frame).items()
    }


def _is_key(claim: Claim, gives_figure: bool) -> bool:
    return claim.kind in _KEY_KINDS and (gives_figure or claim.kind == "denial")


def _claim_text(inputs: LinkInputs, key: ClaimKey) -> str:
    claim = inputs.claims[key[0]][key[1]]
    if claim.content_start is not None and claim.content_end is not None:
        content = inputs.texts[key[0]][claim.content_start : claim.content_end]
        if len(content.split()) >= 4:
            return content
    return claim.text
