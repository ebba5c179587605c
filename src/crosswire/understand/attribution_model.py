"""A small trained tagger for attribution sources and cues, on top of the rules.

The rule finder (`attribution.find_attributions`) misses sources whose cue no
rule knows: noun cues ("criticism from X"), multiword cues ("have been
endorsed by"), polls as sources. This module tags each token with BIO labels
for SOURCE and CUE using a linear model over hashed features of the spaCy
parse and of what the rules found around the token (attribution_features),
so the model learns when to trust the rules and where to add to them. A
second pass sees the first pass's tags too (a subject learns that its verb
was tagged a cue). The tags are decoded jointly (attribution_decode:
Viterbi under BIO constraints), so spans come out whole, and merged into
the rules' relations (attribution_merge). `find_attributions_with_model` is
what the product runs: claims are made from it and the PolNeAR evaluation
scores it.

Weights are plain numpy arrays in data/attribution_model.npz (no pickle),
trained by `crosswire.evaluate.train_attribution`; prediction needs numpy
only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from crosswire.understand.attribution import Attribution, find_attributions
from crosswire.understand.attribution_decode import decode, log_softmax
from crosswire.understand.attribution_features import ROLE_CODES, feature_matrix, parse_columns, stacked_matrix
from crosswire.understand.attribution_merge import merge
from crosswire.understand.cues import CLAIM_LEXICON, CueLexicon
from crosswire.understand.quotes import quote_spans

Span = tuple[int, int]
LABELS = ("O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE")
MODEL_PATH = Path(__file__).with_name("data") / "attribution_model.npz"
# The rules whose relations the model sees and merges into: the claims' lexicon
# (reporting verbs, no belief verbs), so that claims and the PolNeAR score
# come from the same relations and the rules run once per article.
RULE_LEXICON = CLAIM_LEXICON
_SOURCE_LABELS = [k for k, label in enumerate(LABELS) if label.endswith("SOURCE")]
# Weights smaller than this are stored as 0 (averaged SGD leaves many tiny ones).
_NEGLIGIBLE = 2e-3


@dataclass(frozen=True, slots=True)
class Stage:
    """One linear token classifier: score = sum of hashed feature rows + bias."""

    weights: npt.NDArray[np.float32]  # (buckets, labels)
    bias: npt.NDArray[np.float32]  # (labels,)


@dataclass(frozen=True, slots=True)
class AttributionModel:
    """Stacked tagging passes and the BIO transitions they are decoded with.

    The first stage sees the parse and the rules' roles; each later one
    also sees the tags the stage before it decoded (so a subject learns that
    its verb was tagged a cue).
    """

    stages: tuple[Stage, ...]
    use_rules: bool
    transitions: npt.NDArray[np.float32]  # (labels, labels) log P(next | previous)
    transition_weight: float = 0.0
    # Added to the SOURCE labels' log probabilities before decoding (every
    # stage): the fitted tagger is overconfident and leaves sources out
    # (recall well under precision), a prior is the one knob that trades
    # them. Chosen on held-out PolNeAR train (train_attribution.SOURCE_PRIOR).
    source_prior: float = 0.0

    @property
    def buckets(self) -> int:
        return int(self.stages[0].weights.shape[0])

    def save(self, path: Path) -> None:
        """Store as compressed npz with float16 weights, negligible ones zeroed, to stay under 5 MB."""
        arrays: dict[str, Any] = {
            "use_rules": np.array([int(self.use_rules)]),
            "transitions": self.transitions.astype(np.float32),
            "transition_weight": np.array([self.transition_weight], dtype=np.float32),
            "source_prior": np.array([self.source_prior], dtype=np.float32),
        }
        for k, stage in enumerate(self.stages):
            kept = np.where(np.abs(stage.weights) < _NEGLIGIBLE, 0.0, stage.weights)  # zeros compress
            arrays[f"weights{k}"] = kept.astype(np.float16)
            arrays[f"bias{k}"] = stage.bias.astype(np.float32)
        np.savez_compressed(path, **arrays)


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_PATH) -> AttributionModel:
    """The shipped model (loaded once; plain arrays, allow_pickle off)."""
    with np.load(path, allow_pickle=False) as data:
        count = sum(1 for name in data.files if name.startswith("weights"))
        stages = tuple(
            Stage(weights=data[f"weights{k}"].astype(np.float32), bias=data[f"bias{k}"].astype(np.float32))
            for k in range(count)
        )
        return AttributionModel(
            stages=stages,
            use_rules=bool(data["use_rules"][0]),
            transitions=data["transitions"].astype(np.float32),
            transition_weight=float(data["transition_weight"][0]),
            source_prior=float(data["source_prior"][0]) if "source_prior" in data.files else 0.0,
        )


def rule_roles(doc: Any, relations: Sequence[Attribution]) -> npt.NDArray[np.int64]:
    """Per token: the code (ROLE_CODES) of S (rule source), C (cue), T (content) or O."""
    starts, ends = _token_bounds(doc)
    roles = np.zeros(len(doc), dtype=np.int64)
    marks = [(span, "T") for r in relations for span in r.content]
    marks += [(r.cue, "C") for r in relations if r.cue is not None]
    marks += [(r.source, "S") for r in relations if r.source is not None]
    for (start, end), role in marks:  # later marks win: source over cue over content
        roles[(ends > start) & (starts < end)] = ROLE_CODES[role]
    return roles


def predict_tags(
    doc: Any,
    model: AttributionModel,
    relations: Sequence[Attribution] | None = None,
    *,
    quotes: list[Span] | None = None,
) -> list[str]:
    """The BIO label of every token of `doc`, decoded jointly, after the last stage."""
    roles = None
    if model.use_rules:
        roles = rule_roles(doc, relations if relations is not None else find_attributions(doc, lexicon=RULE_LEXICON))
    parsed = parse_columns(doc, quotes)
    if parsed.n == 0:
        return []
    indices = feature_matrix(doc, roles, model.buckets, parsed=parsed)
    best: list[int] = []
    for k, stage in enumerate(model.stages):
        if k:
            predicted = tag_codes([LABELS[j] for j in best])
            stacked = stacked_matrix(parsed, predicted, model.buckets, first=indices.shape[1])
            scores = summed_weights(stage.weights, indices) + summed_weights(stage.weights, stacked) + stage.bias
        else:
            scores = summed_weights(stage.weights, indices) + stage.bias
        emissions = log_softmax(np.asarray(scores, dtype=np.float32))
        if model.source_prior:
            emissions[:, _SOURCE_LABELS] += model.source_prior
        best = decode(emissions, model.transitions, weight=model.transition_weight, labels=LABELS)
    return [LABELS[k] for k in best]


def summed_weights(weights: npt.NDArray[np.float32], indices: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
    """weights[indices].sum(axis=1), through a flat `take`: a few times faster than 2-d fancy indexing."""
    rows, templates = indices.shape
    gathered = weights.take(indices.ravel(), axis=0).reshape(rows, templates, weights.shape[1])
    result: npt.NDArray[np.float32] = gathered.sum(axis=1)
    return result


def tag_codes(tags: Sequence[str]) -> npt.NDArray[np.int64]:
    """Tags as the role codes the features use (source 1, cue 2, else 0)."""
    codes = {"SOURCE": ROLE_CODES["S"], "CUE": ROLE_CODES["C"]}
    return np.array([codes.get(tag[2:], 0) for tag in tags], dtype=np.int64)


def tag_spans(doc: Any, tags: Sequence[str], role: str) -> list[Span]:
    """Character spans of runs of B-/I-`role` tags (a stray I- starts a span)."""
    starts, ends = _token_bounds(doc)
    spans: list[Span] = []
    previous = "O"
    for k, tag in enumerate(tags):
        if tag == f"I-{role}" and previous in (f"B-{role}", f"I-{role}") and spans:
            spans[-1] = (spans[-1][0], int(ends[k]))
        elif tag in (f"B-{role}", f"I-{role}"):
            spans.append((int(starts[k]), int(ends[k])))
        previous = tag
    return spans


def _token_bounds(doc: Any) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    from spacy.attrs import IDX, LENGTH

    table = doc.to_array([IDX, LENGTH]).astype(np.int64).reshape(-1, 2)
    return table[:, 0], table[:, 0] + table[:, 1]


def find_attributions_with_model(
    doc: Any, *, model: AttributionModel | None = None, lexicon: CueLexicon | None = None
) -> tuple[Attribution, ...]:
    """The product's attribution finder: rule relations merged with the model's tags (attribution_merge).

    `lexicon` defaults to the claims' one (RULE_LEXICON), which is also what
    the model's features saw in training; with another, the rules run twice.
    """
    lexicon = lexicon or RULE_LEXICON
    quotes = quote_spans(doc.text)
    relations = find_attributions(doc, lexicon=lexicon, quotes=quotes)
    seen = relations if lexicon is RULE_LEXICON else find_attributions(doc, lexicon=RULE_LEXICON, quotes=quotes)
    model = model or load_model()
    tags = predict_tags(doc, model, seen, quotes=quotes)
    merged = merge(doc, relations, tag_spans(doc, tags, "SOURCE"), tag_spans(doc, tags, "CUE"), quotes=quotes)
    return tuple(sorted(merged, key=lambda a: (a.cue or (a.content or (a.source or (0, 0),))[0])[0]))
