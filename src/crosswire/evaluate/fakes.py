"""`crosswire eval fakes`: the main event of each FA-KES article against its annotation.

FA-KES (Abu Salem et al., ICWSM 2019; Zenodo 2607278, CC BY 4.0) annotates
each article's main event: deaths (civilians + non-civilians), governorate,
actor class, cause of death and date (M/D/YY). Each article goes through the
same steps as `crosswire analyze` (clean text, publication date from its
dateline, spaCy, extractors, event frames) and the main frame is compared.
The baseline, measured in the same run, is the first number near "killed" in
the first 600 characters.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator

from crosswire.errors import InputError
from crosswire.ingest.decoding import decode_mixed
from crosswire.ingest.plaintext import clean_plain_text
from crosswire.records import CleanArticle, SourceItem
from crosswire.understand.actors import main_event_actor_and_cause
from crosswire.understand.article import analyse_doc
from crosswire.understand.figures import main_death_toll
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.places import governorate_of

BATCH_SIZE = 32
_COLUMNS = ("article_content", "date", "location", "actor", "cause_of_death", "nb_civilians", "nb_noncivilians")
_NUMBER_NEAR_KILLED = re.compile(r"(\d[\d,]*)\D{0,60}?\b(killed|dead|died|deaths?)\b|\b(killed|dead)\D{0,30}?(\d[\d,]*)", re.I)


@dataclass(frozen=True, slots=True)
class FakesRow:
    text: str
    published: date | None
    deaths: int
    governorate: str
    actor: str
    cause: str
    event_date: date | None


@dataclass(frozen=True, slots=True)
class Prediction:
    deaths: int | None
    governorate: str | None
    actor: str
    cause: str
    event_date: date | None


def read_fakes_rows(csv_path: Path) -> list[FakesRow]:
    """The annotated rows of a FA-KES CSV, with text cleaned as ingest cleans it."""
    reader = csv.DictReader(io.StringIO(decode_mixed(csv_path.read_bytes()), newline=""))
    missing = [c for c in _COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise InputError(f"{csv_path}: not a FA-KES file (missing columns: {', '.join(missing)})")
    rows = []
    for number, row in enumerate(reader, start=2):
        cleaned = clean_plain_text(SourceItem(str(csv_path), f"row {number}", row["article_content"], "text"))
        text, published = (cleaned.text, cleaned.published) if isinstance(cleaned, CleanArticle) else ("", None)
        rows.append(
            FakesRow(
                text=text,
                published=date.fromisoformat(published[:10]) if published else None,
                deaths=_int(row["nb_civilians"]) + _int(row["nb_noncivilians"]),
                governorate=row["location"].strip().lower(),
                actor=row["actor"].strip(),
                cause=row["cause_of_death"].strip(),
                event_date=_fakes_date(row["date"]),
            )
        )
    return rows


def predict(rows: list[FakesRow]) -> Iterator[Prediction]:
    nlp = load_pipeline()
    for row, doc in zip(rows, nlp.pipe((r.text for r in rows), batch_size=BATCH_SIZE)):
        yield predict_doc(doc, published=row.published)


def predict_doc(doc: Any, *, published: date | None) -> Prediction:
    analysis = analyse_doc(doc, published=published)
    main = next((frame for frame in analysis.frames if frame.main), None)
    actor, cause = main_event_actor_and_cause(doc)
    governorate = governorate_of(main.place) if main is not None and main.place is not None else None
    if governorate is None:
        governorate = next((g for p in analysis.places if (g := governorate_of(p))), None)
    when = date.fromisoformat(main.date) if main is not None and main.date and main.date_precision == "day" else None
    return Prediction(main_death_toll(doc, analysis.figures), governorate, actor, cause, when or published)


def score_fakes(csv_path: Path) -> dict[str, float | int]:
    """{"n", "deaths_exact", "deaths_within_10pct", "location_acc", "actor_acc", "cause_acc", "date_acc", "baseline_deaths_exact"}."""
    rows = read_fakes_rows(csv_path)
    if not rows:
        raise InputError(f"{csv_path}: no rows")
    hits = dict.fromkeys(("deaths_exact", "deaths_within_10pct", "location_acc", "actor_acc", "cause_acc", "date_acc", "baseline_deaths_exact"), 0)
    for row, guess in zip(rows, predict(rows)):
        hits["deaths_exact"] += guess.deaths == row.deaths
        hits["deaths_within_10pct"] += guess.deaths is not None and abs(guess.deaths - row.deaths) <= 0.1 * row.deaths
        hits["location_acc"] += guess.governorate == row.governorate
        hits["actor_acc"] += guess.actor == row.actor
        hits["cause_acc"] += guess.cause == row.cause
        hits["date_acc"] += guess.event_date is not None and guess.event_date == row.event_date
        hits["baseline_deaths_exact"] += _baseline_deaths(row.text) == row.deaths
    return {"n": len(rows), **{key: round(value / len(rows), 4) for key, value in hits.items()}}


def _baseline_deaths(text: str) -> int | None:
    match = _NUMBER_NEAR_KILLED.search(text[:600])
    if match is None:
        return None
    return _int(match.group(1) or match.group(4))


def _fakes_date(value: str) -> date | None:
    try:
        return datetime.strptime(value.strip(), "%m/%d/%y").date()
    except ValueError:
        return None


def _int(value: str) -> int:
    try:
        return int(str(value).replace(",", "").strip() or 0)
    except ValueError:
        return 0
