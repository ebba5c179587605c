"""Learn which words are attribution cues from PolNeAR train.

Every verb with a clausal complement or an object, and every noun with a
"that" clause, is a candidate cue. A candidate counts as a hit when the
annotators marked its word as (part of) a Cue. Lemmas whose hit rate on
train reaches `min_rate` over at least `min_count` candidates are written
to src/crosswire/understand/data/attribution_cues.json, per way of
carrying content. The hand-made lists in `cues.py` are always kept too.

Reproduce with:
    .venv/bin/python -m crosswire.evaluate.polnear_cues ../shared/data/polnear/train
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from crosswire.evaluate.polnear import GoldArticle, characters, load_split
from crosswire.understand.attribution import find_attributions
from crosswire.understand.cues import LEXICON_FILE, CueLexicon

OUTPUT = Path(__file__).resolve().parents[1] / "understand" / "data" / LEXICON_FILE
MODES = {"verb": "clause", "object": "object", "noun": "noun"}
MIN_COUNT = 3
MIN_RATE = 0.4


def count_candidates(
    articles: Sequence[GoldArticle], docs: Iterable[Any]
) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]]:
    """(mode, lemma) -> number of candidates, and of those on a gold cue."""
    seen: Counter[tuple[str, str]] = Counter()
    hits: Counter[tuple[str, str]] = Counter()
    everything = CueLexicon(everything=True)
    for article, doc in zip(articles, docs, strict=True):
        gold = characters(article.spans["cue"], article.text)
        for relation in find_attributions(doc, lexicon=everything):
            if relation.kind not in MODES or relation.cue_index is None:
                continue
            key = (MODES[relation.kind], relation.lemma)
            seen[key] += 1
            hits[key] += doc[relation.cue_index].idx in gold
    return seen, hits


def select(
    seen: Counter[tuple[str, str]], hits: Counter[tuple[str, str]], *, min_count: int, min_rate: float
) -> dict[str, list[str]]:
    """Lemmas per mode that are cues often enough to keep."""
    lexicon: dict[str, list[str]] = {mode: [] for mode in MODES.values()}
    for (mode, lemma), total in sorted(seen.items()):
        if total >= min_count and hits[(mode, lemma)] / total >= min_rate and lemma.replace(" ", "").isalpha():
            lexicon[mode].append(lemma)
    return lexicon


def learn(train: Path, *, min_count: int = MIN_COUNT, min_rate: float = MIN_RATE) -> dict[str, list[str]]:
    """Parse the train split and select cue lemmas."""
    from crosswire.understand.nlp import load_pipeline

    articles = load_split(train)
    docs = load_pipeline().pipe((article.text for article in articles), batch_size=16)
    seen, hits = count_candidates(articles, docs)
    return select(seen, hits, min_count=min_count, min_rate=min_rate)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("train", type=Path, help="the PolNeAR train directory")
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    parser.add_argument("--min-rate", type=float, default=MIN_RATE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    options = parser.parse_args(argv)
    lexicon = learn(options.train, min_count=options.min_count, min_rate=options.min_rate)
    lexicon_json = {"source": "PolNeAR train (Newell et al. 2018)", "min_count": options.min_count,
                    "min_rate": options.min_rate, **lexicon}
    options.output.write_text(json.dumps(lexicon_json, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {options.output}: " + ", ".join(f"{mode} {len(words)}" for mode, words in lexicon.items()))


if __name__ == "__main__":
    main()
