"""Corroboration grades for events and claims.

A grade says how far an analyst can lean on a record, from the independent
origins behind it (outlets relaying one report's claimant are one origin)
and from what parties say against it. One of:

- "denied": a party (a named person, organisation or government, not an
  anonymous source or an outlet) denies it, and at most one independent
  origin asserts it: the assertion stands alone against the denial;
- "contested": a party denies it but two or more independent origins assert
  it, or independent origins give figures that cannot all be right
  (disjoint ranges, see `crosswire.assess.ranges`);
- "corroborated": two or more independent origins assert it;
- "single-source": one origin asserts it.

The order above is the precedence: a denial or a contradiction is what an
analyst must see first, so it outranks corroboration. Opinions, speculation
and questions assert nothing and count as no origin.

For the Deir ez-Zor attack of 7 February 2018: Bloomberg's sources, the
blogs' own reporting and the Washington Post's sources are several origins,
the killed figures disagree ("more than 200" against "about 100") and
Russia's military denies involvement, so the event is "contested".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal

Grade = Literal["single-source", "corroborated", "contested", "denied"]

ASSERTING_KINDS = frozenset({"reported", "attributed"})
_PARTY_TYPES = frozenset({"person", "organisation", "government"})


@dataclass(frozen=True, slots=True)
class Statement:
    """A claim as the grader sees it: its kind, who says it and its independent origin."""

    kind: str
    source_type: str | None
    origin: str


def is_party_denial(statement: Statement) -> bool:
    """A denial by someone with a stake who can be named: not an anonymous source, not an outlet."""
    return statement.kind == "denial" and statement.source_type in _PARTY_TYPES


def asserting_origins(statements: Iterable[Statement]) -> set[str]:
    """The independent origins that assert something (reporting or attributed claims)."""
    return {s.origin for s in statements if s.kind in ASSERTING_KINDS}


def grade(*, asserting: int, denied: bool, figures_contested: bool = False) -> Grade:
    """The grade from the number of asserting origins, a party's denial and figure disagreement."""
    if denied:
        return "denied" if asserting <= 1 else "contested"
    if figures_contested:
        return "contested"
    return "corroborated" if asserting >= 2 else "single-source"


def grade_statements(statements: Iterable[Statement], *, figures_contested: bool = False) -> tuple[int, Grade]:
    """(asserting origins, grade) of an event's or a claim group's statements.

    A group made only of denials is graded as what it is: the denying
    parties' own statement, asserted by their origins."""
    found = list(statements)
    denials = [s for s in found if is_party_denial(s)]
    asserting = asserting_origins(found)
    if denials and not asserting:
        origins = len({s.origin for s in denials})
        return origins, grade(asserting=origins, denied=False, figures_contested=figures_contested)
    return len(asserting), grade(asserting=len(asserting), denied=bool(denials), figures_contested=figures_contested)
