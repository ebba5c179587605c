"""The main death toll of an article: which of its killed figures FA-KES would record.

Rules come from error analysis on the FA-KES development split, kept to how
news reports tolls (headline and lead, parts and wholes, updates, sums of the
sides of one event), not to single articles. What they cannot learn: crowd
annotators sometimes record one incident of a multi-incident report ("30
regime soldiers and 39 rebel fighters" recorded as 30 in one copy of the
story and 39 in another).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from crosswire.understand.doc_text import doc_text
from crosswire.understand.quantities import parse_quantity
from crosswire.understand.records import Figure

__all__ = ["main_death_toll"]

Token = Any

# Deaths over a whole war, not one event ("more than 280000 people have been killed").
_WAR_TOTAL = 10_000
_LEAD_FIGURES = 4
_LEAD_SENTENCES = 3
# Sentences of a lead that states the toll (title and dateline are often glued to the first).
_LEAD_WITH_NUMBER = 2
# Singular subjects of "killed" that are not one person.
_NOT_ONE = frozenset(("number", "toll", "group", "family", "army", "regime", "coalition", "state", "terrorism", "force"))
_UPDATE_CUES = (
    "rose to", "risen to", "rise to", "rising to", "climbed to", "climb to", "increased to", "jumped to", "mounted to",
    "soared to", "reached", "toll to", "up to",
)
_UPDATE_WINDOW = 4
_PART_CUES = ("including", "among", "of whom", "of them", "included")
_PART_GROUPS = frozenset((
    "children", "child", "kids", "women", "woman", "girls", "boys", "infants", "babies", "medics", "teachers",
    "doctors", "nurses", "paramedics", "journalists", "brothers", "siblings", "mother", "staff", "workers",
    "volunteers", "students", "pupils", "minors",
))
_WHOLE_GROUPS = frozenset(("people", "persons", "civilians", "others", "person"))


def main_death_toll(doc: Any, figures: Sequence[Figure]) -> int | None:
    """The number of dead of the article's main event, as FA-KES counts it.

    News leads with the main event: the first stated killed figure (not vague,
    not a war-long total; hedged or not) is the toll, with corrections for how
    reports are written. A lead that names its victims without a number ("A
    child and a woman were killed") gives their count; a partitive "one of the
    commanders" gives way to the count that follows it; a lead that counts a
    part first ("Ten children were among at least 48 people killed") gives the
    whole; a lead without any number gives the largest count where the
    article first counts; a toll that the article updates ("the death toll
    rose to 24") gives the update; a rounded "more than 200" gives the exact
    count that follows it; "X civilians and Y fighters" gives the sum, and so
    does "the Emir and 34 of his comrades" (35).
    """
    candidates = _toll_candidates(doc, figures)
    victims = _named_victims(doc)
    if not candidates:
        return victims[1] if victims else None
    if victims is not None and victims[0] < candidates[0].sentence and candidates[0].sentence >= _LEAD_SENTENCES:
        return victims[1]  # the lead's victims, before any number about another event
    chosen = _whole_of(candidates, _past_partitive(candidates))
    chosen = _largest_after_lead(candidates, chosen)
    updated = [i for i, c in enumerate(candidates[:_LEAD_FIGURES]) if c.updated and c.value > candidates[chosen].value]
    if updated:
        chosen = updated[0]
    chosen = _refined(candidates, chosen)
    return candidates[chosen].value + _added_part(doc, candidates, chosen) + _leader_of(doc, candidates[chosen])


@dataclass(frozen=True, slots=True)
class _Candidate:
    figure: Figure
    value: int
    sentence: int
    updated: bool
    partitive: bool


def _toll_candidates(doc: Any, figures: Sequence[Figure]) -> list[_Candidate]:
    # Hedged figures count too: FA-KES records "reportedly killed 12" as 12, and a
    # hedge on the attacker ("believed to have been carried out by") is not on the count.
    sentence_of = {sent.start_char: number for number, sent in enumerate(doc.sents)}
    candidates: list[_Candidate] = []
    for figure in figures:
        if figure.category != "killed":
            continue
        value = _stated(figure)
        if value is None or value >= _WAR_TOTAL:
            continue
        span = doc.char_span(figure.start, figure.end, alignment_mode="expand")
        words = f" {doc[max(span.start - _UPDATE_WINDOW, span.sent.start):span.start].text.lower()} "
        updated = any(f" {cue} " in words for cue in _UPDATE_CUES)
        partitive = value == 1 and span.end < len(doc) and doc[span.end].lower_ == "of"
        candidates.append(_Candidate(figure, value, sentence_of.get(span.sent.start_char, 0), updated, partitive))
    return candidates


def _largest_after_lead(candidates: Sequence[_Candidate], chosen: int) -> int:
    """When the lead gives no number, the first count found later is often a detail
    ("three of them died in hospital") next to the toll ("At least 87 people died"): take
    the largest count of that sentence and the next."""
    first = candidates[chosen]
    if first.sentence < _LEAD_WITH_NUMBER:
        return chosen
    near = [i for i in range(chosen, len(candidates)) if candidates[i].sentence <= first.sentence + 1]
    return max(near, key=lambda i: (candidates[i].value, -i))


def _refined(candidates: Sequence[_Candidate], chosen: int) -> int:
    """A later exact count inside an open "more than 200" ("at least 213 people"): the
    headline rounds, the body counts."""
    first = candidates[chosen]
    if first.figure.high is not None or first.figure.low <= first.value:
        return chosen  # not "more than N"
    for index in range(chosen + 1, len(candidates)):
        later = candidates[index]
        if later.sentence > first.sentence + 2:
            break
        if first.figure.low <= later.value <= first.value * 1.5:
            return index
    return chosen


def _past_partitive(candidates: Sequence[_Candidate]) -> int:
    """Skip a lead "killed one of the commanders" when the next sentences count the dead."""
    first = candidates[0]
    if first.partitive and len(candidates) > 1 and candidates[1].sentence <= first.sentence + 1:
        return 1
    return 0


def _leader_of(doc: Any, candidate: _Candidate) -> int:
    """1 for the leader killed with his men: "the Emir and at least 34 of his comrades",
    "Ramadan al-Sabta alongside nine of his comrades"."""
    span = doc.char_span(candidate.figure.start, candidate.figure.end, alignment_mode="expand")
    after = [token.lower_ for token in doc[span.end:span.end + 2]]
    if after not in (["of", "his"], ["of", "her"]):
        return 0
    before = {token.lower_ for token in doc[max(span.sent.start, span.start - 12):span.start]}
    return 1 if before & {"and", "alongside", "with"} else 0


def _named_victims(doc: Any) -> tuple[int, int] | None:
    """(sentence, count) of victims the lead names without a number: "A girl was killed"
    is 1, "A child and a woman were killed" is 2, "killing the Imam" is 1."""
    for number, sentence in enumerate(list(doc.sents)[:_LEAD_SENTENCES]):
        for token in sentence:
            if token.pos_ != "VERB" or not _kills(token):
                continue
            for child in token.children:
                one = child.dep_ in ("nsubjpass", "dobj") or child.dep_ == "nsubj" and _undergoes(token)
                if one and _one_person(child):
                    others = [c for c in child.conjuncts if c.tag_ in ("NN", "NNP") and c.lower_ not in _NOT_ONE]
                    return number, 1 + len(others)
    return None


def _kills(verb: Token) -> bool:
    # "was killed", "died", and "left a child dead".
    lemma = verb.lemma_.lower()
    return lemma in ("kill", "die") or lemma == "leave" and any(
        child.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and child.lower_ == "dead" for child in verb.children
    )


def _one_person(token: Token) -> bool:
    # "a girl", "the Imam", "his son" or a named person; not a bare noun a misparse
    # made the subject ("ceasefire ... have been killed").
    if token.tag_ not in ("NN", "NNP") or token.lower_ in _NOT_ONE:
        return False
    if any(child.dep_ in ("nummod", "amod") and child.lower_ in ("many", "several") for child in token.children):
        return False
    determined = any(child.dep_ in ("det", "poss") for child in token.children)
    return determined or token.ent_type_ == "PERSON"


def _whole_of(candidates: Sequence[_Candidate], index: int) -> int:
    """The index of the count that contains candidate `index`, when the lead counts a part first."""
    first = candidates[index]
    part = _group_word(first.figure) in _PART_GROUPS
    for later_index in range(index + 1, min(index + _LEAD_FIGURES, len(candidates))):
        later = candidates[later_index]
        if later.sentence > first.sentence + 1 or later.value <= first.value:
            continue
        if part or (later.sentence == first.sentence and later.figure.start - first.figure.end < 80):
            if part or _joins_part(first, later):
                return later_index
    return index


def _joins_part(first: _Candidate, later: _Candidate) -> bool:
    return bool(first.figure.group) and later.sentence == first.sentence and _group_word(later.figure) in _WHOLE_GROUPS


def _added_part(doc: Any, candidates: Sequence[_Candidate], chosen: int) -> int:
    """The second count of "X civilians and Y fighters were killed", else 0."""
    if chosen + 1 >= len(candidates):
        return 0
    first, second = candidates[chosen], candidates[chosen + 1]
    if second.sentence != first.sentence or not first.figure.group or not second.figure.group:
        return 0
    between = doc_text(doc)[first.figure.end:second.figure.start].lower()
    # Headlines drop the "and": "Syria air strikes kill 10 children 5 women".
    listed = between.strip() == (first.figure.group or "").lower() and _plural(_group_word(first.figure))
    joined = listed or any(joiner in f" {between} " for joiner in (" and ", " as well as ", " along with "))
    if len(between) > 40 or not joined or any(cue in between for cue in _PART_CUES):
        return 0
    words = {_group_word(first.figure), _group_word(second.figure)}
    if words & _WHOLE_GROUPS - {"civilians"} or "civilians" in words and words & _PART_GROUPS:
        return 0  # "12 people and 3 children", "20 civilians and 5 children": a whole and its part
    if not (_civilian(first.figure) or _civilian(second.figure)):
        return 0  # "45 IS militants and 20 Kurdish fighters": two sides, two events
    return second.value


def _civilian(figure: Figure) -> bool:
    word = _group_word(figure)
    return word in _PART_GROUPS or word in ("civilians", "civilian", "residents", "people", "persons")


def _plural(word: str) -> bool:
    return word.endswith("s") or word in ("children", "people", "men", "women")


def _group_word(figure: Figure) -> str:
    return figure.group.split()[-1].lower() if figure.group else ""


def _stated(figure: Figure) -> int | None:
    quantity = parse_quantity(figure.text)
    return quantity.value if quantity is not None else None


def _undergoes(verb: Token) -> bool:
    if verb.lemma_.lower() in ("die", "perish"):
        return True
    return not any(child.dep_ in ("dobj", "obj") for child in verb.children)
