"""The whole link stage on stores of 1k, 10k and 100k articles: time per article and peak memory (issue 6).

Goal: `crosswire link --full` on a 100,000-article store within 2 GB peak RSS,
with time per article roughly flat from 1k to 100k.

The stores are made by `synthetic_store.py` from an analysed store (by
default FA-KES dev, ingested and analysed once and cached as
`benchmarks/results/fakes-dev-analysed.sqlite`): round after round of
clones, each round moved in time and space and, by default (`--words
mapped`), spelling its content words its own way, so that copies stay as
dense at 100,000 articles as in the source (`--words replaced`: the earlier
stores, where every article has a near copy in every round and pairwise work
per article grows with N by construction). For each size, `crosswire link
--full --timings` runs as its own process on a fresh copy; wall seconds,
CPU seconds (user + system) and peak RSS come from `os.wait4`, the
per-substage lines from `--timings` (CPU seconds, RSS after the step, peak
so far). Results go to
`benchmarks/results/link_stage_scale.json`; a Markdown table is printed.

    .venv/bin/python benchmarks/link_stage_scale.py --shared ../shared/data --sizes 1000,10000,100000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from end_to_end import machine  # noqa: E402
from synthetic_store import WORD_MODES, build  # noqa: E402

CROSSWIRE = Path(sys.executable).parent / "crosswire"
RESULTS = Path(__file__).parent / "results"
SOURCE = RESULTS / "fakes-dev-analysed.sqlite"
_TIMING = re.compile(r"^\s+(?P<name>[\w ]+): (?P<s>[\d.]+) s \((?P<cpu>[\d.]+) CPU s\)"
                     r"(?:, RSS (?P<rss>[\d.]+) MB)?(?:, peak (?P<peak>[\d.]+) MB)?"
                     r"(?:, traced (?P<traced>[\d.]+) MB, step peak (?P<tpeak>[\d.]+) MB)?$")


def analysed_source(shared: Path) -> Path:
    """The cached analysed FA-KES dev store, made with the CLI when missing (spaCy: minutes)."""
    if not SOURCE.exists():
        RESULTS.mkdir(exist_ok=True)
        fakes = shared / "fakes" / "fakes-dev.csv"
        subprocess.run([str(CROSSWIRE), "ingest", str(fakes), "--db", str(SOURCE), "-q"], check=True)
        subprocess.run([str(CROSSWIRE), "analyze", "--db", str(SOURCE), "-q"], check=True)
    return SOURCE


def run_link(db: Path, *, limit_gb: float, trace: bool, src: Path | None = None) -> dict[str, Any]:
    """`crosswire link --full --timings` in its own process: wall, CPU, peak RSS and the substages.

    The child's address space is capped at `limit_gb` (RLIMIT_AS), so that a size that does not fit fails
    with MemoryError instead of pushing a shared machine into swap. `trace` runs it under tracemalloc
    (slower), which adds each substage's own peak of Python and numpy memory. `src`: run the crosswire
    package found there (PYTHONPATH), e.g. a clone of an earlier commit, instead of the installed one."""
    started = time.perf_counter()
    command = [str(CROSSWIRE), "link", "--full", "--timings", "--db", str(db)]
    environment = {**os.environ, **({"PYTHONTRACEMALLOC": "1"} if trace else {}),
                   **({"PYTHONPATH": str(src)} if src else {})}
    limit = int(limit_gb * 2**30)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        # Files, not pipes: the child is reaped by os.wait4 (for its usage), not by communicate().
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, text=True, env=environment,
                                   preexec_fn=cap)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        stdout.seek(0)
        stderr.seek(0)
        out, error = stdout.read(), stderr.read()
    failed = None
    if os.waitstatus_to_exitcode(status) != 0:
        failed = (error.strip().splitlines() or ["no message"])[-1]
        print(f"{' '.join(command)} failed: {error[-2000:]}", file=sys.stderr)
    substages = [
        {"name": m["name"], "seconds": float(m["s"]), "cpu_seconds": float(m["cpu"]),
         "rss_mb": float(m["rss"]) if m["rss"] else None, "peak_rss_mb": float(m["peak"]) if m["peak"] else None,
         "traced_mb": float(m["traced"]) if m["traced"] else None,
         "traced_peak_mb": float(m["tpeak"]) if m["tpeak"] else None}
        for m in (_TIMING.match(line) for line in out.splitlines()) if m
    ]
    return {
        "failed": failed,
        "memory_limit_gb": limit_gb,
        "tracemalloc": trace,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "summary": next((line for line in out.splitlines() if line.startswith("linked")), ""),
        "substages": substages,
    }


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        return {table: int(connection.execute(f"select count(*) from {table}").fetchone()[0])
                for table in ("articles", "claims", "event_frames", "figures", "events", "stories",
                              "shared_passages", "claim_group_members", "claim_stances")}


def measure(
    source: Path, size: int, *, workdir: Path, words: str, replace: float, round_days: int, limit_gb: float,
    trace: bool, base_src: Path | None = None,
) -> dict[str, Any]:
    db = workdir / f"synthetic-{size}.sqlite"
    started = time.perf_counter()
    built = build(source, db, articles=size, words=words, replace=replace, round_days=round_days)
    built["seconds"] = round(time.perf_counter() - started, 1)
    print(f"built {size}: {built}", file=sys.stderr)
    base = None
    if base_src is not None:  # the same store, linked by the base code first, on its own copy
        copy = workdir / f"synthetic-{size}-base.sqlite"
        with sqlite3.connect(db) as original, sqlite3.connect(copy) as target:
            original.backup(target)
        base = run_link(copy, limit_gb=limit_gb, trace=trace, src=base_src)
        base["rows"] = counts(copy)
        base["src"] = str(base_src)
    link = run_link(db, limit_gb=limit_gb, trace=trace)
    rows = counts(db)
    return {
        "articles": rows["articles"], "build": built, "link": link, "rows": rows, "base": base,
        "cpu_ms_per_article": round(1000 * link["cpu_seconds"] / rows["articles"], 2),
        "words": words, "replace": replace, "round_days": round_days, "date": date.today().isoformat(),
        "machine": machine(),
    }


def markdown(results: list[dict[str, Any]]) -> str:
    names = [s["name"] for s in results[-1]["link"]["substages"]]
    lines = ["| articles | code | wall s | CPU s | CPU ms/article | peak RSS MB | CPU s per substage (RSS after, MB) |",
             "|---|---|---|---|---|---|---|"]
    for result in results:
        for code, link in (("base", result.get("base")), ("this", result["link"])):
            if link is None:
                continue
            by_name = {s["name"]: s for s in link["substages"]}
            parts = ", ".join(f"{name} {by_name[name]['cpu_seconds']:.1f} ({by_name[name]['rss_mb'] or 0:.0f})"
                              for name in names if name in by_name and by_name[name]["cpu_seconds"] >= 0.05)
            failed = f" (failed: {link['failed']})" if link.get("failed") else ""
            per_article = 1000 * link["cpu_seconds"] / result["articles"]
            lines.append(f"| {result['articles']} | {code} | {link['seconds']} | {link['cpu_seconds']}{failed} | "
                         f"{per_article:.2f} | {link['peak_rss_mb']:.0f} | {parts} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--source", type=Path, default=None, help="an analysed store (default: FA-KES dev, cached)")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--workdir", type=Path, default=RESULTS, help="where the synthetic stores are written")
    parser.add_argument("--words", choices=WORD_MODES, default="mapped",
                        help="how clones differ from their source (synthetic_store.py): mapped (constant copy "
                             "density) or replaced (the earlier stores)")
    parser.add_argument("--replace", type=float, default=0.2, help="share of words replaced (--words replaced)")
    parser.add_argument("--round-days", type=int, default=28)
    parser.add_argument("--keep", action="store_true", help="keep the synthetic stores")
    parser.add_argument("--memory-limit-gb", type=float, default=6.0, help="address-space cap of the link process")
    parser.add_argument("--base-src", type=Path, default=None,
                        help="also link each store with the crosswire package of this src directory (e.g. a clone "
                             "of the base commit), first, on a copy of the same store")
    parser.add_argument("--base-sizes", default=None, help="sizes linked with --base-src too (default: all)")
    parser.add_argument("--tracemalloc", action="store_true", help="also each substage's traced peak (slower)")
    args = parser.parse_args()
    source = args.source or analysed_source(args.shared)
    args.workdir.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "link_stage_scale.json"
    stored = json.loads(path.read_text()) if path.exists() else {}
    results = []
    base_sizes = None if args.base_sizes is None else {int(s) for s in args.base_sizes.split(",") if s.strip()}
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        base_src = args.base_src if base_sizes is None or size in base_sizes else None
        result = measure(source, size, workdir=args.workdir, words=args.words, replace=args.replace,
                         round_days=args.round_days, limit_gb=args.memory_limit_gb, trace=args.tracemalloc,
                         base_src=base_src)
        print(json.dumps(result), flush=True)
        results.append(result)
        stored[str(size) if args.words == "mapped" else f"{size}-{args.words}"] = result
        RESULTS.mkdir(exist_ok=True)
        path.write_text(json.dumps(stored, indent=2) + "\n", encoding="utf-8")
        if not args.keep:
            for name in (f"synthetic-{size}", f"synthetic-{size}-base"):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{args.workdir / name}.sqlite{suffix}").unlink(missing_ok=True)
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
