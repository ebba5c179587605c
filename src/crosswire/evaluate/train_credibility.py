"""Train the credibility score shipped in `crosswire/assess/data/credibility-model.json`.

    python -m crosswire.evaluate.train_credibility ../shared/data/fakes/fakes-dev.csv [--store S] [--out FILE]

A logistic regression (L2, strength chosen by cross-validated log loss) over
the standardised signal features of `crosswire.assess.credibility.model_features`,
fit on every labelled article of a FA-KES CSV (see `crosswire.evaluate.credibility` for how the file goes
through the pipeline). The file keeps what scoring needs without
scikit-learn (feature names, means, scales, coefficients, intercept) and
what a reader needs to judge it: the data it was trained on, its
cross-validated AUC beside the text baseline's, and that it is weak.
Features that never vary in the training data (the figure agreement, until
the link stage feeds it) are left out rather than given a meaningless weight.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from crosswire.assess.credibility import MODEL_FILE, MODEL_NOTE
from crosswire.evaluate.credibility import (
    CredibilityDataset,
    load_dataset,
    out_of_fold,
    signals_model,
    signals_model_with,
    text_model,
)

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "assess" / "data" / MODEL_FILE
# Regularisation strengths tried; the one with the lowest cross-validated log
# loss is kept. When the signals carry little information the smallest wins
# and the score stays near the base rate, which is the honest outcome.
C_GRID = (0.001, 0.01, 0.1, 1.0)


def train(data: CredibilityDataset) -> dict[str, Any]:
    """The model file's content for `data`."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
    from sklearn.metrics import log_loss, roc_auc_score  # type: ignore[import-untyped]

    varying = [i for i in range(data.features.shape[1]) if np.ptp(data.features[:, i]) > 0]
    matrix = data.features[:, varying]
    mean, scale = matrix.mean(axis=0), matrix.std(axis=0)
    losses = {c: log_loss(data.labels, out_of_fold(signals_model_with(c), data)) for c in C_GRID}
    c = min(C_GRID, key=lambda value: (losses[value], value))
    model = LogisticRegression(C=c, max_iter=2000).fit((matrix - mean) / scale, data.labels)
    cv_auc = roc_auc_score(data.labels, out_of_fold(signals_model, data))
    baseline_auc = roc_auc_score(data.labels, out_of_fold(text_model, data))
    return {
        "note": MODEL_NOTE,
        "trained_on": "FA-KES development split (Abu Salem et al., ICWSM 2019; Zenodo 2607278, CC BY 4.0): "
                      "Syrian war reporting 2011-2018 by 15 outlets, labelled against VDC casualty records",
        "n": int(len(data.labels)),
        "credible_share": round(float(data.labels.mean()), 4),
        "c": c,
        "cross_validated_log_loss": {str(value): round(float(loss), 4) for value, loss in losses.items()},
        "cross_validated_auc": round(float(cv_auc), 4),
        "text_baseline_auc": round(float(baseline_auc), 4),
        "features": [data.feature_names[i] for i in varying],
        "unused_features": [name for i, name in enumerate(data.feature_names) if i not in varying],
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "coef": [round(float(v), 6) for v in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train the FA-KES credibility score.")
    parser.add_argument("csv", type=Path, help="A FA-KES CSV with its label column.")
    parser.add_argument("--store", type=Path, default=None, help="Keep the analysed store here for reuse.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="Model file to write.")
    args = parser.parse_args(argv)
    model = train(load_dataset(args.csv, store=args.store))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    weights = sorted(zip(model["features"], model["coef"]), key=lambda pair: -abs(pair[1]))
    print(f"n={model['n']} C={model['c']} cv auc (C=1)={model['cross_validated_auc']} "
          f"text baseline auc={model['text_baseline_auc']} log loss by C={model['cross_validated_log_loss']}")
    for name, weight in weights:
        print(f"  {name:>26} {weight:+.3f}")


if __name__ == "__main__":
    main()
