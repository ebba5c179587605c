"""Score the main event's actor and cause of death on FA-KES.

FA-KES (Abu Salem et al., ICWSM 2019; Zenodo 2607278, CC BY 4.0) annotates
each article with the actor its main event's deaths are attributed to and
the cause of death. For each article the clean text (the text the pipeline
sees) goes through spaCy and `main_event_actor_and_cause`; accuracy is the
share of articles where the prediction equals the annotation. The majority
class of the same file is the baseline, so a score means something only as
the distance above it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable

from crosswire.errors import InputError
from crosswire.evaluate.fakes_data import read_fakes_rows
from crosswire.understand.actors import main_event_actor_and_cause
from crosswire.understand.nlp import load_pipeline

BATCH_SIZE = 32


def predict(texts: Iterable[str]) -> list[tuple[str, str]]:
    """(actor class, cause of death) of each text's main event."""
    nlp = load_pipeline()
    return [main_event_actor_and_cause(doc) for doc in nlp.pipe(texts, batch_size=BATCH_SIZE)]


def score_fakes_frames(csv_path: Path) -> dict[str, float | int]:
    """Actor and cause accuracy on a FA-KES CSV, with majority-class baselines."""
    articles = read_fakes_rows(csv_path)
    if not articles:
        raise InputError(f"{csv_path}: no rows")
    predictions = predict(article.text for article in articles)
    n = len(articles)
    actor_hits = sum(p_actor == a.actor for a, (p_actor, _) in zip(articles, predictions))
    cause_hits = sum(p_cause == a.cause for a, (_, p_cause) in zip(articles, predictions))
    return {
        "n": n,
        "actor_acc": round(actor_hits / n, 4),
        "cause_acc": round(cause_hits / n, 4),
        "baseline_actor_acc": round(_majority_share(a.actor for a in articles), 4),
        "baseline_cause_acc": round(_majority_share(a.cause for a in articles), 4),
    }


def _majority_share(labels: Iterable[str]) -> float:
    counts = Counter(labels)
    return max(counts.values()) / sum(counts.values())
