"""Score the main death toll on FA-KES (Abu Salem et al., ICWSM 2019, CC BY 4.0).

Each FA-KES article is annotated with the deaths of the main event it reports,
split into civilians and non-civilians; the gold toll is their sum. The score
is the share of articles whose `main_death_toll` equals it exactly, and within
10 per cent. A naive baseline (the first number near "killed" in the first 600
characters) is computed in the same run, so the gain is measured on the same
rows with the same cleaning.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from crosswire.errors import InputError
from crosswire.evaluate.fakes_data import read_fakes_rows
from crosswire.understand.figures import extract_figures, main_death_toll
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.quantities import parse_quantity

BATCH_SIZE = 32
BASELINE_CHARS = 600
BASELINE_WINDOW = 60
_KILLED = re.compile(r"\bkilled\b", re.IGNORECASE)
_MONTH = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$", re.IGNORECASE)
_NUMBER = re.compile(
    r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred)\b",
    re.IGNORECASE,
)


def score_fakes_deaths(csv_path: Path, *, limit: int | None = None) -> dict[str, float | int]:
    """deaths_exact / deaths_within_10pct of `main_death_toll`, and the baseline's, on a FA-KES CSV
    (its first `limit` scorable rows when given)."""
    started = time.perf_counter()
    rows = [row for row in read_fakes_rows(csv_path) if row.text][:limit]
    if not rows:
        raise InputError(f"{csv_path}: no FA-KES rows with article text and death counts")
    nlp = load_pipeline()
    exact = close = base_exact = base_close = 0
    docs = nlp.pipe((row.text for row in rows), batch_size=BATCH_SIZE)
    for row, doc in zip(rows, docs):
        predicted = main_death_toll(doc, extract_figures(doc))
        baseline = baseline_death_toll(row.text)
        exact += predicted == row.deaths
        close += _within(predicted, row.deaths)
        base_exact += baseline == row.deaths
        base_close += _within(baseline, row.deaths)
    n = len(rows)
    return {
        "n": n,
        "deaths_exact": round(exact / n, 4),
        "deaths_within_10pct": round(close / n, 4),
        "baseline_deaths_exact": round(base_exact / n, 4),
        "baseline_deaths_within_10pct": round(base_close / n, 4),
        "seconds": round(time.perf_counter() - started, 1),
    }


def baseline_death_toll(text: str) -> int | None:
    """The first number within 60 characters of "killed" in the first 600 characters
    (years and the days of dates skipped)."""
    head = text[:BASELINE_CHARS]
    near: list[tuple[int, int]] = []
    for killed in _KILLED.finditer(head):
        window_start = max(killed.start() - BASELINE_WINDOW, 0)
        for number in _NUMBER.finditer(head, window_start, killed.end() + BASELINE_WINDOW):
            quantity = parse_quantity(number.group())
            if quantity is not None and quantity.value is not None and not _date_part(head, number):
                near.append((number.start(), quantity.value))
    return min(near)[1] if near else None


def _date_part(text: str, number: re.Match[str]) -> bool:
    # Without this the baseline mostly returns the dateline ("Sun 16 Apr 2017 ...").
    if number.group().isdigit() and 1900 <= int(number.group()) <= 2100:
        return True
    before = text[max(number.start() - 10, 0):number.start()].split()
    after = text[number.end():number.end() + 10].split()
    return bool(before and _MONTH.match(before[-1]) or after and _MONTH.match(after[0]))


def _within(predicted: int | None, gold: int) -> bool:
    return predicted is not None and abs(predicted - gold) <= 0.1 * gold
