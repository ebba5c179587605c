"""Score the stance model on Emergent (Ferreira and Vlachos, NAACL 2016).

A CSV with columns claim, article_headline and stance (for, against,
observing): does the article's headline support, deny or merely report the
claim? The model sees the pair (claim, article_headline) and its FNC-1 labels
map agree -> for, disagree -> against, discuss -> observing. Every Emergent
row is related by construction, so "unrelated" is never an answer here: the
prediction is the most probable of agree/disagree/discuss (a headline is short
and often shares few words with the claim, which would otherwise make many
rows "unrelated").
"""

from __future__ import annotations

import csv
import sys

from pathlib import Path

from crosswire.errors import InputError

STANCES = {"agree": "for", "disagree": "against", "discuss": "observing"}
_COLUMNS = ("claim", "article_headline", "stance")


def read_emergent(path: Path) -> list[tuple[str, str, str]]:
    """(claim, headline, stance) rows; clear errors for missing columns or unknown stances."""
    csv.field_size_limit(sys.maxsize)
    rows = []
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in _COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise InputError(f"{path}: missing column(s) {', '.join(missing)} (found {reader.fieldnames})")
            for line, row in enumerate(reader, start=2):
                stance = (row["stance"] or "").strip().lower()
                if stance not in STANCES.values():
                    raise InputError(f"{path}:{line}: unknown stance {row['stance']!r} (expected for, against, observing)")
                rows.append((row["claim"] or "", row["article_headline"] or "", stance))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"{path}: cannot read as a UTF-8 CSV file ({error})") from error
    return rows


def related_stance(probabilities: dict[str, float]) -> str:
    """The Emergent stance of the most probable related FNC-1 label."""
    return STANCES[max(STANCES, key=lambda label: probabilities[label])]


def score_emergent(path: Path) -> dict[str, float | int]:
    """Accuracy of the shipped stance model on an Emergent CSV, with per-stance counts."""
    from crosswire.link.stance import load_stance_model

    rows = read_emergent(Path(path))
    if not rows:
        raise InputError(f"{path}: no rows to score")
    results = load_stance_model().predict([(claim, headline) for claim, headline, _ in rows])
    predicted = [related_stance(result.probabilities) for result in results]
    gold = [stance for _, _, stance in rows]
    scores: dict[str, float | int] = {
        "n": len(rows),
        "accuracy": round(sum(g == p for g, p in zip(gold, predicted)) / len(rows), 4),
    }
    for stance in STANCES.values():
        total = sum(g == stance for g in gold)
        right = sum(g == p == stance for g, p in zip(gold, predicted))
        scores[f"recall_{stance}"] = round(right / total, 4) if total else 0.0
        scores[f"predicted_{stance}"] = sum(p == stance for p in predicted)
    return scores
