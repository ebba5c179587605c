"""Reading FA-KES CSVs for evaluation: one row type for every FA-KES scorer.

FA-KES (Abu Salem et al., ICWSM 2019; Zenodo 2607278, CC BY 4.0) annotates
each article's main event: deaths (civilians + non-civilians), governorate,
actor class, cause of death and date (M/D/YY). Texts are cleaned as ingest
cleans them, so scores describe what `crosswire analyze` sees.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from crosswire.errors import InputError
from crosswire.ingest.decoding import decode_mixed
from crosswire.ingest.plaintext import clean_plain_text
from crosswire.records import CleanArticle, SourceItem

_COLUMNS = ("unit_id", "article_content", "date", "location", "actor", "cause_of_death", "nb_civilians", "nb_noncivilians")


@dataclass(frozen=True, slots=True)
class FakesRow:
    unit_id: str
    text: str
    published: date | None
    deaths: int
    governorate: str
    actor: str
    cause: str
    event_date: date | None


def read_fakes_rows(csv_path: Path) -> list[FakesRow]:
    """The annotated rows of a FA-KES CSV (bytes decoded defensively: the file mixes encodings)."""
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
                unit_id=row["unit_id"].strip(),
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
