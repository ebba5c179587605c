"""Token features for the attribution tagger, computed column-wise with numpy.

Building feature strings per token in Python cost more than the rest of the
understanding stage together; here every feature is a mix of spaCy's
integer attributes (`Doc.to_array`: string-store hashes, stable across runs
and machines) hashed into a fixed number of buckets, one column per feature
template. Training and prediction call the same function, so they cannot
disagree.

Templates: the token and its neighbours (word, POS, dependency), its head,
its children's labels, the dependency path up to the nearest verb and that
verb's lemma, the noun phrase it sits in, quote membership, which cue
lexicon its words belong to, what the rule finder made of it and of
its surroundings (source, cue, content or nothing), and which argument of
a cue (and how deep inside it) the token sits in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from crosswire.understand.cues import CueLexicon, default_lexicon
from crosswire.understand.quotes import quote_spans

U64 = npt.NDArray[np.uint64]
_MUL = np.uint64(0x9E3779B97F4A7C15)
_SHIFT = np.uint64(31)
_PATH_LIMIT = 5
_ARGUMENT_LIMIT = 10
_VERB_POS = ("VERB", "AUX")
_PHRASE_INTERNAL = (
    "compound amod det poss case nummod nmod appos punct cc conj pobj prep quantmod predet".split()
)
ROLE_CODES = {"O": 0, "S": 1, "C": 2, "T": 3}


def mix(*columns: U64 | int) -> U64:
    """A 64-bit hash of the columns, element-wise (wrapping multiply, xor-shift)."""
    arrays = [np.asarray(c, dtype=np.uint64) for c in columns]
    value = np.broadcast_to(np.uint64(0x2545F4914F6CDD1D), np.broadcast(*arrays).shape).copy()
    with np.errstate(over="ignore"):
        for column in arrays:
            value = (value ^ column) * _MUL
            value ^= value >> _SHIFT
    return value


@lru_cache(maxsize=4)
def _lexicon_hashes(lexicon: CueLexicon, strings: Any) -> tuple[U64, U64, U64]:
    def hashed(words: frozenset[str]) -> U64:
        return np.array(sorted(strings[w] for w in words if " " not in w), dtype=np.uint64)

    return hashed(lexicon.clause), hashed(lexicon.object), hashed(lexicon.noun)


@dataclass(frozen=True, slots=True)
class Parsed:
    """The per-token arrays of a Doc that the templates are made of (computed once per Doc)."""

    n: int
    head: npt.NDArray[np.int64]
    dep: U64
    pos: U64
    verb: npt.NDArray[np.int64]
    phrase: npt.NDArray[np.int64]
    sentence: npt.NDArray[np.int64]
    columns: list[tuple[U64, ...]]


def parse_columns(doc: Any, quotes: list[tuple[int, int]] | None = None) -> Parsed:
    """The parse-only feature columns of `doc` (`quotes`: its quote spans, if already known)."""
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, LOWER, POS, SENT_START, SHAPE, TAG

    n = len(doc)
    table = doc.to_array([LOWER, LEMMA, POS, TAG, DEP, SHAPE, ENT_IOB, ENT_TYPE, HEAD, IDX, SENT_START])
    lower, lemma, pos, tag, dep, shape = (table[:, k] for k in range(6))
    ent = mix(table[:, 6], table[:, 7])
    index = np.arange(n)
    head = index + table[:, 8].astype(np.int64)
    verbs = np.isin(pos, [_pos_id(p) for p in _VERB_POS])
    verb, path = _verb_paths(head, dep, verbs)
    phrase = _phrase_heads(head, dep, verbs, doc)
    lex = _lexicon_bits(lemma, doc)
    quote = _quote_flags(table[:, 9].astype(np.int64), quote_spans(doc.text) if quotes is None else quotes)
    kids = np.zeros(n, dtype=np.uint64)
    np.add.at(kids, head[head != index], mix(dep[head != index]))
    verb_lemma = np.where(verb >= 0, lemma[np.maximum(verb, 0)], np.uint64(7))
    verb_lex = lex[np.maximum(verb, 0)] * (verb >= 0)
    columns: list[tuple[U64, ...]] = [
        (np.zeros(n, dtype=np.uint64),), (lower,), (lemma,), (pos,), (tag,), (dep,), (shape,), (ent,),
        (lemma[head],), (pos[head],), (dep[head],), (dep, lemma[head]), (dep, pos[head]), (kids,),
        (lower, _shift(lower, -1)), (lower, _shift(lower, 1)), (pos, _shift(pos, -1)), (pos, _shift(pos, 1)),
        (path,), (verb_lemma,), (verb_lemma, dep), (quote,), (quote, pos),
        (dep[phrase], lemma[head[phrase]]), (dep[phrase],), (lemma[phrase],),
        (lex,), (verb_lex, path), (lex[head[phrase]], dep[phrase]), (lex[head], dep),
    ]
    for offset in (-3, -2, -1, 1, 2, 3):
        columns += [(_shift(lower, offset),), (_shift(pos, offset),)]
    for offset in (-2, -1, 1, 2):
        columns.append((_shift(dep, offset),))
    sentence = np.cumsum(table[:, 10].astype(np.int64) == 1)
    return Parsed(n, head, dep, pos, verb, phrase, sentence, columns)


def feature_matrix(
    doc: Any,
    roles: npt.NDArray[np.int64] | None,
    buckets: int,
    *,
    predicted: npt.NDArray[np.int64] | None = None,
    parsed: Parsed | None = None,
) -> npt.NDArray[np.int64]:
    """(tokens, templates) bucket indices.

    `roles` are the rule roles per token (ROLE_CODES), `predicted` a first
    tagging pass's labels coded the same way (O 0, source 1, cue 2): the
    second pass sees where the first put cues and sources around a token.
    Either may be None.
    """
    parsed = parsed or parse_columns(doc)
    if parsed.n == 0:
        return np.zeros((0, 0), dtype=np.int64)
    columns = list(parsed.columns)
    if roles is not None:
        columns += role_columns(parsed, roles)
    matrix = hashed_columns(columns, buckets, first=0)
    if predicted is None:
        return matrix
    return np.hstack([matrix, stacked_matrix(parsed, predicted, buckets, first=matrix.shape[1])])


def stacked_matrix(parsed: Parsed, predicted: npt.NDArray[np.int64], buckets: int, *, first: int) -> npt.NDArray[np.int64]:
    """The columns a later stage adds: the role templates over the previous stage's tags."""
    return hashed_columns(role_columns(parsed, predicted), buckets, first=first)


