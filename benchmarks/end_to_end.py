"""End-to-end throughput and peak memory: ingest + analyze (+ link, when the
link stage exists) as a user runs them, one `crosswire` process per stage.

Corpora:
- `fakes`: the FA-KES dev CSV (573 articles) from the shared data.
- `synthetic`: N articles made by perturbing FA-KES dev rows: each takes one
  row's lead sentence, shuffles the rest of its sentences together with a few
  sentences of two other rows, swaps Syrian place names for others and
  scales every number. Written to a temporary CSV in FA-KES format (never
  committed; `--workdir` keeps it). Article i is a clone of row i mod 573, so
  the corpus comes in rounds of 573; each round after the first spells its
  content words its own way (a substitution of letters per round, as
  `synthetic_store.py --words mapped` does on analysed stores), keeping stop
  words, reporting cues, place names, month and day names and the casualty
  and attack vocabulary the extractors read. Without that, every row would
  have a near copy in every round (175 at 100,000 articles) and the work of
  near-duplicate detection and linking per article would grow with N by
  construction, which no real collection does (`--words copied` keeps the
  old corpus for comparison).

Each stage runs as its own `crosswire` subprocess, timed by wall clock; its
peak resident memory is the child's `ru_maxrss` from `os.wait4`. Articles/s
is stored articles over the summed wall time of all stages (model loading
included, as a user would see it). Results go to
`benchmarks/results/end_to_end.json` and a Markdown row is printed.

    .venv/bin/python benchmarks/end_to_end.py --shared ../shared/data --corpus fakes
    .venv/bin/python benchmarks/end_to_end.py --corpus synthetic --articles 2000
    .venv/bin/python benchmarks/end_to_end.py --corpus synthetic --articles 100000 --stages ingest
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import os
import platform
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic_store import _WORD, _kept, round_letters  # noqa: E402

CROSSWIRE = Path(sys.executable).parent / "crosswire"
RESULTS = Path(__file__).parent / "results" / "end_to_end.json"
FAKES_COLUMNS = (
    "unit_id", "article_title", "article_content", "source", "date", "location", "actor",
    "cause_of_death", "nb_children", "nb_civilians", "nb_noncivilians", "nb_women", "label",
)
PLACES = (
    "Aleppo", "Idlib", "Damascus", "Homs", "Hama", "Raqqa", "Deir ez-Zor", "Daraa", "Latakia", "Tartous",
    "Qamishli", "Douma", "Palmyra", "Manbij", "Afrin", "Jisr al-Shughur", "Khan Sheikhoun", "Eastern Ghouta",
)
_PLACE_PATTERN = re.compile(r"\b(" + "|".join(re.escape(p) for p in PLACES) + r")\b")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# Counts, not dates: a number next to a month name, or a plausible year, is left alone.
_NUMBER = re.compile(rf"(?P<date>\b{_MONTH} \d{{1,2}}\b|\b\d{{1,2}} {_MONTH})|\b(?P<count>\d{{1,6}})\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def read_fakes(path: Path) -> list[dict[str, str]]:
    """FA-KES rows; the file mixes stray Windows-1252 bytes into UTF-8."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    return [row for row in csv.DictReader(io.StringIO(text)) if (row.get("article_content") or "").strip()]


def perturb(rows: list[dict[str, str]], index: int, rng: random.Random, *, seed: int = 13,
            mapped: bool = True) -> dict[str, str]:
    """One synthetic article from row `index % len(rows)` and two donor rows."""
    base = rows[index % len(rows)]
    donors = rng.sample(rows, 2)
    sentences = _SENTENCE_END.split(base["article_content"].strip())
    lead, rest = sentences[0], sentences[1:]
    for donor in donors:
        donated = _SENTENCE_END.split(donor["article_content"].strip())
        rest.extend(rng.sample(donated, min(3, len(donated))))
    rng.shuffle(rest)
    places = dict(zip(PLACES, rng.sample(PLACES, len(PLACES))))

    def swap(text: str) -> str:
        text = _PLACE_PATTERN.sub(lambda m: places[m.group(1)], text)
        return _NUMBER.sub(lambda m: _scaled(m, rng), text)

    row = dict(base)
    row["unit_id"] = f"synthetic-{index}"
    row["article_title"] = swap(base.get("article_title") or "")
    row["article_content"] = swap(" ".join([lead, *rest]))
    if mapped:
        letters = round_letters(index // len(rows), seed)
        row["article_title"] = _spelt(row["article_title"], letters)
        row["article_content"] = _spelt(row["article_content"], letters)
    return row


# Words every round spells alike besides synthetic_store's kept words: what the extractors key on.
_KEPT_PREFIXES = (
    "kill", "dead", "death", "died", "wound", "injur", "massacr", "execut", "casualt", "missing", "displac",
    "refugee", "captur", "abduct", "kidnap", "detain", "arrest", "bomb", "attack", "strike", "struck", "shell",
    "explo", "blast", "raid", "clash", "fight", "battle", "assault", "ambush", "rocket", "missile", "mortar",
    "airstrike", "civilian", "people", "child", "women", "soldier", "troop", "rebel", "militant", "terror",
    "army", "forces", "government", "regime", "opposition", "coalition", "chemical", "suicide", "village",
    "town", "city", "province", "district", "january", "february", "march", "april", "june", "july",
    "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "today", "yesterday", "week", "month", "year",
)
_PLACE_WORDS = frozenset(word.lower() for place in PLACES for word in re.findall(r"[A-Za-z]+", place))


def _spelt(text: str, letters: dict[int, int] | None) -> str:
    if letters is None:
        return text

    def spelt(match: re.Match[str]) -> str:
        word = match.group()
        lower = word.lower()
        if _kept(lower) or lower in _PLACE_WORDS or lower.startswith(_KEPT_PREFIXES):
            return word
        return word.translate(letters)

    return _WORD.sub(spelt, text)


def _scaled(match: re.Match[str], rng: random.Random) -> str:
    number = match.group("count")
    if number is None or 1900 <= int(number) <= 2100:
        return match.group(0)
    value = int(number)
    return str(max(1, round(value * rng.uniform(0.5, 1.6))))


def write_synthetic(rows: list[dict[str, str]], *, articles: int, path: Path, seed: int, mapped: bool = True) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(FAKES_COLUMNS), extrasaction="ignore")
        writer.writeheader()
        for index in range(articles):
            writer.writerow(perturb(rows, index, rng, seed=seed, mapped=mapped))
    return path


