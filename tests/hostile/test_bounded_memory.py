"""Large container files are ingested as streams: the ingest process's peak
memory does not grow with the file (issue 7, item 1).

Each file is written here, streaming, and ingested by the real CLI in a child
process whose peak RSS is measured. Before the readers streamed, an 80 MB
CSV took ~600 MB and a 170 MB one ~1.1 GB; streaming, both stay ~155 MB.
Rows are long and mostly exact repeats (as wire copies are), because memory,
not ingest speed, is what is measured here.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO = Path(__file__).resolve().parents[2]
# Peak RSS of the ingest child over that of ingesting a one-row file (the
# interpreter and crosswire's imports, ~135 MB), whatever the file's size.
# Measured: ~20 MB streaming; 500 (CSV), 250 (.jsonl.gz), 150 (WARC) before.
MAX_GROWTH_MB = 80
ROWS = 800  # of ~100 KB each: ~80 MB of text
DISTINCT = 12
_WORDS = (
    "shelling town district civilians officials said army rebels convoy aid border ceasefire talks "
    "minister strike hospital school market village province governor militia drone airport bridge "
    "refugees camp council spokesman witnesses report attack checkpoint fighters troops forces"
).split()


def _bodies(rows: int, *, size: int = 100_000) -> Iterator[str]:
    """`rows` article texts of about `size` characters, DISTINCT of them repeated."""
    rng = random.Random(7)
    distinct: list[str] = []
    for n in range(DISTINCT):
        sentences = (" ".join(rng.choice(_WORDS) for _ in range(14)).capitalize() + "." for _ in range(size // 100))
        distinct.append(f"Report {n}. " + " ".join(sentences))
    for n in range(rows):
        yield distinct[n % DISTINCT]


def _write_csv(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["title", "text", "url"])
        for n, body in enumerate(_bodies(ROWS)):
            writer.writerow([f"Title {n}", body, f"https://example.com/{n}"])


def _write_jsonl_gz(path: Path) -> None:
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        for n, body in enumerate(_bodies(ROWS)):
            out.write(json.dumps({"title": f"Title {n}", "text": body, "url": f"https://example.com/{n}"}) + "\n")


def _write_warc(path: Path) -> None:
    """A crawl as crawls are: mostly images, with a page now and then."""
    html = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
    blob = random.Random(3).randbytes(80_000)
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        for n, body in enumerate(_bodies(40, size=20_000)):
            page = f"<html><head><title>Page {n}</title></head><body><article><p>{body}</p></article></body></html>"
            record = writer.create_warc_record(
                f"https://example.com/{n}", "response", payload=io.BytesIO(page.encode()), http_headers=html
            )
            writer.write_record(record)
            for k in range(25):
                record = writer.create_warc_record(
                    f"https://example.com/{n}/{k}.jpg", "response", payload=io.BytesIO(blob), http_headers=image
                )
                writer.write_record(record)


def _ingest(path: Path, db: Path) -> tuple[int, str, float]:
    """Run `crosswire ingest` on `path` alone: (exit code, stderr, peak RSS in MB).

    os.wait4 gives this child's own peak, where RUSAGE_CHILDREN would give
    the largest of every child this test process ever waited for.
    """
    command = [sys.executable, "-c", "from crosswire.cli import main; main()", "ingest", str(path), "--db", str(db), "-q"]
    log = path.with_name("stderr.txt")
    with log.open("wb") as stderr:
        child = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            child.returncode = 0  # reaped above; keeps Popen from waiting again
    return os.waitstatus_to_exitcode(status), log.read_text(errors="replace"), usage.ru_maxrss / 1024


def _counts(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as connection:
        articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        sources = connection.execute("SELECT count(*) FROM article_sources").fetchone()[0]
        errors = connection.execute("SELECT count(*) FROM ingest_errors").fetchone()[0]
    return int(articles), int(sources), int(errors)


@pytest.fixture(scope="module")
def baseline_mb(tmp_path_factory: pytest.TempPathFactory) -> float:
    """Peak RSS of ingesting a one-row CSV: what any ingest takes."""
    folder = tmp_path_factory.mktemp("baseline")
    path = folder / "one.csv"
    path.write_text("title,text\nOne,Shelling hit the town on Tuesday, officials said; aid was blocked.\n", encoding="utf-8")
    code, stderr, peak_mb = _ingest(path, folder / "store.sqlite")
    assert code == 0, stderr[-2000:]
    return peak_mb


@pytest.mark.parametrize(
    ("name", "write", "min_mb", "expected"),
    [
        ("big.csv", _write_csv, 75, (DISTINCT, ROWS, 0)),
        ("big.jsonl.gz", _write_jsonl_gz, 15, (DISTINCT, ROWS, 0)),
        ("crawl.warc", _write_warc, 60, (DISTINCT, 40, 0)),
    ],
)
def test_a_large_file_is_ingested_in_bounded_memory(
    tmp_path: Path, baseline_mb: float, name: str, write: Callable[[Path], None], min_mb: int, expected: tuple[int, int, int]
) -> None:
    path = tmp_path / name
    write(path)
    assert path.stat().st_size > min_mb * 1024 * 1024

    code, stderr, peak_mb = _ingest(path, tmp_path / "store.sqlite")

    size_mb = path.stat().st_size / 2**20
    print(f"{name}: {size_mb:.0f} MiB, peak RSS {peak_mb:.0f} MB (one-row file: {baseline_mb:.0f} MB)")
    assert code == 0, stderr[-2000:]
    assert _counts(tmp_path / "store.sqlite") == expected
    assert peak_mb - baseline_mb < MAX_GROWTH_MB, f"peak memory {peak_mb:.0f} MB for a {size_mb:.0f} MiB {name}"
