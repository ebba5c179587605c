"""Train the attribution source/cue tagger on PolNeAR train.

    .venv/bin/python -m crosswire.evaluate.train_attribution ../shared/data/polnear/train

Reads the first annotator's .ann per article (as the PolNeAR scorer does),
labels each spaCy token with BIO tags for SOURCE and CUE, fits a linear
classifier (scikit-learn SGD, logistic loss, fixed seed: reproducible) on
hashed features, and writes the weights as numpy arrays to
understand/data/attribution_model.npz. scikit-learn is needed only here;
prediction needs numpy alone. `--cache FILE.spacy` reuses parsed Docs
(spaCy DocBin) because parsing the 840 train articles takes minutes.
"""

from __future__ import annotations

import argparse
import time

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from crosswire.evaluate.polnear import GoldArticle, RoleCounts, characters, load_split, relation_spans
from crosswire.understand.attribution import find_attributions
from crosswire.understand.attribution_model import (
    LABELS,
    MODEL_PATH,
    AttributionModel,
    hash_features,
    rule_roles,
    token_features,
)

DEFAULT_BUCKETS = 1 << 18


def parse(articles: Sequence[GoldArticle], cache: Path | None) -> list[Any]:
    """spaCy Docs of the articles, from/to a DocBin cache when given."""
    from spacy.tokens import DocBin

    from crosswire.understand.nlp import load_pipeline

    nlp = load_pipeline()
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == [a.text for a in articles]:
            return docs
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    if cache is not None:
        DocBin(docs=docs).to_disk(cache)
    return docs


def gold_tags(doc: Any, article: GoldArticle) -> list[str]:
    """BIO label per token: a token inside a gold source (cue) span is SOURCE (CUE)."""
    tags = ["O"] * len(doc)
    for role, name in (("source", "SOURCE"), ("cue", "CUE")):
        for start, end in article.spans[role]:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            for k, token in enumerate(span):
                if not token.is_space:
                    tags[token.i] = f"{'B' if k == 0 else 'I'}-{name}"
    return tags


def design(docs: Sequence[Any], *, use_rules: bool, buckets: int) -> list[list[int]]:
    """Hashed feature indices of every token of every doc, in order."""
    rows: list[list[int]] = []
    for doc in docs:
        roles = rule_roles(doc, find_attributions(doc)) if use_rules else None
        rows.extend(hash_features(token_features(doc, roles), buckets))
    return rows


def fit(rows: list[list[int]], labels: list[str], *, buckets: int, use_rules: bool) -> AttributionModel:
    """Logistic-loss SGD, one-vs-rest, exported as dense weight columns."""
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
    from sklearn.linear_model import SGDClassifier  # type: ignore[import-untyped]

    indptr = np.cumsum([0, *(len(r) for r in rows)])
    indices = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(indptr[-1]))
    matrix = csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(rows), buckets))
    matrix.sum_duplicates()
    y = np.array([LABELS.index(label) for label in labels])
    classifier = SGDClassifier(loss="log_loss", alpha=2e-6, max_iter=30, tol=1e-4, random_state=0)
    classifier.fit(matrix, y)
    weights = np.zeros((buckets, len(LABELS)), dtype=np.float32)
    bias = np.full(len(LABELS), -1e3, dtype=np.float32)
    for row, k in enumerate(classifier.classes_):
        weights[:, k] = classifier.coef_[row]
        bias[k] = classifier.intercept_[row]
    return AttributionModel(weights=weights, bias=bias, use_rules=use_rules)


def train(directory: Path, *, cache: Path | None, use_rules: bool, buckets: int) -> AttributionModel:
    """A model trained on every article of the split."""
    articles = load_split(directory)
    docs = parse(articles, cache)
    labels = [tag for doc, article in zip(docs, articles, strict=True) for tag in gold_tags(doc, article)]
    rows = design(docs, use_rules=use_rules, buckets=buckets)
    return fit(rows, labels, buckets=buckets, use_rules=use_rules)


def score_spans(
    articles: Sequence[GoldArticle], predicted: Sequence[Mapping[str, Sequence[tuple[int, int]]]]
) -> dict[str, float]:
    """Character F1 per role, the PolNeAR scorer's measure, for any predictor."""
    result: dict[str, float] = {}
    for role in predicted[0] if predicted else ():
        counts = RoleCounts()
        for article, spans in zip(articles, predicted, strict=True):
            counts.add(characters(article.spans[role], article.text), characters(spans[role], article.text))
        result[f"{role}_f1"] = round(counts.f1(), 4)
        result[f"{role}_precision"] = round(counts.tp / max(1, counts.tp + counts.fp), 4)
        result[f"{role}_recall"] = round(counts.tp / max(1, counts.tp + counts.fn), 4)
    return result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("train", type=Path, help="PolNeAR split directory (text/, attributions/)")
    parser.add_argument("--cache", type=Path, default=None, help="DocBin file to reuse parsed Docs")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--buckets", type=int, default=DEFAULT_BUCKETS)
    parser.add_argument("--no-rules", action="store_true", help="leave out the rule finder's features")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    model = train(args.train, cache=args.cache, use_rules=not args.no_rules, buckets=args.buckets)
    model.save(args.out)
    print(f"trained in {time.perf_counter() - began:.0f} s; wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()


def score_polnear_with_model(directory: Path, *, cache: Path | None = None) -> dict[str, float | int]:
    """PolNeAR character F1 of `find_attributions_with_model` (rules + model)."""
    from crosswire.understand.attribution_model import find_attributions_with_model

    articles = load_split(Path(directory))
    predicted = [relation_spans(find_attributions_with_model(doc)) for doc in parse(articles, cache)]
    return {"n": len(articles), **score_spans(articles, predicted)}