def hashed_columns(columns: list[tuple[U64, ...]], buckets: int, *, first: int) -> npt.NDArray[np.int64]:
    """Bucket of each template k over `columns[k]`: mix(first + k + 1000, *columns[k]) mod `buckets`.

    Templates with the same number of columns are hashed together as one
    (templates, tokens) array: the same values as calling `mix` per
    template, for a handful of numpy calls per Doc instead of a few hundred.
    """
    n = len(columns[0][0])
    hashed = np.empty((len(columns), n), dtype=np.uint64)
    by_arity: dict[int, list[int]] = {}
    for k, cols in enumerate(columns):
        by_arity.setdefault(len(cols), []).append(k)
    with np.errstate(over="ignore"):
        for arity, templates in by_arity.items():
            ids = np.array([first + k + 1000 for k in templates], dtype=np.uint64)[:, None]
            value = (np.uint64(0x2545F4914F6CDD1D) ^ ids) * _MUL
            value = np.broadcast_to(value ^ (value >> _SHIFT), (len(templates), n))
            for j in range(arity):
                part = np.stack([np.asarray(columns[k][j], dtype=np.uint64) for k in templates])
                value = (value ^ part) * _MUL
                value ^= value >> _SHIFT
            hashed[templates] = value
    return (hashed.T % np.uint64(buckets)).astype(np.int64)


def role_columns(parsed: Parsed, roles: npt.NDArray[np.int64]) -> list[tuple[U64, ...]]:
    """Templates over a role per token (the rules', or a previous stage's tags)."""
    return _role_columns(roles, parsed.head, parsed.dep, parsed.pos, parsed.verb, parsed.phrase, parsed.sentence)


def _role_columns(
    roles: npt.NDArray[np.int64], head: npt.NDArray[np.int64], dep: U64, pos: U64,
    verb: npt.NDArray[np.int64], phrase: npt.NDArray[np.int64], sentence: npt.NDArray[np.int64],
) -> list[tuple[U64, ...]]:
    r = roles.astype(np.uint64)
    verb_role = np.where(verb >= 0, r[np.maximum(verb, 0)], np.uint64(9))
    window = mix(_shift(r, -2), _shift(r, -1), r, _shift(r, 1), _shift(r, 2))
    bits = np.left_shift(np.uint64(1), r)
    starts = np.flatnonzero(np.r_[True, sentence[1:] != sentence[:-1]])
    in_sentence = np.repeat(np.bitwise_or.reduceat(bits, starts), np.diff(np.r_[starts, len(r)]))
    cue_side = _cue_side(roles, starts)
    argument, depth = argument_of_cue(roles, head)
    argument_dep = np.where(argument >= 0, dep[np.maximum(argument, 0)], np.uint64(11))
    argument_role = np.where(argument >= 0, r[np.maximum(argument, 0)], np.uint64(9))
    return [
        (r,), (r, pos), (r, dep), (window,), (_shift(r, -1),), (_shift(r, 1),),
        (r[head],), (r[head], dep), (verb_role,), (verb_role, dep), (in_sentence,),
        (r[phrase],), (r[phrase], r[head[phrase]]), (cue_side, r), (cue_side, pos), (cue_side, dep[phrase]),
        (argument_dep, argument_role), (argument_dep, dep), (argument_dep, pos, r),
        (depth, dep), (depth, r, argument_dep),
    ]


