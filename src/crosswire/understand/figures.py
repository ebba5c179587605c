"""Casualty figures: counts of people killed, injured, missing, captured or displaced.

A number is a casualty figure only when the dependency parse ties it to a
casualty word: the noun it counts is a casualty noun ("25 dead", "the bodies
of 12"), a participle follows it ("200 to 300 injured"), or a walk up its
heads reaches a casualty verb ("were killed", "killing 25", "lost their
lives") or a toll ("the death toll rose to 45"). That rule, not a stop list,
is what keeps years, distances, unit sizes and indicted trolls out; a few
explicit checks (units, ages, dates) catch the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from crosswire.understand.quantities import QuantityMatch, find_quantities, parse_quantity
from crosswire.understand.records import Figure, FigureCategory

__all__ = ["extract_figures", "main_death_toll"]

Token = Any  # spacy.tokens.Token; spaCy ships no type stubs mypy --strict accepts

_VERBS: dict[str, FigureCategory] = {
    **dict.fromkeys(
        ("kill", "die", "execute", "massacre", "slaughter", "murder", "behead", "assassinate",
         "perish", "slay", "martyr", "killing"), "killed"),
    **dict.fromkeys(("wound", "injure", "hurt", "maim", "injured", "wounded"), "injured"),
    **dict.fromkeys(("capture", "abduct", "kidnap", "detain", "arrest"), "captured"),
    **dict.fromkeys(("displace", "flee", "uproot"), "displaced"),
}
_NOUNS: dict[str, FigureCategory] = {
    **dict.fromkeys(
        ("dead", "death", "fatality", "body", "corpse", "martyr", "toll", "killing", "massacre", "execution", "murder"),
        "killed"),
    **dict.fromkeys(("wounded", "injured", "injury"), "injured"),
    **dict.fromkeys(("missing",), "missing"),
    **dict.fromkeys(("prisoner", "hostage", "captive", "detainee", "abductee"), "captured"),
    **dict.fromkeys(("refugee", "displaced", "evacuee"), "displaced"),
    **dict.fromkeys(("casualty", "casualties"), "casualties"),
}
# Words that, right after a count or as its predicate, say what happened to it.
_STATES: dict[str, FigureCategory] = {
    **dict.fromkeys(("killed", "dead", "died", "executed", "massacred", "slain", "martyred"), "killed"),
    **dict.fromkeys(("wounded", "injured", "hurt", "maimed"), "injured"),
    **dict.fromkeys(("missing",), "missing"),
    **dict.fromkeys(("captured", "abducted", "kidnapped", "detained", "arrested", "prisoner", "hostage"), "captured"),
    **dict.fromkeys(("displaced", "homeless"), "displaced"),
}
_TOLL_VERBS = frozenset(
    ("rise", "reach", "climb", "stand", "hit", "jump", "increase", "mount", "put", "bring", "raise",
     "exceed", "top", "be", "surpass", "soar", "estimate", "place", "go")
)
_LIVES = frozenset(("life", "lives"))
# Words a count is not of, when they follow it: "8 kilometers", "25-year-old".
_UNITS = frozenset((
    "km", "kilometers", "kilometres", "kilometer", "kilometre", "miles", "mile", "meters", "metres", "meter",
    "metre", "m", "feet", "foot", "yards", "percent", "per", "%", "years", "year", "months", "month", "days",
    "day", "hours", "hour", "minutes", "minute", "seconds", "weeks", "week", "tons", "tonnes", "kg",
    "kilograms", "dollars", "pounds", "euros", "usd", "hectares", "degrees", "times", "o'clock", "am", "pm",
    "a.m.", "p.m.", "mm", "cm", "acres", "decades", "centuries", "billion",
))
_BEFORE_NOT_COUNT = frozenset(("aged", "age", "ages", "$", "£", "€", "no", "no.", "number", "resolution", "page", "route"))
_MONTHS = frozenset((
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
))
_PAGE_COUNTERS = frozenset(("url", "views", "updated", "comments"))
_NOT_COUNTS = frozenset(("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"))
_HEDGE_CHILDREN = frozenset((
    "may", "might", "could", "reportedly", "possibly", "allegedly", "probably", "perhaps", "unconfirmed",
    "unverified", "alleged", "purportedly", "apparently", "likely",
))
_HEDGE_HEADS = frozenset(("fear", "allege", "rumour", "rumor", "believe", "suspect", "estimate"))
_INTRANSITIVE = frozenset(("die", "perish", "flee", "martyr"))
_PASS_VERBS = frozenset(("include", "number", "total"))
_MAX_WALK = 6
# Deaths over a whole war, not one event ("more than 280000 people have been killed").
_WAR_TOTAL = 10_000
_LEAD_FIGURES = 4
_LEAD_SENTENCES = 3
# Singular subjects of "killed" that are not one person.
_NOT_ONE = frozenset(("number", "toll", "group", "family", "army", "regime", "coalition", "state", "terrorism", "force"))
_UPDATE_CUES = ("rose to", "risen to", "climbed to", "increased to", "jumped to", "reached", "toll to", "up to")
_PART_CUES = ("including", "among", "of whom", "of them", "included")
_PART_GROUPS = frozenset((
    "children", "child", "kids", "women", "woman", "girls", "boys", "infants", "babies", "medics", "teachers",
    "doctors", "nurses", "paramedics", "journalists", "brothers", "siblings", "mother", "staff", "workers",
    "volunteers", "students", "pupils", "minors",
))
_WHOLE_GROUPS = frozenset(("people", "persons", "civilians", "others", "person"))


def extract_figures(doc: Any) -> tuple[Figure, ...]:
    """The casualty figures of `doc` (a parsed spaCy Doc), in text order."""
    words = [token.lower_ for token in doc]
    figures: list[Figure] = []
    for match in find_quantities(words):
        figure = _figure(doc, match)
        if figure is not None:
            figures.append(figure)
    return tuple(figures)


def _figure(doc: Any, match: QuantityMatch) -> Figure | None:
    span = doc[match.start:match.end]
    core = doc[match.core]
    if not _is_count(doc, match, core):
        return None
    head = _span_head(span)
    anchor = _counted_noun(head, match) or head
    category = _category(anchor, match, doc)
    if category is None:
        return None
    quantity = match.quantity
    return Figure(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        category=category,
        low=quantity.low,
        high=quantity.high,
        group=_group(anchor, match) if anchor is not head or anchor.i >= match.end else None,
        hedged=_hedged(anchor, match),
    )


def _is_count(doc: Any, match: QuantityMatch, core: Token) -> bool:
    after = doc[match.end].lower_ if match.end < len(doc) else ""
    if after in ("-", "\u2013") and match.end + 1 < len(doc):
        after = doc[match.end + 1].lower_
    if after in _UNITS or after.endswith("-year-old"):
        return False
    if match.start > 0 and doc[match.start - 1].lower_ in _BEFORE_NOT_COUNT:
        return False
    if any(token.lower_ in _PAGE_COUNTERS for token in doc[max(match.start - 3, 0):match.start]):
        return False  # "Get short URL 0 612", "(updated 2139 ...)"
    if _is_date_part(doc, match):
        return False
    if core.ent_type_ in _NOT_COUNTS:
        # Datelines glued to the first sentence ("October 3 2016 21 Syrian fighters")
        # drag counts into DATE entities; a count of people is still a count.
        return core.dep_ == "nummod" and core.head.tag_ in ("NNS", "NNPS") and core.head.lower_ not in _UNITS
    return True


def _is_date_part(doc: Any, match: QuantityMatch) -> bool:
    """Days and years of dates that NER missed (datelines without punctuation: "16 Apr 2017")."""
    before = doc[match.start - 1].lower_.rstrip(".") if match.start > 0 else ""
    after = doc[match.end].lower_.rstrip(".") if match.end < len(doc) else ""
    if before in _MONTHS or after in _MONTHS:
        return True
    if _joined_digits(doc, match.end, 1) or _joined_digits(doc, match.start - 1, -1):
        return True  # "25-12-2014", "10/09/2014"
    text = doc[match.start:match.end].text
    if not (text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2100):
        return False
    # A year, unless it counts the lower-case plural that follows ("1500 people").
    following = doc[match.end] if match.end < len(doc) else None
    return following is None or not (following.tag_ == "NNS" and following.text.islower())


def _joined_digits(doc: Any, index: int, step: int) -> bool:
    joiner, other = index, index + step
    return 0 <= min(joiner, other) and max(joiner, other) < len(doc) and doc[joiner].text in ("-", "/", ".") \
        and doc[other].text.isdigit()


def _span_head(span: Any) -> Token:
    for token in span:
        if not (span.start <= token.head.i < span.end) or token.head is token:
            return token
    return span.root


def _counted_noun(head: Token, match: QuantityMatch) -> Token | None:
    """The noun a count counts: "soldiers" in "200 soldiers", "fighters" in "hundreds of fighters"."""
    if head.dep_ in ("nummod", "quantmod", "amod", "compound", "nmod") and head.head.pos_ in ("NOUN", "PROPN", "ADJ"):
        noun = head.head
        while noun.dep_ == "compound" and noun.head.i > noun.i and noun.head.pos_ in ("NOUN", "PROPN"):
            noun = noun.head  # "a dozen aid workers": the count is of workers
        if noun.i >= match.end:
            return noun
    for child in head.rights:
        if child.lower_ == "of":
            objects = [grand for grand in child.children if grand.dep_ == "pobj"]
            if objects and objects[0].pos_ in ("NOUN", "PROPN", "ADJ"):
                return objects[0]
    return None


def _category(anchor: Token, match: QuantityMatch, doc: Any) -> FigureCategory | None:
    return _local_category(anchor, match, doc) or _argument_category(anchor) or _walk_category(anchor)


def _argument_category(anchor: Token) -> FigureCategory | None:
    """The category when the count is the one a casualty verb is about: "killed 30 people"."""
    verb = anchor.head
    category = _VERBS.get(verb.lemma_.lower()) if verb.pos_ == "VERB" else None
    if category is None or anchor.dep_ not in ("dobj", "nsubjpass", "nsubj"):
        return None
    if anchor.dep_ == "nsubj" and not _undergoes(verb):
        return None
    return category


def _undergoes(verb: Token) -> bool:
    # The subject of "died" undergoes it; the subject of "killed 30" does it, unless
    # a headline dropped the auxiliary ("43 killed in shelling": no object).
    if verb.lemma_.lower() in _INTRANSITIVE:
        return True
    return not any(child.dep_ in ("dobj", "obj") for child in verb.children)


def _local_category(anchor: Token, match: QuantityMatch, doc: Any) -> FigureCategory | None:
    if anchor.i >= match.end and anchor.lemma_.lower() in _NOUNS:
        return _NOUNS[anchor.lemma_.lower()]
    if anchor.i >= match.end and anchor.lower_ in _NOUNS:
        return _NOUNS[anchor.lower_]
    for child in anchor.children:
        if child.dep_ in ("acl", "amod", "relcl", "appos") and child.i > anchor.i and not _has_count_after(child):
            category = _STATES.get(child.lower_)
            if category is None and child.tag_ == "VBN" or child.dep_ == "relcl":
                category = _VERBS.get(child.lemma_.lower())
            if category is not None:
                return category
    following = max(anchor.i + 1, match.end)
    # "200 to 300 injured", and headlines the parser misreads: "6 Killed 12 Wounded".
    if following < len(doc) and doc[following].lower_ in _STATES and not _has_count_after(doc[following]):
        return _STATES[doc[following].lower_]
    return None


def _has_count_after(token: Token) -> bool:
    # "killed 30 people injured 90": "injured" has its own count and is not about "people".
    doc = token.doc
    return token.i + 1 < len(doc) and (doc[token.i + 1].like_num or doc[token.i + 1].lower_ in ("dozens", "scores", "hundreds"))


def _walk_category(anchor: Token) -> FigureCategory | None:
    token = anchor
    for _ in range(_MAX_WALK):
        head = token.head
        if head is token or token.dep_ in ("agent", "nsubj") and head.lemma_.lower() in ("kill", "wound", "injure"):
            return None
        found = _head_category(token, head)
        if found is not None:
            return found
        if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() not in _PASS_VERBS and token.dep_ != "conj":
            return None
        token = head
    return None


def _head_category(token: Token, head: Token) -> FigureCategory | None:
    lemma = head.lemma_.lower()
    if head.pos_ in ("VERB", "AUX"):
        if token.dep_ == "prep" and token.lower_ == "by":
            return None
        return _verb_category(head, lemma)
    if lemma in _NOUNS and (token.dep_ in ("prep", "appos", "npadvmod", "compound") or lemma == "toll"):
        return _NOUNS[lemma]
    if head.pos_ == "ADJ" and head.lower_ in _STATES:
        return _STATES[head.lower_]
    return None


def _verb_category(verb: Token, lemma: str) -> FigureCategory | None:
    if lemma in _VERBS or verb.lower_ in _STATES:
        return _VERBS.get(lemma) or _STATES[verb.lower_]
    children = list(verb.children)
    if lemma in ("lose", "claim", "take") and any(c.lower_ in _LIVES for c in children):
        return "killed"
    if lemma == "fall" and any(c.lemma_.lower() == "victim" for c in verb.subtree):
        return "killed"
    for child in children:
        if child.dep_ in ("xcomp", "oprd", "acomp", "prep") and child.lower_ in _STATES:
            return _STATES[child.lower_]
        if child.dep_ in ("xcomp", "oprd") and child.lemma_.lower() in _VERBS:
            return _VERBS[child.lemma_.lower()]
    if lemma in _TOLL_VERBS:
        return _toll_of(children)
    return None


def _toll_of(children: Sequence[Token]) -> FigureCategory | None:
    """The category of "the death toll" or "the number of dead" among a verb's arguments."""
    for child in children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.lemma_.lower() == "toll":
            return "casualties" if any(c.lemma_.lower() in ("casualty", "injury") for c in child.children) else "killed"
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.lemma_.lower() in ("number", "tally", "count"):
            for token in child.subtree:
                category = _STATES.get(token.lower_) or _NOUNS.get(token.lemma_.lower())
                if category is not None and token is not child:
                    return category
        if child.dep_ == "prep" and child.lower_ == "among":
            for token in child.subtree:
                if token.lemma_.lower() in _NOUNS or token.lower_ in _NOUNS:
                    return _NOUNS.get(token.lemma_.lower()) or _NOUNS[token.lower_]
    return None


