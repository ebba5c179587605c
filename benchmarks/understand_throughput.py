"""Understand-stage throughput as a ratio to bare spaCy nlp.pipe, same texts, same run.

Texts: the FA-KES dev CSV's articles, cleaned as ingest cleans them. The
baseline is `nlp.pipe` over the texts with the same model and batch size;
crosswire adds every extractor (figures, time, places, claims, event
frames) on the Docs. The ratio is crosswire's articles/s over bare spaCy's.

Times are CPU seconds of this process (`time.process_time`), which other
jobs on a shared machine inflate far less than wall-clock time. With
`--repeats N` the two passes alternate N times (bare, crosswire, bare, ...)
and the median of each is kept. `extractors_cpu_ms_per_article` is the
difference of the two: what crosswire's own code costs on top of spaCy.

    .venv/bin/python benchmarks/understand_throughput.py --shared ../shared/data
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from crosswire.ingest.plaintext import clean_plain_text
from crosswire.ingest.readers import tabular
from crosswire.records import CleanArticle, SourceItem
from crosswire.understand.stage import BATCH_SIZE
from crosswire.understand.article import analyse_doc
from crosswire.understand.nlp import load_pipeline


def _articles(csv_path: Path) -> list[tuple[str, date | None]]:
    found = []
    for item in tabular.read(str(csv_path), csv_path.read_bytes()):
        if isinstance(item, SourceItem):
            article = clean_plain_text(item)
            if isinstance(article, CleanArticle):
                published = date.fromisoformat(article.published[:10]) if article.published else None
                found.append((article.text, published))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles (0: all)")
    parser.add_argument("--repeats", type=int, default=1, help="alternate the two passes N times, keep medians")
    args = parser.parse_args()
    csv_path = args.shared / "fakes" / "fakes-dev.csv"
    if not csv_path.exists():
        print(f"missing {csv_path}", file=sys.stderr)
        return 2
    articles = _articles(csv_path)
    if args.limit:
        articles = articles[: args.limit]
    texts = [text for text, _ in articles]
    nlp = load_pipeline()
    list(nlp.pipe(texts[:8]))  # warm up: first calls build caches
    # The first article loads the gazetteer and lexicons (once per process,
    # as in the stage): reported apart, like spaCy's warm-up above.
    first_doc = nlp(texts[0])
    started = time.process_time()
    analyse_doc(first_doc, published=articles[0][1])
    loading = time.process_time() - started

    bare_runs, ours_runs = [], []
    for _ in range(max(1, args.repeats)):
        started = time.process_time()
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
        bare_runs.append(time.process_time() - started)

        started = time.process_time()
        for doc, (_, published) in zip(nlp.pipe(texts, batch_size=BATCH_SIZE), articles):
            analyse_doc(doc, published=published)
        ours_runs.append(time.process_time() - started)
    bare, ours = statistics.median(bare_runs), statistics.median(ours_runs)

    result = {
        "articles": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "repeats": len(bare_runs),
        "bare_spacy_articles_per_cpu_s": round(len(texts) / bare, 1),
        "crosswire_articles_per_cpu_s": round(len(texts) / ours, 1),
        "extractors_cpu_ms_per_article": round(1000 * (ours - bare) / len(texts), 2),
        "ratio_to_bare_spacy": round(bare / ours, 3),
        "first_article_cpu_s": round(loading, 2),
    }
    print(json.dumps(result))
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "understand.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