def argument_of_cue(roles: npt.NDArray[np.int64], head: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], U64]:
    """Per token: the cue's dependent whose subtree holds it (or -1), and how deep below that dependent it is.

    A source is the whole phrase under the cue's subject, appositions and
    relative clauses included ("Sanders, whose candidacy ... ,"): a word deep
    in such a clause learns from these which argument of which cue it
    belongs to and how far down (`_ARGUMENT_LIMIT` when no cue is above it).
    """
    n = len(head)
    current = np.arange(n)
    argument = np.full(n, -1, dtype=np.int64)
    depth = np.full(n, _ARGUMENT_LIMIT, dtype=np.uint64)
    is_cue = roles == ROLE_CODES["C"]
    active = ~is_cue
    for step in range(_ARGUMENT_LIMIT):
        parent = head[current]
        moved = parent != current
        found = active & moved & is_cue[parent]
        argument = np.where(found, current, argument)
        depth = np.where(found, np.uint64(step), depth)
        active &= moved & ~found
        if not active.any():
            break
        current = np.where(active, parent, current)
    return argument, depth


def _cue_side(roles: npt.NDArray[np.int64], starts: npt.NDArray[np.intp]) -> U64:
    """Per token: is there a rule cue before it / after it in its sentence (two bits)."""
    cues = np.cumsum(roles == ROLE_CODES["C"])
    ends = np.r_[starts[1:], len(roles)]
    sizes = np.diff(np.r_[starts, len(roles)])
    before_start = np.repeat(np.where(starts > 0, cues[np.maximum(starts - 1, 0)], 0), sizes)
    sentence_total = np.repeat(cues[ends - 1], sizes)
    before = (cues - (roles == ROLE_CODES["C"])) > before_start
    after = sentence_total > cues
    return np.asarray((before.astype(np.uint64) << np.uint64(1)) | after.astype(np.uint64), dtype=np.uint64)


def _pos_id(name: str) -> int:
    from spacy.parts_of_speech import IDS

    return int(IDS[name])


def _shift(column: U64, offset: int) -> U64:
    """column[i + offset], with an edge marker beyond the document."""
    out = np.full(len(column), np.uint64(0xED6E + offset + 10), dtype=np.uint64)
    if offset > 0:
        out[:-offset] = column[offset:]
    elif offset < 0:
        out[-offset:] = column[:offset]
    return out


def _verb_paths(
    head: npt.NDArray[np.int64], dep: U64, verbs: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.int64], U64]:
    """Nearest verb ancestor (or -1) and a hash of the dependency labels up to it."""
    n = len(head)
    current = np.arange(n)
    path = np.where(verbs, np.uint64(1), np.uint64(2))
    found = np.where(verbs, current, -1)
    active = ~verbs
    for _ in range(_PATH_LIMIT):
        path = np.where(active, mix(path, dep[current]), path)
        parent = head[current]
        rooted = active & (parent == current)
        path = np.where(rooted, mix(path, 3), path)
        active &= ~rooted
        current = np.where(active, parent, current)
        hit = active & verbs[current]
        found = np.where(hit, current, found)
        active &= ~hit
    path = np.where(active, mix(path, 4), path)
    return found, path


def _phrase_heads(head: npt.NDArray[np.int64], dep: U64, verbs: npt.NDArray[np.bool_], doc: Any) -> npt.NDArray[np.int64]:
    """The head of the noun phrase each token sits in ("the" -> "committee")."""
    internal = np.isin(dep, [doc.vocab.strings[d] for d in _PHRASE_INTERNAL])
    current = np.arange(len(head))
    for _ in range(_PATH_LIMIT):
        parent = head[current]
        move = internal[current] & (parent != current) & ~verbs[parent]
        if not move.any():
            break
        current = np.where(move, parent, current)
    return current


def _lexicon_bits(lemma: U64, doc: Any) -> U64:
    clause, obj, noun = _lexicon_hashes(default_lexicon(), doc.vocab.strings)
    bits = np.isin(lemma, clause).astype(np.uint64)
    bits |= np.isin(lemma, obj).astype(np.uint64) << np.uint64(1)
    bits |= np.isin(lemma, noun).astype(np.uint64) << np.uint64(2)
    return bits


def _quote_flags(starts: npt.NDArray[np.int64], quotes: list[tuple[int, int]]) -> U64:
    flags = np.zeros(len(starts), dtype=np.uint64)
    for start, end in quotes:
        flags[(starts >= start) & (starts < end)] = 1
    return flags