def _group(anchor: Token, match: QuantityMatch) -> str | None:
    if anchor.i < match.end or anchor.lemma_.lower() in _NOUNS or anchor.lower_ in _NOUNS:
        return None
    doc = anchor.doc
    start = max(anchor.left_edge.i, match.end)
    while start < anchor.i and (doc[start].dep_ in ("det", "poss", "prep", "predet") or doc[start].lower_ in ("of", ",")):
        start += 1
    return str(doc[start:anchor.i + 1].text)


def _hedged(anchor: Token, match: QuantityMatch) -> bool:
    """Whether a hedge governs the figure: a cue among its heads or their children."""
    doc = anchor.doc
    if match.start > 0 and doc[match.start - 1].lower_ in _HEDGE_CHILDREN - {"may", "might", "could"}:
        return True  # "possibly 12 civilians"
    for head in [anchor, *anchor.ancestors]:
        if head.lemma_.lower() in _HEDGE_HEADS and head.pos_ == "VERB" and head is not anchor:
            return True
        for child in head.children:
            if child.lower_ in _HEDGE_CHILDREN and (child.lower_ not in ("may", "might", "could") or _has_have(head)):
                return True
    return False


def _has_have(verb: Token) -> bool:
    # "may have died" hedges a past event; "may be the deadliest" is not about the count.
    return any(child.lower_ in ("have", "'ve") for child in verb.children)


