"""The synthetic raw-text corpus of the end-to-end benchmark: rounds of clones that copy within a round only."""

from __future__ import annotations

import random
import re
from pathlib import Path

from benchmarks.end_to_end import perturb

SEEDS = Path(__file__).parent.parent / "samples" / "corpus" / "seeds"
_WORD = re.compile(r"[A-Za-z]{4,}")


def _rows() -> list[dict[str, str]]:
    texts = sorted(SEEDS.glob("*.txt"))
    assert len(texts) == 2, "the demo sample holds the two seed articles"
    return [{"unit_id": path.stem, "article_title": path.stem, "article_content": path.read_text(encoding="utf-8"),
             "source": "seed", "date": "2018-02-14"} for path in texts]


def _words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text)}


def test_later_rounds_spell_content_words_their_own_way_but_keep_what_extractors_read() -> None:
    rows = _rows()
    rng = random.Random(13)
    first, clone = perturb(rows, 0, rng), perturb(rows, len(rows), rng)  # the same row, rounds 0 and 1
    shared = _words(first["article_content"]) & _words(clone["article_content"])
    assert len(shared) < 0.4 * len(_words(first["article_content"]))
    assert {"killed", "according", "said"} <= shared  # casualty words, cues and stop words survive
    copied = perturb(rows, len(rows), random.Random(13), mapped=False)
    assert len(_words(first["article_content"]) & _words(copied["article_content"])) > 0.8 * len(
        _words(first["article_content"]))
