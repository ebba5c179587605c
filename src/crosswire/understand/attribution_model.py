"""A small trained tagger for attribution sources and cues, on top of the rules.

The rule finder (`attribution.find_attributions`) misses sources whose cue no
rule knows: noun cues ("criticism from X"), multiword cues ("have been
endorsed by"), polls as sources. This module tags each token with BIO labels
for SOURCE and CUE using a linear model over hashed features of the spaCy
parse (word, lemma, POS, dependency, head, the dependency path to the nearest
verb, quote membership, a window of neighbours) and of what the rules found
around the token, so the model learns when to trust the rules and where to
add to them.

Weights are a plain numpy array in data/attribution_model.npz (no pickle),
trained by `crosswire.evaluate.train_attribution`; prediction needs numpy
only. Features are hashed with CRC32 so that training and prediction agree
without shipping a vocabulary.
"""

from __future__ import annotations

import zlib

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from crosswire.understand.attribution import Attribution, find_attributions
from crosswire.understand.quotes import quote_spans

Span = tuple[int, int]
LABELS = ("O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE")
MODEL_PATH = Path(__file__).with_name("data") / "attribution_model.npz"
_VERBS = frozenset({"VERB", "AUX"})
_PATH_LIMIT = 5
_PHRASE_INTERNAL = frozenset({"compound", "amod", "det", "poss", "case", "nummod", "nmod", "appos", "punct", "cc", "conj", "pobj", "prep", "quantmod", "predet"})


@dataclass(frozen=True, slots=True)
class AttributionModel:
    """A linear token classifier: score = sum of hashed feature rows + bias."""

    weights: npt.NDArray[np.float32]  # (buckets, labels)
    bias: npt.NDArray[np.float32]  # (labels,)
    use_rules: bool

    @property
    def buckets(self) -> int:
        return int(self.weights.shape[0])

    def save(self, path: Path) -> None:
        """Store as compressed npz with float16 weights to stay well under 5 MB."""
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
            use_rules=np.array([int(self.use_rules)]),
        )


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_PATH) -> AttributionModel:
    """The shipped model (loaded once; plain arrays, allow_pickle off)."""
    with np.load(path, allow_pickle=False) as data:
        return AttributionModel(
            weights=data["weights"].astype(np.float32),
            bias=data["bias"].astype(np.float32),
            use_rules=bool(data["use_rules"][0]),
        )


def rule_roles(doc: Any, relations: Sequence[Attribution]) -> list[str]:
    """Per token: S (rule source), C (rule cue), T (rule content) or O."""
    roles = ["O"] * len(doc)
    marks = [(span, "T") for r in relations for span in r.content]
    marks += [(r.cue, "C") for r in relations if r.cue is not None]
    marks += [(r.source, "S") for r in relations if r.source is not None]
    for (start, end), role in marks:  # later marks win: source over cue over content
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            for token in span:
                roles[token.i] = role
    return roles


def token_features(doc: Any, roles: Sequence[str] | None) -> list[list[str]]:
    """String features per token; `roles` (from the rules) may be None."""
    in_quote = _quote_flags(doc)
    verb_info = [_verb_path(token) for token in doc]
    rows = []
    for token in doc:
        feats = _local(token, "")
        for offset in (-2, -1, 1, 2):
            j = token.i + offset
            if 0 <= j < len(doc):
                feats += [f"{offset}w={doc[j].lower_}", f"{offset}p={doc[j].pos_}", f"{offset}d={doc[j].dep_}"]
            else:
                feats.append(f"{offset}edge")
        path, verb = verb_info[token.i]
        verb_lemma = verb.lemma_.lower() if verb is not None else "-"
        feats += [f"path={path}", f"vl={verb_lemma}", f"vl|d={verb_lemma}|{token.dep_}", f"q={in_quote[token.i]}"]
        feats.append(f"p|-1p={token.pos_}|{doc[token.i - 1].pos_ if token.i else '-'}")
        phrase = _phrase_head(token)
        feats += [f"np={phrase.dep_}|{phrase.head.lemma_.lower()}", f"npd={phrase.dep_}", f"npl={phrase.lemma_.lower()}"]
        if roles is not None:
            feats += _rule_features(token, roles, verb)
            feats += [f"npr={roles[phrase.i]}", f"npr|hr={roles[phrase.i]}|{roles[phrase.head.i]}"]
        rows.append(feats)
    return rows


def _local(token: Any, prefix: str) -> list[str]:
    head = token.head
    shape = token.shape_[:4]
    return [
        "bias",
        f"{prefix}w={token.lower_}",
        f"{prefix}l={token.lemma_.lower()}",
        f"{prefix}p={token.pos_}",
        f"{prefix}t={token.tag_}",
        f"{prefix}d={token.dep_}",
        f"{prefix}s={shape}",
        f"{prefix}e={token.ent_iob_}{token.ent_type_}",
        f"{prefix}hl={head.lemma_.lower()}",
        f"{prefix}hp={head.pos_}",
        f"{prefix}d|hl={token.dep_}|{head.lemma_.lower()}",
        f"{prefix}d|hp={token.dep_}|{head.pos_}",
        f"{prefix}hd={head.dep_}",
        f"{prefix}kids=" + ",".join(sorted({child.dep_ for child in token.children})),
    ]


def _verb_path(token: Any) -> tuple[str, Any | None]:
    """Dependency labels from `token` up to its nearest verb ancestor."""
    if token.pos_ in _VERBS:
        return "SELF", token
    labels = []
    current = token
    for _ in range(_PATH_LIMIT):
        labels.append(current.dep_)
        if current.head is current:
            return ">".join(labels) + ">ROOT", None
        current = current.head
        if current.pos_ in _VERBS:
            return ">".join(labels), current
    return ">".join(labels) + ">FAR", None


