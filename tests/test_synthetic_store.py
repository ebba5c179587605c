"""The synthetic-store builder of the link benchmark, on the analysed seeds store."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import re

from benchmarks import synthetic_store
from benchmarks.synthetic_store import build, map_words, round_letters, shift_date
from crosswire.link.stage import link


def _rows(db: Path, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(query).fetchall()


@pytest.mark.parametrize("words", ["mapped", "replaced"])
def test_clones_keep_every_span_on_its_words(seeds_db: str, tmp_path: Path, words: str) -> None:
    out = tmp_path / "synthetic.sqlite"
    result = build(Path(seeds_db), out, articles=5, words=words, replace=0.3, round_days=28)
    assert (result["articles"], result["rounds"], result["source_articles"]) == (5, 3, 2)
    texts = dict(_rows(out, "select id, text from articles"))
    assert len(texts) == 5 and len(set(texts.values())) == 5
    originals = [article_id for article_id in texts if article_id.endswith("-r0")]
    for original in originals:
        clone = original[:-1] + "1"
        assert texts[clone] != texts[original]  # words replaced, places swapped, figures scaled
        # Cues and claimants are moved with the edits around them: their spans still quote them, as they were
        # ("replaced" never edits them) or spelt the round's way ("mapped": but a place inside keeps the round's
        # place), and the stored cue and claimant are what the span says.
        spans = ("select position, cue_start, cue_end, source_start, source_end, cue, source_name from claims "
                 "where article_id = ?")
        with sqlite3.connect(out) as connection:
            before = connection.execute(spans, (original,)).fetchall()
            after = connection.execute(spans, (clone,)).fetchall()
        assert len(before) == len(after) and any(row[1] is not None for row in before)
        letters = round_letters(1, 13) if words == "mapped" else None
        for old, new in zip(before, after):
            for start, end, quoted in ((1, 2, 5), (3, 4, 6)):
                if old[start] is not None:
                    assert texts[clone][new[start] : new[end]] == new[quoted]
                    if letters is None:
                        assert new[quoted] == texts[original][old[start] : old[end]]
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


def test_a_round_spells_each_word_one_way_of_its_own() -> None:
    first, second = round_letters(1, 13), round_letters(2, 13)
    assert round_letters(0, 13) is None and map_words("Russian mercenaries", None) == "Russian mercenaries"
    text = "Russian mercenaries were killed, the Russian official said according to Reuters"
    mapped = map_words(text, first)
    assert mapped == map_words(text, first) and mapped != map_words(text, second)
    assert len(mapped) == len(text)  # letters are substituted one for one: offsets stay
    words, spelt = text.split(), mapped.split()
    assert spelt[0] == spelt[5] and spelt[0][0].isupper() and spelt[0] != "Russian"  # the same word, one spelling
    for kept in ("were", "the", "said", "according"):  # stop words and reporting cues keep theirs
        assert spelt[words.index(kept)] == kept


def test_mapped_rounds_share_no_content_words(seeds_db: str, tmp_path: Path) -> None:
    out = tmp_path / "synthetic.sqlite"
    build(Path(seeds_db), out, articles=4, words="mapped")
    texts = dict(_rows(out, "select id, text from articles"))

    def words(text: str) -> set[str]:  # content words: not stop words, reporting cues or hedges
        return {word for word in re.findall(r"[a-z]{4,}", text.lower()) if not synthetic_store._kept(word)}

    for original in (article_id for article_id in texts if article_id.endswith("-r0")):
        before, after = words(texts[original]), words(texts[original[:-1] + "1"])
        # What the rounds still share is inside claimants, cues, places, times and figures ("Kremlin spokesman
        # Dmitry Peskov", "declined to comment", "Deir ez-Zor", "late February", "scores of"): the seeds are dense
        # with them; in FA-KES, 94% of the content words a round uses are its own.
        assert len(before & after) < len(before) / 4, sorted(before & after)
