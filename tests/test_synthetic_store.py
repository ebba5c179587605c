"""The synthetic-store builder of the link benchmark, on the analysed seeds store."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.synthetic_store import build, shift_date
from crosswire.link.stage import link


def _rows(db: Path, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(query).fetchall()


def test_clones_keep_every_span_on_its_words(seeds_db: str, tmp_path: Path) -> None:
    out = tmp_path / "synthetic.sqlite"
    result = build(Path(seeds_db), out, articles=5, replace=0.3, round_days=28)
    assert (result["articles"], result["rounds"], result["source_articles"]) == (5, 3, 2)
    texts = dict(_rows(out, "select id, text from articles"))
    assert len(texts) == 5 and len(set(texts.values())) == 5
    originals = [article_id for article_id in texts if article_id.endswith("-r0")]
    for original in originals:
        clone = original[:-1] + "1"
        assert texts[clone] != texts[original]  # words replaced, places swapped, figures scaled
        # Cues and claimants are never edited: moved with the edits around them, their spans still quote them.
        spans = "select position, cue_start, cue_end, source_start, source_end from claims where article_id = ?"
        with sqlite3.connect(out) as connection:
            before = connection.execute(spans, (original,)).fetchall()
            after = connection.execute(spans, (clone,)).fetchall()
        assert len(before) == len(after) and any(row[1] is not None for row in before)
        for old, new in zip(before, after):
            for start, end in ((1, 2), (3, 4)):
                if old[start] is not None:
                    assert texts[clone][new[start] : new[end]] == texts[original][old[start] : old[end]]
    published = dict(_rows(out, "select id, published from articles"))
    for original in originals:
        first = date.fromisoformat(str(published[original])[:10])
        assert date.fromisoformat(str(published[original[:-1] + "1"])[:10]) == first.fromordinal(first.toordinal() + 28)
    assert _rows(out, "select count(*) from claims where article_id like '%-r2'")[0][0] > 0
    assert link(db=str(out)).articles == 5


def test_dates_move_at_their_own_precision() -> None:
    assert shift_date("2018-02-07", 28) == "2018-03-07"
    assert shift_date("2018-02-07T10:30:00", 1) == "2018-02-08T10:30:00"
    assert shift_date("2018-W06", 14) == "2018-W08"
    assert shift_date("2018-12", 31) == "2019-01"
    assert shift_date("2018", 365) == "2019"
    assert shift_date("PRESENT_REF", 30) == "PRESENT_REF" and shift_date(None, 3) is None
