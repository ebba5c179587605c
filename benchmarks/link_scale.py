"""Cross-article event linking time per mention as the collection grows (issue 6).

`link_event_mentions` is timed on synthetic collections of 1k, 10k, 100k (and
1M, if asked for and the machine holds it) event mentions, with article
texts. The synthetic mentions are made from real ones: the FA-KES dev
articles go once through the understand pipeline (the same `analyse_texts`
the FA-KES scorers use; the mentions are cached as JSON under
`benchmarks/results/`), then each synthetic article copies one real article's
mentions with its date shifted by up to two years, its place swapped for
another real mention's place, its actors shuffled with other mentions'
actors, its figures scaled, and a fifth of its words (evidence and article
text alike) replaced by words of other articles. So the collection looks
like FA-KES at any size: many near-identical stories, a few per real event,
spread over years and governorates.

Each size runs in its own process (`--one N`), so peak RSS (`ru_maxrss`) is
that size's alone; the row also gives the RSS before linking, so the
linker's own share is their difference. Results go to
`benchmarks/results/link_scale.json` and a Markdown table is printed.

    .venv/bin/python benchmarks/link_scale.py --shared ../shared/data --sizes 1000,10000,100000
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import subprocess
import sys
import time
from dataclasses import asdict, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from crosswire.link.records import EventMention, MentionFigure

RESULTS = Path(__file__).parent / "results"
CACHE = RESULTS / "link_scale_mentions.json"
ARTICLE_CHARS = 3000  # article texts cut here so that 1M mentions fit in memory
_SHIFT_DAYS = 730
_REPLACED = 0.2


def base_mentions(shared: Path) -> tuple[list[list[EventMention]], list[str]]:
    """FA-KES dev mentions per article and the article texts (analysed once, then cached)."""
    if CACHE.exists():
        cached = json.loads(CACHE.read_text(encoding="utf-8"))
        return [[_mention(m) for m in article] for article in cached["mentions"]], cached["texts"]
    from crosswire.evaluate.fakes_data import read_fakes_rows
    from crosswire.evaluate.event_mentions import analyse_texts

    rows = [row for row in read_fakes_rows(shared / "fakes" / "fakes-dev.csv") if row.text]
    mentions = list(analyse_texts([(f"row{i:04d}", r.text, r.published) for i, r in enumerate(rows)]))
    texts = [row.text[:ARTICLE_CHARS] for row in rows]
    RESULTS.mkdir(exist_ok=True)
    CACHE.write_text(json.dumps({"mentions": [[asdict(m) for m in a] for a in mentions], "texts": texts}))
    return mentions, texts


def _mention(data: dict[str, Any]) -> EventMention:
    data["actors"] = tuple(tuple(a) for a in data["actors"])
    data["figures"] = tuple(MentionFigure(**f) for f in data["figures"])
    return EventMention(**data)


def synthetic(size: int, shared: Path, seed: int = 0) -> tuple[list[EventMention], dict[str, str]]:
    """At least `size` mentions (whole synthetic articles) and their article texts."""
    articles, texts = base_mentions(shared)
    rng = random.Random(seed)
    vectorised = np.random.default_rng(seed)
    split_texts = [t.split() for t in texts]
    vocabulary = np.array(sorted({w for words in split_texts for w in words}), dtype=object)
    places = [m for a in articles for m in a if m.country]
    actors = [m.actors for a in articles for m in a if m.actors]
    mentions: list[EventMention] = []
    article_texts: dict[str, str] = {}
    number = 0
    while len(mentions) < size:
        base = number % len(articles)
        article_id = f"syn{number:07d}"
        shift = timedelta(days=0 if number < len(articles) else rng.randint(-_SHIFT_DAYS, _SHIFT_DAYS))
        place = rng.choice(places)
        article_texts[article_id] = _perturb(split_texts[base], vocabulary, vectorised)
        for m in articles[base]:
            text = _perturb(m.text.split(), vocabulary, vectorised)
            mentions.append(_shifted(m, article_id, shift, place, rng.choice(actors), text, rng))
        number += 1
    return mentions, article_texts


def _perturb(words: list[str], vocabulary: np.ndarray, rng: np.random.Generator) -> str:
    """The words with a fifth of them (drawn at random) replaced by random words of the collection."""
    out = list(words)
    count = int(len(out) * _REPLACED)
    if count:
        for position, word in zip(rng.integers(0, len(out), count), rng.choice(vocabulary, count)):
            out[position] = word
    return " ".join(out)


def _shifted(
    m: EventMention, article_id: str, shift: timedelta, place: EventMention,
    actors: tuple[tuple[str, str], ...], text: str, rng: random.Random,
) -> EventMention:
    factor = rng.choice((0.5, 0.8, 1.0, 1.25, 2.0))
    return replace(
        m, article_id=article_id, outlet=f"outlet{rng.randint(0, 40)}", published=_moved(m.published, shift),
        date=_moved(m.date, shift) if m.date_precision in ("day", "time") else m.date,
        place_name=place.place_name, admin1=place.admin1, country=place.country, lat=place.lat, lon=place.lon,
        actors=actors if rng.random() < 0.5 else m.actors, text=text,
        figures=tuple(MentionFigure(f.category, max(1, int(f.low * factor)),
                                    None if f.high is None else max(1, int(f.high * factor))) for f in m.figures),
    )


def _moved(value: str | None, shift: timedelta) -> str | None:
    if not value:
        return value
    try:
        return (date.fromisoformat(value[:10]) + shift).isoformat()
    except ValueError:
        return value


def run_one(size: int, shared: Path) -> dict[str, Any]:
    """Generate, then time one `link_event_mentions` call on `size` mentions."""
    from crosswire.link.events import link_event_mentions

    mentions, texts = synthetic(size, shared)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    cpu = time.process_time()
    groups = link_event_mentions(mentions, article_texts=texts)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "mentions": len(mentions), "articles": len(texts), "groups": len(groups),
        "linked": sum(1 for g in groups if len(g) > 1), "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2), "ms_per_mention": round(1000 * seconds / len(mentions), 3),
        "cpu_ms_per_mention": round(1000 * cpu_seconds / len(mentions), 3),
        "rss_before_link_mb": round(before), "peak_rss_mb": round(peak),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"))
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated mention counts")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.shared)))
        return
    base_mentions(args.shared)  # analyse once, before the timed children
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        done = subprocess.run([sys.executable, __file__, "--shared", str(args.shared), "--one", str(size)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            rows.append({"mentions": size, "error": done.stderr.strip().splitlines()[-1:]})
            print(f"{size}: failed {done.stderr[-500:]}", file=sys.stderr)
            continue
        rows.append(json.loads(done.stdout))
        print(json.dumps(rows[-1]), file=sys.stderr)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "link_scale.json").write_text(json.dumps({"machine": platform.machine(), "rows": rows}, indent=1))
    print("| mentions | articles | wall s | CPU s | ms/mention | CPU ms/mention | RSS before link MB | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        if "error" not in r:
            print(f"| {r['mentions']} | {r['articles']} | {r['seconds']} | {r['cpu_seconds']} | {r['ms_per_mention']} "
                  f"| {r['cpu_ms_per_mention']} | {r['rss_before_link_mb']} | {r['peak_rss_mb']} |")


if __name__ == "__main__":
    main()