def main_death_toll(doc: Any, figures: Sequence[Figure]) -> int | None:
    """The number of dead of the article's main event, as FA-KES counts it.

    News leads with the main event: the first firm killed figure (not hedged,
    not vague, not a war-long total) is the toll, with three corrections. A
    lead that counts a part first ("Four children are among the 28 dead",
    "Ten children were among at least 48 people killed") gives the whole; a
    toll that the article updates ("the death toll rose to 24") gives the
    update; "X civilians and Y fighters" gives the sum.
    """
    candidates = _toll_candidates(doc, figures, hedged=False) or _toll_candidates(doc, figures, hedged=True)
    if not candidates:
        return _one_killed(doc)
    chosen = _whole_of(candidates, 0)
    updated = [i for i, c in enumerate(candidates[:_LEAD_FIGURES]) if c.updated and c.value > candidates[chosen].value]
    if updated:
        chosen = updated[0]
    return candidates[chosen].value + _added_part(doc, candidates, chosen)


@dataclass(frozen=True, slots=True)
class _Candidate:
    figure: Figure
    value: int
    sentence: int
    updated: bool


def _toll_candidates(doc: Any, figures: Sequence[Figure], *, hedged: bool) -> list[_Candidate]:
    sentence_of = {sent.start_char: number for number, sent in enumerate(doc.sents)}
    candidates: list[_Candidate] = []
    for figure in figures:
        if figure.category != "killed" or figure.hedged != hedged:
            continue
        value = _stated(figure)
        if value is None or value >= _WAR_TOTAL:
            continue
        span = doc.char_span(figure.start, figure.end, alignment_mode="expand")
        words = doc[max(span.start - 3, 0):span.start].text.lower()
        updated = any(cue in words for cue in _UPDATE_CUES)
        candidates.append(_Candidate(figure, value, sentence_of.get(span.sent.start_char, 0), updated))
    return candidates


