"""Casualty figures: counts of people killed, injured, missing, captured or displaced.

A number is a casualty figure only when the dependency parse ties it to a
casualty word: the noun it counts is a casualty noun ("25 dead", "the bodies
of 12"), a participle follows it ("200 to 300 injured"), or a walk up its
heads reaches a casualty verb ("were killed", "killing 25", "lost their
lives") or a toll ("the death toll rose to 45"). That rule, not a stop list,
is what keeps years, distances, unit sizes and indicted trolls out; a few
explicit checks (units, ages, dates) catch the rest.

Which figure is the article's main death toll is decided in `tolls`
(`main_death_toll` is re-exported here for callers that import it from this module).
"""

from __future__ import annotations

from typing import Any, Sequence

from crosswire.understand.quantities import QuantityMatch, find_quantities
from crosswire.understand.records import Figure, FigureCategory
from crosswire.understand.tolls import main_death_toll

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
# Verbs whose object is a population a place holds, not people an event struck.
_HOSTING_VERBS = frozenset(("host", "shelter", "house", "accommodate"))
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
# Counted nouns that are never people: "those killed in two attacks", "massacred dozens in three villages".
_NOT_PEOPLE = frozenset((
    "attack", "strike", "airstrike", "raid", "air", "bombing", "blast", "explosion", "bomb", "rocket", "shell",
    "missile", "mortar", "barrel", "round", "village", "town", "city", "neighbourhood", "neighborhood",
    "district", "area", "province", "region", "site", "location", "position", "building", "house", "home",
    "hospital", "school", "mosque", "market", "camp", "vehicle", "car", "tank", "truck", "bus", "side",
    "incident", "operation", "battle", "clash", "offensive", "wave", "occasion", "front",
))


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
    if anchor is not head and anchor.lemma_.lower() in _NOT_PEOPLE:
        return None
    if _hosted(anchor):
        return None
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


def _hosted(anchor: Token) -> bool:
    """A standing population, not what an event did: "(Idlib) is home to some 900000 displaced Syrians",
    "Turkey hosts 3.5 million refugees"."""
    noun = anchor
    while noun.dep_ in ("det", "nummod", "quantmod", "amod", "compound") and noun.head.i != noun.i:
        noun = noun.head
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "home":
        return True
    return noun.dep_ == "dobj" and head.lemma_.lower() in _HOSTING_VERBS


def _is_count(doc: Any, match: QuantityMatch, core: Token) -> bool:
    after = doc[match.end].lower_ if match.end < len(doc) else ""
    if after in ("-", "\u2013") and match.end + 1 < len(doc):
        after = doc[match.end + 1].lower_
    if after in _UNITS or after.endswith("-year-old"):
        return False
    if match.start > 0 and doc[match.start - 1].lower_ in _BEFORE_NOT_COUNT:
        return False
    if _is_page_counter(doc, match):
        return False
    if _is_date_part(doc, match):
        return False
    if core.ent_type_ in _NOT_COUNTS:
        # Datelines glued to the first sentence ("October 3 2016 21 Syrian fighters")
        # drag counts into DATE entities; a count of people is still a count.
        if core.dep_ == "nummod" and core.head.tag_ in ("NNS", "NNPS") and core.head.lower_ not in _UNITS:
            return True
        return after in _STATES or _noun_after(doc, match) is not None
    return True


def _is_page_counter(doc: Any, match: QuantityMatch) -> bool:
    """Share and view counts after page furniture: "Get short URL 0 612", "(updated 2139 ...)".

    The bare numbers right after the counter word are counters, except a last one that
    counts the noun after it: "Get short URL 0 85 12 Daesh terrorists were killed"."""
    before = match.start - 1
    while before >= 0 and doc[before].text.isdigit():
        before -= 1
    if before < 0 or doc[before].lower_ not in _PAGE_COUNTERS or not doc[match.start].text.isdigit():
        return False
    last = match.end >= len(doc) or not doc[match.end].text.isdigit()
    return not (last and before < match.start - 1 and _noun_after(doc, match) is not None)


