"""`crosswire analyze --workers 2` against `--workers 1` on the same store, same run.

Ingests the first N FA-KES dev articles (default 200) once, copies the store
per configuration and runs `crosswire analyze` as its own process, as a user
runs it (start-up, model loading in the parent and each worker included).
Also checks that every understanding table is identical to the 1-process
store. The code is copied to a temporary folder first, so that edits to
the working tree during the run do not mix versions. With `--dask` it adds `--dask local` (a LocalCluster of 2 processes).

    .venv/bin/python benchmarks/scale_workers.py --shared ../shared/data --articles 200
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TABLES = ("analyses", "sentences", "entities", "claims", "event_frames", "frame_actors", "figures", "time_expressions", "places")
BIN = Path(sys.executable).parent


def _slice_csv(source: Path, target: Path, articles: int) -> None:
    # latin-1 both ways keeps the bytes as they are (the file mixes encodings).
    with source.open(newline="", encoding="latin-1") as reader, target.open("w", newline="", encoding="latin-1") as writer:
        rows = csv.reader(reader)
        csv.writer(writer).writerows(row for _, row in zip(range(articles + 1), rows))


def _rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(db)
    found = {}
    for table in TABLES:
        columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})") if row[1] != "done_at"]
        query = f"SELECT {', '.join(repr(c).replace(chr(39), chr(34)) for c in columns)} FROM {table}"
        found[table] = sorted(connection.execute(query).fetchall(), key=repr)
    connection.close()
    return found


def _timed(arguments: list[str]) -> tuple[float, float]:
    """(wall s, CPU s of the process and its children)."""
    started, cpu_before = time.perf_counter(), os.times()
    subprocess.run(arguments, check=True, stdout=subprocess.DEVNULL)
    cpu_after = os.times()
    cpu = (cpu_after.children_user - cpu_before.children_user) + (cpu_after.children_system - cpu_before.children_system)
    return time.perf_counter() - started, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=2, help="runs per configuration, interleaved; median kept")
    parser.add_argument("--dask", action="store_true", help="also measure --dask local")
    args = parser.parse_args()
    source = args.shared / "fakes" / "fakes-dev.csv"
    if not source.exists():
        print(f"missing {source}", file=sys.stderr)
        return 2
    configurations = {"workers 1": ["--workers", "1"], "workers 2": ["--workers", "2"]}
    if args.dask:
        configurations["dask local"] = ["--dask", "local"]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        # Run one copy of the code throughout: in a working tree that others edit, the
        # configurations must not measure (or compare) different versions.
        shutil.copytree(Path(__file__).resolve().parents[1] / "src" / "crosswire", work / "code" / "crosswire")
        os.environ["PYTHONPATH"] = str(work / "code")
        _slice_csv(source, work / "slice.csv", args.articles)
        base = work / "base.sqlite"
        subprocess.run([str(BIN / "crosswire"), "ingest", str(work / "slice.csv"), "--db", str(base), "-q"], check=True)
        articles = sqlite3.connect(base).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        result: dict[str, object] = {"articles": articles, "cpus": os.cpu_count(), "load_average": os.getloadavg()[0]}
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in configurations}
        identical: dict[str, bool] = {}
        reference = None
        # Interleaved (1, 2, 2, 1, ...) so that a change in the machine's load hits both alike.
        for repeat in range(args.repeats):
            for name in list(configurations)[:: 1 if repeat % 2 == 0 else -1]:
                store = work / f"{name.replace(' ', '-')}-{repeat}.sqlite"  # never reuse: a stale -wal file would apply
                shutil.copy(base, store)
                runs[name].append(_timed([str(BIN / "crosswire"), "analyze", "--db", str(store), "-q", *configurations[name]]))
                rows = _rows(store)
                reference = reference or rows
                identical[name] = identical.get(name, True) and rows == reference
        for name, timings in runs.items():
            wall, cpu = statistics.median(t[0] for t in timings), statistics.median(t[1] for t in timings)
            result[name] = {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "identical_to_1": identical[name]}
        result["load_average_after"] = os.getloadavg()[0]
        one = result["workers 1"]["wall_s"]  # type: ignore[index]
        for name in configurations:
            result[name]["speedup"] = round(one / result[name]["wall_s"], 2)  # type: ignore[index]
    print(json.dumps(result))
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "scale_workers.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
