"""`crosswire eval credibility`: do the credibility signals predict FA-KES labels?

FA-KES (Abu Salem et al., ICWSM 2019; Zenodo 2607278, CC BY 4.0) labels each
article 1 (credible) when its crowd-annotated casualty report is consistent
with the Violations Documentation Center's records, else 0. The file goes
through the product's own stages (ingest, analyze, and link when it exists)
into a store; `crosswire.assess.credibility` reads the signals from it.

Scores are cross-validated: stratified 5-fold with a fixed seed, grouped so
that exact duplicates (stored once) and near-duplicate copies never sit on
both sides of a split. Models, all logistic regressions:
- signals: the credibility signals only;
- baseline: TF-IDF of the article's clean text (word 1-2 grams);
- combined: both (signals scaled, appended to the TF-IDF columns).
AUC is over out-of-fold probabilities, F1 of the credible class at 0.5.
No annotation column of the file is ever a feature; the label is the target.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from crosswire.assess.credibility import credibility_signals, model_features
from crosswire.errors import InputError
from crosswire.ingest.readers import tabular
from crosswire.store import open_store
from crosswire.store.schema import article_sources, articles

SEED = 13
FOLDS = 5


@dataclass(frozen=True, slots=True)
class CredibilityDataset:
    """One sample per stored article: its signal features, clean text, FA-KES label and copy group."""

    article_ids: list[str]
    feature_names: list[str]
    features: np.ndarray
    texts: list[str]
    labels: np.ndarray
    groups: list[str]
    skipped_rows: int


def score_credibility(path: Path, *, store: Path | None = None) -> dict[str, float | int]:
    """{"n", "auc", "f1", "baseline_auc", "baseline_f1", "combined_auc", "combined_f1", ...} on a FA-KES CSV.

    `store` keeps the analysed store for reuse (ingest and analyze skip what is done).
    """
    data = load_dataset(path, store=store)
    scores: dict[str, float | int] = {"n": len(data.labels), "skipped_rows": data.skipped_rows}
    models: dict[str, FitPredict] = {"": signals_model, "baseline_": text_model, "combined_": combined_model}
    for prefix, fit_predict in models.items():
        probabilities = out_of_fold(fit_predict, data)
        scores.update({f"{prefix}{key}": value for key, value in _metrics(data.labels, probabilities).items()})
    scores["credible_share"] = round(float(data.labels.mean()), 4)
    # F1 of calling every article credible: the floor an F1 above means something against.
    scores["majority_f1"] = round(2 * scores["credible_share"] / (1 + scores["credible_share"]), 4)
    return scores


def load_dataset(path: Path, *, store: Path | None = None) -> CredibilityDataset:
    """Run the file through the pipeline into `store` (a temporary one if None) and collect the samples."""
    labels_by_row, skipped = _labels(path)
    if store is not None:
        return _collect(path, store, labels_by_row, skipped)
    with tempfile.TemporaryDirectory(prefix="crosswire-credibility-") as folder:
        return _collect(path, Path(folder) / "store.sqlite", labels_by_row, skipped)


# A model is fit on (train inputs, labels) and returns probabilities of label 1 for the test inputs.
FitPredict = Callable[[CredibilityDataset, np.ndarray, np.ndarray], np.ndarray]


def signals_model_with(c: float) -> FitPredict:
    """The signals-only model at regularisation strength `c`."""

    def fit_predict(data: CredibilityDataset, train: np.ndarray, test: np.ndarray) -> np.ndarray:
        scaler = _scaler().fit(data.features[train])
        model = _classifier(c=c).fit(scaler.transform(data.features[train]), data.labels[train])
        return np.asarray(model.predict_proba(scaler.transform(data.features[test]))[:, 1])

    return fit_predict


signals_model = signals_model_with(1.0)


def text_model(data: CredibilityDataset, train: np.ndarray, test: np.ndarray) -> np.ndarray:
    vectorizer = _vectorizer().fit([data.texts[i] for i in train])
    model = _classifier(c=10.0).fit(vectorizer.transform([data.texts[i] for i in train]), data.labels[train])
    return np.asarray(model.predict_proba(vectorizer.transform([data.texts[i] for i in test]))[:, 1])


def combined_model(data: CredibilityDataset, train: np.ndarray, test: np.ndarray) -> np.ndarray:
    from scipy.sparse import csr_matrix, hstack  # type: ignore[import-untyped]

    vectorizer = _vectorizer().fit([data.texts[i] for i in train])
    scaler = _scaler().fit(data.features[train])

    def inputs(indices: np.ndarray) -> Any:
        words = vectorizer.transform([data.texts[i] for i in indices])
        return hstack([words, csr_matrix(scaler.transform(data.features[indices]))]).tocsr()

    model = _classifier(c=10.0).fit(inputs(train), data.labels[train])
    return np.asarray(model.predict_proba(inputs(test))[:, 1])


def out_of_fold(fit_predict: FitPredict, data: CredibilityDataset) -> np.ndarray:
    """Each sample's probability of label 1 from a model that never saw it nor its copies."""
    from sklearn.model_selection import StratifiedGroupKFold  # type: ignore[import-untyped]

    folds = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    probabilities = np.zeros(len(data.labels))
    for train, test in folds.split(data.features, data.labels, groups=data.groups):
        probabilities[test] = fit_predict(data, train, test)
    return probabilities