def _noun_after(doc: Any, match: QuantityMatch) -> Token | None:
    """The plural noun right after a count ("21 Syrian moderate opposition fighters"), for
    counts the parser hung on a dateline before them."""
    for token in doc[match.end:match.end + 4]:
        if token.tag_ in ("NNS", "NNPS"):
            return None if token.lower_ in _UNITS else token
        if token.pos_ not in ("ADJ", "NOUN", "PROPN") or token.ent_type_ in _NOT_COUNTS:
            return None
    return None


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
    # Only glued tokens make a date: "16. Ten civilians" is a sentence end, not "16.10".
    joiner, other = index, index + step
    if not (0 <= min(joiner, other) and max(joiner, other) < len(doc)):
        return False
    before_joiner = joiner - 1 if step > 0 else other
    glued = before_joiner >= 0 and not doc[before_joiner].whitespace_ and not doc[joiner].whitespace_
    return glued and doc[joiner].text in ("-", "/", ".") and doc[other].text.isdigit()


def _span_head(span: Any) -> Token:
    for token in span:
        if not (span.start <= token.head.i < span.end) or token.head.i == token.i:
            return token
    return span.root


def _counted_noun(head: Token, match: QuantityMatch) -> Token | None:
    """The noun a count counts: "soldiers" in "200 soldiers", "fighters" in "hundreds of fighters"."""
    if head.head.i < match.start and head.head.ent_type_ == "DATE":
        return _noun_after(head.doc, match)  # "October 3 2016 21 Syrian fighters have been killed"
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
    category = (
        _local_category(anchor, match, doc) or _argument_category(anchor) or _walk_category(anchor)
        or _verb_before(doc, match)
    )
    if category == "killed" and _killed_and_injured(doc, match):
        return "casualties"
    return category


def _verb_before(doc: Any, match: QuantityMatch) -> FigureCategory | None:
    """The category of a casualty verb right before the count, when the parse lost the
    link: "an explosion ... killed at least 25 members of the Nusra Front ... said"."""
    verb = doc[match.start - 1] if match.start > 0 else None
    if verb is None or verb.tag_ not in ("VBD", "VBN", "VBG", "VBZ", "VBP", "VB"):
        return None
    return _VERBS.get(verb.lemma_.lower())


def _killed_and_injured(doc: Any, match: QuantityMatch) -> bool:
    """ "19 Killed and Injured", "killing and wounding dozens": dead and wounded in one count."""
    after = [token.lemma_.lower() for token in doc[match.end:match.end + 3]]
    before = [token.lemma_.lower() for token in doc[max(match.start - 3, 0):match.start]]
    return any(
        len(words) == 3 and words[1] == "and" and _VERBS.get(words[0]) in ("killed", "injured")
        and _VERBS.get(words[2]) in ("killed", "injured") and _VERBS.get(words[0]) != _VERBS.get(words[2])
        for words in (after, before)
    )


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
    # But in a headline's list "40 Civilians Killed 100 Injured" the next count has a
    # state of its own ("Injured"), so "Killed" is still about the civilians.
    doc = token.doc
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if following is None or not (following.like_num or following.lower_ in ("dozens", "scores", "hundreds")):
        return False
    return not (following.i + 1 < len(doc) and doc[following.i + 1].lower_ in _STATES)


def _walk_category(anchor: Token) -> FigureCategory | None:
    token = anchor
    for _ in range(_MAX_WALK):
        head = token.head
        if head.i == token.i or token.dep_ in ("agent", "nsubj") and head.lemma_.lower() in ("kill", "wound", "injure"):
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
        if head.lemma_.lower() in _HEDGE_HEADS and head.pos_ == "VERB" and head.i != anchor.i:
            return True
        for child in head.children:
            if child.lower_ in _HEDGE_CHILDREN and (child.lower_ not in ("may", "might", "could") or _has_have(head)):
                return True
    return False


def _has_have(verb: Token) -> bool:
    # "may have died" hedges a past event; "may be the deadliest" is not about the count.
    return any(child.lower_ in ("have", "'ve") for child in verb.children)