def _one_killed(doc: Any) -> int | None:
    """1 when the lead reports one death with no number: "A girl was killed", "killing the Imam"."""
    for sentence in list(doc.sents)[:_LEAD_SENTENCES]:
        for token in sentence:
            if token.lemma_.lower() not in ("kill", "die") or token.pos_ != "VERB":
                continue
            for child in token.children:
                one = child.dep_ in ("nsubjpass", "dobj") or child.dep_ == "nsubj" and _undergoes(token)
                if one and child.tag_ in ("NN", "NNP") and child.lower_ not in _NOT_ONE:
                    return 1
    return None


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
    between = doc.text[first.figure.end:second.figure.start].lower()
    if len(between) > 40 or " and " not in f" {between} " or any(cue in between for cue in _PART_CUES):
        return 0
    if _group_word(second.figure) in _WHOLE_GROUPS or _group_word(first.figure) in _WHOLE_GROUPS:
        return 0
    if not (_civilian(first.figure) or _civilian(second.figure)):
        return 0  # "45 IS militants and 20 Kurdish fighters": two sides, two events
    return second.value


def _civilian(figure: Figure) -> bool:
    word = _group_word(figure)
    return word in _PART_GROUPS or word in ("civilians", "civilian", "residents", "people", "persons")


def _group_word(figure: Figure) -> str:
    return figure.group.split()[-1].lower() if figure.group else ""


def _stated(figure: Figure) -> int | None:
    quantity = parse_quantity(figure.text)
    return quantity.value if quantity is not None else None
