"""`crosswire eval fakes`: the main event of each FA-KES article against its annotation.

FA-KES (Abu Salem et al., ICWSM 2019; Zenodo 2607278, CC BY 4.0) annotates
each article's main event: deaths (civilians + non-civilians), governorate,
actor class, cause of death and date (M/D/YY). Each article goes through the
same steps as `crosswire analyze` (clean text, publication date from its
dateline, spaCy, extractors, event frames) and what the product stores is
compared: the death toll, attacker class and cause of the article's lead
summary (`ArticleAnalysis.lead`, exported as `articles[].lead`), the
governorate of its place, and the main frame's date.
The baseline, measured in the same run, is the first number near "killed" in
the first 600 characters. The date is the main frame's when it has a day,
else the publication date (news without a date reports the day's events);
most FA-KES dates are the publication date itself, so `date_within_1_day` is
reported beside `date_acc` for events resolved to the day before.

The annotators mostly entered the article's publication date even where the
text dates the killing a day or two earlier ("killed on Monday" in a Tuesday
article); crosswire reports the day the text gives. `baseline_date_acc`, the
publication date as the prediction, shows how far that convention carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from crosswire.errors import InputError
from crosswire.evaluate.fakes_data import FakesRow, read_fakes_rows
from crosswire.evaluate.fakes_deaths import baseline_death_toll
from crosswire.understand.article import analyse_doc
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.places import governorate_of

BATCH_SIZE = 32


@dataclass(frozen=True, slots=True)
class Prediction:
    deaths: int | None
    governorate: str | None
    actor: str
    cause: str
    event_date: date | None


def predict(rows: list[FakesRow]) -> Iterator[Prediction]:
    nlp = load_pipeline()
    for row, doc in zip(rows, nlp.pipe((r.text for r in rows), batch_size=BATCH_SIZE)):
        yield predict_doc(doc, published=row.published)


def predict_doc(doc: Any, *, published: date | None) -> Prediction:
    analysis = analyse_doc(doc, published=published)
    main = next((frame for frame in analysis.frames if frame.main), None)
    when = date.fromisoformat(main.date) if main is not None and main.date and main.date_precision == "day" else None
    lead = analysis.lead
    if lead is None:
        return Prediction(None, None, "unknown", "unknown", when or published)
    governorate = governorate_of(lead.place) if lead.place is not None else None
    return Prediction(lead.death_toll, governorate, lead.attacker_class, lead.cause, when or published)


def score_fakes(csv_path: Path) -> dict[str, float | int]:
    """{"n", "deaths_exact", "deaths_within_10pct", "location_acc", "actor_acc", "cause_acc", "date_acc",
    "date_within_1_day", "baseline_deaths_exact", "baseline_date_acc"}."""
    rows = read_fakes_rows(csv_path)
    if not rows:
        raise InputError(f"{csv_path}: no rows")
    keys = ("deaths_exact", "deaths_within_10pct", "location_acc", "actor_acc", "cause_acc", "date_acc",
            "date_within_1_day", "baseline_deaths_exact", "baseline_date_acc")
    hits = dict.fromkeys(keys, 0)
    for row, guess in zip(rows, predict(rows)):
        hits["deaths_exact"] += guess.deaths == row.deaths
        hits["deaths_within_10pct"] += guess.deaths is not None and abs(guess.deaths - row.deaths) <= 0.1 * row.deaths
        hits["location_acc"] += guess.governorate == row.governorate
        hits["actor_acc"] += guess.actor == row.actor
        hits["cause_acc"] += guess.cause == row.cause
        hits["date_acc"] += guess.event_date is not None and guess.event_date == row.event_date
        hits["date_within_1_day"] += (
            guess.event_date is not None and row.event_date is not None and abs((guess.event_date - row.event_date).days) <= 1
        )
        hits["baseline_deaths_exact"] += baseline_death_toll(row.text) == row.deaths
        hits["baseline_date_acc"] += row.published is not None and row.published == row.event_date
    return {"n": len(rows), **{key: round(value / len(rows), 4) for key, value in hits.items()}}
