"""Fixed attribution phrases whose cue spans several words.

"declined to comment on X" reports a refusal to speak (not a denial), and
"put the death toll at about 100" gives a figure on someone's word; the
parser sees neither as a reporting verb with a clausal complement.
"""

from __future__ import annotations

from typing import Any

_REFUSALS = frozenset({"decline", "refuse"})
_SPEAKING = frozenset({"comment", "respond", "discuss", "elaborate", "confirm", "say", "answer", "speculate"})
_COUNT_NOUNS = frozenset({"toll", "figure", "number", "count", "tally", "estimate", "casualty", "total"})

# (cue tokens, content tokens)
Idiom = tuple[list[Any], list[Any]]


def no_comment(verb: Any) -> Idiom | None:
    """ "declined to comment on reports of Russian casualties": cue "declined to comment"."""
    if verb.lemma_.lower() not in _REFUSALS:
        return None
    for child in verb.children:
        if child.dep_ == "xcomp" and child.lemma_.lower() in _SPEAKING:
            cue = [t for t in verb.doc[verb.i : child.i + 1]]
            content = [t for c in child.children if c.dep_ in ("prep", "dobj", "ccomp") for t in c.subtree]
            return cue, sorted(content, key=lambda t: t.i)
    return None


def put_figure_at(verb: Any) -> Idiom | None:
    """ "put the death toll at about 100, with 200 to 300 injured": cue "put the death toll at"."""
    if verb.lemma_.lower() != "put":
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _COUNT_NOUNS]
    places = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "at"]
    if not objects or not places:
        return None
    at = places[0]
    cue = list(verb.doc[verb.i : at.i + 1])
    content = [t for c in verb.children if c.i > at.i and c.dep_ != "punct" for t in c.subtree]
    content = [t for c in at.children for t in c.subtree] + content
    return cue, sorted(content, key=lambda t: t.i)
