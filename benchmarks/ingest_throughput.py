"""Ingest throughput, as a ratio against a bare baseline measured in the same run.

Two corpora from ../shared/data:
- FA-KES dev CSV (573 articles): crosswire ingest vs. a bare loader (csv module
  + one SQLite executemany of the text), which is the floor for any CSV ingest.
- The extraction benchmark's 95 HTML pages: crosswire ingest vs. bare
  trafilatura.extract on the same decoded pages, the floor for HTML ingest.

Each measurement is the median of --repeat runs into a fresh store. Prints a
Markdown table and writes JSON to benchmarks/results/ingest.json.

    .venv/bin/python benchmarks/ingest_throughput.py --shared ../shared/data
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import trafilatura

from crosswire.ingest import ingest
from crosswire.ingest.decoding import decode_html, decode_mixed


def _median_seconds(run: Callable[[Path], int], repeat: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            count = run(Path(folder))
            times.append(time.perf_counter() - started)
    return statistics.median(times), count


def _bare_csv_load(csv_path: Path) -> Callable[[Path], int]:
    def run(folder: Path) -> int:
        rows = list(csv.DictReader(io.StringIO(decode_mixed(csv_path.read_bytes()))))
        with sqlite3.connect(folder / "bare.sqlite") as connection:
            connection.execute("create table articles (title text, text text)")
            connection.executemany(
                "insert into articles values (?, ?)", [(row["article_title"], row["article_content"]) for row in rows]
            )
        return len(rows)

    return run


def _bare_trafilatura(pages: list[Path]) -> Callable[[Path], int]:
    def run(_folder: Path) -> int:
        done = 0
        for page in pages:
            html = decode_html(gzip.decompress(page.read_bytes()))
            if trafilatura.extract(html, include_comments=False):
                done += 1
        return len(pages)

    return run


def _crosswire_ingest(inputs: list[Path]) -> Callable[[Path], int]:
    def run(folder: Path) -> int:
        report = ingest([str(path) for path in inputs], db=str(folder / "store.sqlite"))
        return report.items_read

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"), help="the shared data folder")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    fakes = args.shared / "fakes" / "fakes-dev.csv"
    pages_dir = args.shared / "extraction" / "html"
    if not fakes.exists() or not pages_dir.exists():
        print(f"missing data under {args.shared}: need fakes/fakes-dev.csv and extraction/html", file=sys.stderr)
        return 2
    pages = sorted(pages_dir.glob("*.html.gz"))
    results = []
    for corpus, ours, baseline, baseline_name in [
        ("FA-KES dev CSV", _crosswire_ingest([fakes]), _bare_csv_load(fakes), "csv module + SQLite executemany"),
        ("extraction HTML pages", _crosswire_ingest([pages_dir]), _bare_trafilatura(pages), "bare trafilatura.extract"),
    ]:
        base_seconds, base_n = _median_seconds(baseline, args.repeat)
        our_seconds, our_n = _median_seconds(ours, args.repeat)
        results.append(
            {
                "corpus": corpus,
                "articles": our_n,
                "crosswire_articles_per_s": round(our_n / our_seconds, 1),
                "baseline": baseline_name,
                "baseline_articles_per_s": round(base_n / base_seconds, 1),
                "ratio_to_baseline": round((our_n / our_seconds) / (base_n / base_seconds), 3),
            }
        )
    print(f"ingest throughput, {datetime.now(timezone.utc):%Y-%m-%d}, {platform.machine()}, median of {args.repeat}\n")
    print("| corpus | articles | crosswire art/s | baseline | baseline art/s | ratio |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['corpus']} | {r['articles']} | {r['crosswire_articles_per_s']} | {r['baseline']} "
            f"| {r['baseline_articles_per_s']} | {r['ratio_to_baseline']} |"
        )
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "ingest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
