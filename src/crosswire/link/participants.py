"""The person an article is about, so that look-alike events stay apart.

Two reports of "a Chargers player arrested for drink-driving" or "a navy
ship fights off pirates" share nearly all their words; what tells the two
events apart is who they happened to (Jackson or Williams). An article's
salient person is the surname spaCy tags as PERSON most often in it, at
least `MIN_MENTIONS` times and `MIN_LEAD` more often than the next one, and
written out in full (first name and surname) at least once: a looser rule
(two mentions, any lead) also caught quoted officials and split reports of
one event (ECB+ random 10-topic B-cubed F1 0.907 -> 0.900), and one-word
"persons" are mostly the small model's mistakes (teams, cables, nicknames:
"Jags", "SEACOM", "LiLo"; same-event conflicts in ECB+ topics 35 -> 8).
Two articles' persons conflict when each has one, they differ, and neither
names the other's person at all, so a report that mentions the other man
in passing never counts against (`event_similarity.pair_score`).
Organisations and products were tried too: spaCy's small model tags too
many surnames and teams as organisations for them to add anything.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

MIN_MENTIONS = 3
MIN_LEAD = 2
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


@dataclass(frozen=True, slots=True)
class Participants:
    person: str | None  # the salient person's surname, lower-cased
    persons: tuple[str, ...]  # every person surname the article names, sorted


def surname(name: str) -> str | None:
    """The last word of a person's name, lower-cased, without a possessive ("Vincent Jackson's" -> "jackson")."""
    words = _WORD.findall(name)
    if not words:
        return None
    return re.sub(r"['’]s$", "", words[-1]).rstrip(".").lower() or None


def participants(entities: Iterable[tuple[str, str]]) -> Participants:
    """The salient person of an article from its spaCy entities, given as (label, text)."""
    people = [text for label, text in entities if label == "PERSON"]
    names = [(s, len(_WORD.findall(text)) > 1) for text in people if (s := surname(text))]  # (surname, in full)
    counts = Counter(s for s, _ in names)
    top = counts.most_common(2)
    salient = None
    if top and top[0][1] >= MIN_MENTIONS and (len(top) == 1 or top[0][1] >= top[1][1] + MIN_LEAD):
        salient = top[0][0] if (top[0][0], True) in names else None
    return Participants(salient, tuple(sorted(counts)))


def persons_conflict(person_a: str | None, persons_a: tuple[str, ...], person_b: str | None,
                     persons_b: tuple[str, ...]) -> bool:
    """Both have a salient person, and neither article names the other's."""
    return (person_a is not None and person_b is not None and person_a != person_b
            and person_a not in persons_b and person_b not in persons_a)