def _classifier(*, c: float) -> Any:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    return LogisticRegression(C=c, max_iter=2000)


def _scaler() -> Any:
    from sklearn.preprocessing import StandardScaler  # type: ignore[import-untyped]

    return StandardScaler()


def _vectorizer() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

    return TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)


def _metrics(labels: np.ndarray, probabilities: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import f1_score, roc_auc_score  # type: ignore[import-untyped]

    return {
        "auc": round(float(roc_auc_score(labels, probabilities)), 4),
        "f1": round(float(f1_score(labels, probabilities >= 0.5)), 4),
    }


def _labels(path: Path) -> tuple[dict[str, int], int]:
    """FA-KES label of each readable row ("row N" as ingest names it); count of rows without one."""
    found: dict[str, int] = {}
    skipped = 0
    for item in tabular.read(str(path), path.read_bytes()):
        label = getattr(item, "extra", {}).get("label", "").strip()
        if label in ("0", "1"):
            found[item.item] = int(label)
        else:
            skipped += 1
    if not found:
        raise InputError(f"{path}: no row has a FA-KES label (column 'label', 0 or 1)")
    return found, skipped


def _collect(path: Path, store: Path, labels_by_row: dict[str, int], skipped: int) -> CredibilityDataset:
    from sqlalchemy import select

    from crosswire.ingest import ingest
    from crosswire.understand import analyze

    origin = str(path.resolve())
    ingest([origin], db=str(store))
    analyze(db=str(store))
    _link_if_available(store)
    engine = open_store(str(store))
    with engine.connect() as connection:
        found = credibility_signals(connection)
        rows = connection.execute(
            select(article_sources.c.item, articles.c.id, articles.c.text, articles.c.copy_of)
            .join(articles, articles.c.id == article_sources.c.article_id)
            .where(article_sources.c.origin == origin)
        ).all()
    engine.dispose()
    return _samples(rows, found, labels_by_row, skipped)


def _link_if_available(store: Path) -> None:
    """Run the cross-article link stage when this crosswire has one (it feeds `figure_agreement`)."""
    try:
        from crosswire.link.stage import link
    except ImportError:
        return
    link(db=str(store))


def _samples(rows: Any, found: dict[str, Any], labels_by_row: dict[str, int], skipped: int) -> CredibilityDataset:
    """One sample per analysed article; an article stored from several rows takes their majority label."""
    votes: dict[str, list[int]] = {}
    texts: dict[str, str] = {}
    groups: dict[str, str] = {}
    for row in rows:
        if row.item not in labels_by_row or row.id not in found:
            continue
        votes.setdefault(row.id, []).append(labels_by_row[row.item])
        texts[row.id] = row.text
        groups[row.id] = row.copy_of or row.id
    ids = sorted(votes)
    if not ids:
        raise InputError("no labelled row was analysed")
    features = [model_features(found[i].signals) for i in ids]
    names = list(features[0])
    return CredibilityDataset(
        article_ids=ids,
        feature_names=names,
        features=np.array([[f[name] for name in names] for f in features]),
        texts=[texts[i] for i in ids],
        labels=np.array([int(2 * sum(votes[i]) >= len(votes[i])) for i in ids]),
        groups=[groups[i] for i in ids],
        skipped_rows=skipped,
    )