def _phrase_head(token: Any) -> Any:
    """The head of the noun phrase `token` sits in ("the" -> "committee" in "the committee said")."""
    current = token
    for _ in range(_PATH_LIMIT):
        if current.dep_ not in _PHRASE_INTERNAL or current.head is current or current.head.pos_ in _VERBS:
            return current
        current = current.head
    return current


def _rule_features(token: Any, roles: Sequence[str], verb: Any | None) -> list[str]:
    i = token.i
    near = [roles[j] if 0 <= j < len(roles) else "-" for j in range(i - 2, i + 3)]
    head_role = roles[token.head.i]
    verb_role = roles[verb.i] if verb is not None else "-"
    sentence = token.sent
    in_sentence = set(roles[sentence.start : sentence.end])
    return [
        f"r={roles[i]}",
        f"r={roles[i]}|p={token.pos_}",
        f"r={roles[i]}|d={token.dep_}",
        "rwin=" + "".join(near),
        f"r-1={near[1]}",
        f"r+1={near[3]}",
        f"hr={head_role}",
        f"hr|d={head_role}|{token.dep_}",
        f"vr={verb_role}",
        f"vr|d={verb_role}|{token.dep_}",
        "sent=" + "".join(sorted(in_sentence)),
    ]


def _quote_flags(doc: Any) -> list[int]:
    flags = [0] * len(doc)
    for start, end in quote_spans(doc.text):
        span = doc.char_span(start, end, alignment_mode="contract")
        if span is not None:
            for token in span:
                flags[token.i] = 1
    return flags


def hash_features(rows: Sequence[Sequence[str]], buckets: int) -> list[list[int]]:
    """CRC32 bucket of every feature (stable across runs, unlike hash())."""
    return [[zlib.crc32(feature.encode("utf-8")) % buckets for feature in row] for row in rows]


def predict_tags(doc: Any, model: AttributionModel, relations: Sequence[Attribution] | None = None) -> list[str]:
    """The BIO label of every token of `doc`."""
    roles = None
    if model.use_rules:
        roles = rule_roles(doc, relations if relations is not None else find_attributions(doc))
    indices = hash_features(token_features(doc, roles), model.buckets)
    scores = np.stack([model.weights[row].sum(axis=0) for row in indices]) + model.bias if indices else None
    if scores is None:
        return []
    return [LABELS[k] for k in scores.argmax(axis=1)]


def tag_spans(doc: Any, tags: Sequence[str], role: str) -> list[Span]:
    """Character spans of runs of B-/I-`role` tags (a stray I- starts a span)."""
    spans: list[Span] = []
    previous = "O"
    for token, tag in zip(doc, tags, strict=True):
        if tag == f"I-{role}" and previous in (f"B-{role}", f"I-{role}") and spans:
            spans[-1] = (spans[-1][0], token.idx + len(token))
        elif tag in (f"B-{role}", f"I-{role}"):
            spans.append((token.idx, token.idx + len(token)))
        previous = tag
    return spans


def find_attributions_with_model(doc: Any, *, model: AttributionModel | None = None) -> tuple[Attribution, ...]:
    """The rule finder's relations with their sources as the model tags them.

    A rule source the model tags differently takes the model's span (or
    none, if the model rejects it); a model source that no rule relation
    holds goes to a sourceless rule relation of its sentence, else becomes
    a relation of its own, with the model's cue of that sentence and an
    empty content (kind "noun"): the rules' contents are kept unchanged.
    """
    relations = find_attributions(doc)
    model = model or load_model()
    tags = predict_tags(doc, model, relations)
    sources = tag_spans(doc, tags, "SOURCE")
    cues = tag_spans(doc, tags, "CUE")
    unused = list(sources)
    merged = []
    for relation in relations:
        source = relation.source
        if source is not None:
            hits = [s for s in sources if _overlaps(s, source)]
            source = (min(s[0] for s in hits), max(s[1] for s in hits)) if hits else None
            unused = [s for s in unused if s not in hits]
        merged.append(relation if source == relation.source else _with_source(relation, source))
    merged = _attach(doc, merged, unused, cues)
    return tuple(sorted(merged, key=lambda a: (a.cue or (a.content or (a.source or (0, 0),))[0])[0]))


def _attach(doc: Any, relations: list[Attribution], sources: list[Span], cues: list[Span]) -> list[Attribution]:
    """Give each leftover model source a relation of its sentence."""
    out = list(relations)
    for source in sources:
        sentence = doc.char_span(*source, alignment_mode="expand")
        bounds = (sentence.sent.start_char, sentence.sent.end_char) if sentence is not None else source
        slot = next(
            (k for k, r in enumerate(out) if r.source is None and r.cue is not None and _overlaps(r.cue, bounds)),
            None,
        )
        if slot is not None:
            out[slot] = _with_source(out[slot], source)
            continue
        cue = next((c for c in cues if _overlaps(c, bounds)), None)
        lemma = doc.text[cue[0] : cue[1]].lower() if cue is not None else ""
        out.append(Attribution(kind="noun", cue=cue, source=source, content=(), lemma=lemma))
    return out


def _with_source(relation: Attribution, source: Span | None) -> Attribution:
    return Attribution(
        kind=relation.kind,
        cue=relation.cue,
        source=source,
        content=relation.content,
        lemma=relation.lemma,
        cue_index=relation.cue_index,
    )


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]