def link_command(db: str) -> list[str] | None:
    """How to run the link stage, if this checkout has one."""
    help_text = subprocess.run([str(CROSSWIRE), "--help"], capture_output=True, text=True).stdout
    if re.search(r"^\W*link\b", help_text, flags=re.MULTILINE):
        return [str(CROSSWIRE), "link", "--db", db, "-q"]
    if importlib.util.find_spec("crosswire.link.stage") is not None:
        code = "import sys; from crosswire.link.stage import link; link(db=sys.argv[1])"
        return [sys.executable, "-c", code, db]
    return None


def run_stage(command: list[str], *, optional: bool = False) -> dict[str, float] | None:
    """Wall seconds and peak RSS (MB) of one child process; None when an
    optional stage (link, still being built) fails."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        if optional:
            print(f"skipped: {' '.join(command[:3])} failed: {error.strip().splitlines()[-1:]}", file=sys.stderr)
            return None
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {error[-2000:]}")
    return {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),  # unaffected by other jobs waiting for the cores
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # ru_maxrss is KiB on Linux
    }


def measure(source: Path, *, workdir: Path, stages: list[str], workers: int = 1) -> dict[str, object]:
    db = str(workdir / "bench.sqlite")
    for suffix in ("", "-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)
    commands = {
        "ingest": [str(CROSSWIRE), "ingest", str(source), "--db", db, "-q"],
        "analyze": [str(CROSSWIRE), "analyze", "--db", db, "-q", *(["--workers", str(workers)] if workers > 1 else [])],
    }
    linker = link_command(db)
    if linker is not None:
        commands["link"] = linker
    timings = {}
    for stage in stages:
        if stage in commands and (timing := run_stage(commands[stage], optional=stage == "link")) is not None:
            timings[stage] = timing
    with sqlite3.connect(db) as connection:
        stored = connection.execute("select count(*) from articles").fetchone()[0]
    total = sum(t["seconds"] for t in timings.values())
    cpu = sum(t["cpu_seconds"] for t in timings.values())
    return {
        "articles": stored,
        "stages": timings,
        "seconds": round(total, 1),
        "cpu_seconds": round(cpu, 1),
        "articles_per_s": round(stored / total, 1) if total else None,
        "articles_per_cpu_s": round(stored / cpu, 1) if cpu else None,
        "peak_rss_mb": max(t["peak_rss_mb"] for t in timings.values()),
        "link_stage": "link" in timings,
        "analyze_workers": workers,
    }


def machine() -> str:
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("\n")[0].split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    return f"{platform.machine()}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--corpus", choices=("fakes", "synthetic", "both"), default="both")
    parser.add_argument("--articles", type=int, default=100_000, help="size of the synthetic corpus")
    parser.add_argument("--stages", default="ingest,analyze,link", help="comma-separated subset of ingest,analyze,link")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the store and synthetic CSV here")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--workers", type=int, default=1, help="analyze --workers N (worker processes)")
    parser.add_argument("--words", choices=("mapped", "copied"), default="mapped",
                        help="mapped: each round of 573 clones spells its content words its own way; "
                             "copied: every clone keeps the source's words (copy density grows with N)")
    args = parser.parse_args()
    fakes = args.shared / "fakes" / "fakes-dev.csv"
    if not fakes.exists():
        print(f"missing {fakes}", file=sys.stderr)
        return 2
    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="crosswire-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    corpora = ["fakes", "synthetic"] if args.corpus == "both" else [args.corpus]
    for corpus in corpora:
        if corpus == "fakes":
            source, name = fakes, "FA-KES dev"
        else:
            started = time.perf_counter()
            source = write_synthetic(read_fakes(fakes), articles=args.articles, path=workdir / "synthetic.csv", seed=args.seed,
                                     mapped=args.words == "mapped")
            print(f"wrote {args.articles} synthetic articles in {time.perf_counter() - started:.1f}s", file=sys.stderr)
            name = f"synthetic {args.articles}" + (", words copied" if args.words == "copied" else "")
        result = measure(source, workdir=workdir, stages=stages, workers=args.workers)
        name += f", analyze --workers {args.workers}" if args.workers > 1 else ""
        result.update({"corpus": name, "date": date.today().isoformat(), "machine": machine(), "stages_run": stages})
        results[f"{name} [{','.join(stages)}]"] = result
        print(json.dumps(result))
        print(_markdown_row(result))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def _markdown_row(result: dict[str, object]) -> str:
    stages = result["stages"]
    assert isinstance(stages, dict)
    per_stage = ", ".join(f"{k} {v['seconds']}s ({v['cpu_seconds']} CPU s), {v['peak_rss_mb']:.0f} MB" for k, v in stages.items())
    return (
        f"| {result['corpus']} | {result['articles']} | {per_stage} | {result['seconds']} | "
        f"{result['articles_per_s']} | {result['articles_per_cpu_s']} | {result['peak_rss_mb']:.0f} |"
    )


if __name__ == "__main__":
    sys.exit(main())
