"""A store of N analysed articles cloned at SQL level from a small analysed store (issue 6).

Analysing 100,000 articles with spaCy takes hours; the link stage only reads
what analyze wrote. So this copies an analysed store (e.g. FA-KES dev, made
once with `crosswire ingest` + `crosswire analyze`) round after round until
it holds N articles, every article with all its rows (sentences, entities,
places, times, claims, event frames and actors, figures, furniture, MinHash
signature, analysis markers), under new ids. Each round is the source store
moved elsewhere in time and space, so a round looks like the source corpus
and N articles look like N / 563 such corpora, not like one event told
10,000 times:

- dates: the publication date, frame dates and time values are shifted by
  `round * round_days` (default 28: rounds follow each other, so how many
  articles fall in one month stays the same at any N); dates written in the
  text are left alone;
- places: within each (country, feature) class, the places the source names
  are permuted per round, in the text at the `places` spans and in the
  places and event frame rows alike;
- figures: every number inside a figure's span, and the figure's low and
  high, are scaled by one factor per round (0.5 to 1.6);
- words: a share (`replace`, default 0.2, as in link_scale.py) of the words
  outside entities, places, figures, times, cues and sources is replaced by
  words of other articles, per article, so clones of one article are near
  copies, not exact ones (the link stage's worst case is kept: claim
  alignment and shared passages still see them).

Every character offset is moved with the edits, and text columns that quote
their span (entities.text, figures.text, claims.cue, ...) are re-read from
the new text. Round 0 is the source unchanged. Ids are the source id plus
`-r<round>`; `copy_of` points into the same round; `content_hash` hashes the
round with the text (it is unique in the schema). Only SQLite.

    .venv/bin/python benchmarks/synthetic_store.py --source benchmarks/results/fakes-dev-analysed.sqlite \\
        --articles 100000 --out /tmp/synthetic-100k.sqlite
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sqlite3
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from crosswire.store import open_store

# Tables keyed by article, in parent-before-child order (frame_actors and figures refer to frames and claims).
ARTICLE_TABLES = (
    "removed_furniture", "minhash_signatures", "sentences", "entities", "places", "time_expressions", "claims",
    "event_frames", "frame_actors", "figures", "analyses",
)
# Columns holding a character offset into the article text: (start-like, end-like) pairs.
SPANS = (("start", "end"), ("source_start", "source_end"), ("cue_start", "cue_end"),
         ("content_start", "content_end"))
# Columns that quote the text of their row's span: re-read after the edits.
QUOTES = {"entities": ("text", "start", "end"), "places": ("text", "start", "end"),
          "time_expressions": ("text", "start", "end"), "figures": ("text", "start", "end"),
          "claims": ("cue", "cue_start", "cue_end")}
PROTECTED = ("entities", "places", "time_expressions", "figures")  # whole spans never get a word replaced
_WORD = re.compile(r"[A-Za-z]{4,}")
_DIGITS = re.compile(r"\d+")
_TIMEX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2}))?(.*)$", re.DOTALL)
_STOP = frozenset("""that this with from have were been they their there which would about after said says
    also into than them then when where while will what more most over some such only other these those""".split())


@dataclass(slots=True)
class Template:
    """One source article: its row and rows per table, and where the text may change."""

    article: dict[str, Any]
    rows: dict[str, list[dict[str, Any]]]
    words: np.ndarray  # (k, 2) spans of replaceable words
    place_spans: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, place name)
    number_spans: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, value) inside figures


def read_source(source: Path) -> tuple[list[Template], dict[str, list[str]], list[str]]:
    """Templates of the source store's analysed articles (ingest order), its tables' columns, and a word pool."""
    connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    columns = {table: [r[1] for r in connection.execute(f"pragma table_info({table})")]
               for table in ("articles", *ARTICLE_TABLES)}
    by_article: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for table in ARTICLE_TABLES:
        where = " where stage != 'link'" if table == "analyses" else ""
        order = " order by article_id, position" if "position" in columns[table] else ""
        for row in connection.execute(f"select * from {table}{where}{order}"):
            by_article[row["article_id"]][table].append(dict(row))
    templates: list[Template] = []
    pool: list[str] = []
    for row in connection.execute("select * from articles order by seq"):
        article = dict(row)
        rows = by_article[article["id"]]
        if not rows["analyses"]:
            continue
        template = _template(article, rows)
        pool.extend(article["text"][s:e] for s, e in template.words[::7].tolist())
        templates.append(template)
    connection.close()
    return templates, columns, pool


def _template(article: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> Template:
    text = article["text"]
    protected = np.zeros(len(text) + 1, dtype=bool)
    for table in PROTECTED:
        for row in rows[table]:
            protected[row["start"] : row["end"]] = True
    for row in rows["claims"]:
        for start, end in (("cue_start", "cue_end"), ("source_start", "source_end")):
            if row[start] is not None:
                protected[row[start] : row[end]] = True
    words = [m.span() for m in _WORD.finditer(text)
             if m.group().lower() not in _STOP and not protected[m.start() : m.end()].any()]
    template = Template(article=article, rows=rows, words=np.array(words, dtype=np.int64).reshape(-1, 2))
    template.place_spans = [(r["start"], r["end"], r["name"]) for r in rows["places"] if r["name"]]
    for row in rows["figures"]:
        for match in _DIGITS.finditer(text, row["start"], row["end"]):
            template.number_spans.append((match.start(), match.end(), int(match.group())))
    return template


def place_permutations(templates: Sequence[Template], rounds: int, seed: int) -> list[dict[str, dict[str, Any]]]:
    """Per round: source place name -> the place row fields of the place it becomes."""
    entries: dict[str, dict[str, Any]] = {}
    for template in templates:
        for row in template.rows["places"]:
            if row["name"]:
                entries.setdefault(row["name"], {k: row[k] for k in ("name", "admin1", "country", "lat", "lon",
                                                                     "geonameid", "feature")})
    classes: dict[tuple[Any, Any], list[str]] = defaultdict(list)
    for name, entry in sorted(entries.items()):
        classes[(entry["country"], entry["feature"])].append(name)
    rng = random.Random(seed)
    permutations = []
    for round_ in range(rounds):
        mapping = {name: entries[name] for name in entries}
        if round_:
            for names in classes.values():
                shuffled = rng.sample(names, len(names))
                mapping.update({a: entries[b] for a, b in zip(names, shuffled)})
        permutations.append(mapping)
    return permutations


def shift_date(value: str | None, days: int) -> str | None:
    """A TimeML value or ISO date moved by `days`, at its own precision; anything else unchanged."""
    if not value or not days:
        return value
    match = _TIMEX.match(value)
    if match is None:
        return value
    year, month, day, week, rest = match.groups()
    try:
        if week:
            moved = date.fromisocalendar(int(year), int(week), 1) + timedelta(days=days)
            iso = moved.isocalendar()
            return f"{iso[0]:04d}-W{iso[1]:02d}{rest}"
        moved = date(int(year), int(month or 1), int(day or 1)) + timedelta(days=days)
    except ValueError:
        return value
    if day:
        return f"{moved.isoformat()}{rest}"
    return f"{moved.year:04d}-{moved.month:02d}{rest}" if month else f"{moved.year:04d}{rest}"


@dataclass(slots=True)
class Round:
    index: int
    days: int
    factor: float
    places: dict[str, dict[str, Any]]


def clone(template: Template, round_: Round, rng: np.random.Generator, pool: Sequence[str],
          replace: float) -> dict[str, list[dict[str, Any]]]:
    """The article's rows for one round: new id, edited text, moved offsets, shifted dates and places."""
    suffix = f"-r{round_.index}"
    text = template.article["text"]
    edits: list[tuple[int, int, str]] = []
    if round_.index:
        edits.extend((s, e, round_.places[name]["name"]) for s, e, name in template.place_spans
                     if round_.places[name]["name"] != name)
        edits.extend((s, e, str(max(1, round(v * round_.factor)))) for s, e, v in template.number_spans)
        chosen = template.words[rng.random(len(template.words)) < replace]
        picks = rng.integers(0, len(pool), len(chosen))
        edits.extend((s, e, pool[p]) for (s, e), p in zip(chosen.tolist(), picks.tolist()))
    edits.sort()
    new_text, moved = _apply(text, edits)
    article = dict(template.article)
    article.update(id=article["id"] + suffix, text=new_text, published=shift_date(article["published"], round_.days),
                   copy_of=article["copy_of"] and article["copy_of"] + suffix, word_count=len(new_text.split()),
                   content_hash=hashlib.sha256(f"{round_.index}\x1f{new_text}".encode()).hexdigest())
    out: dict[str, list[dict[str, Any]]] = {"articles": [article]}
    for table, rows in template.rows.items():
        out[table] = [_clone_row(table, row, article["id"], moved, new_text, round_) for row in rows]
    return out


def _apply(text: str, edits: Sequence[tuple[int, int, str]]) -> tuple[str, Callable[[int], int]]:
    """The edited text and a function moving an offset of the old text to the new one."""
    pieces: list[str] = []
    ends: list[int] = []
    last, deltas = 0, [0]
    for start, end, new in edits:
        if start < last:
            continue  # overlapping spans (a place inside a figure): the first edit wins
        pieces.extend((text[last:start], new))
        last = end
        ends.append(end)
        deltas.append(deltas[-1] + len(new) - (end - start))
    pieces.append(text[last:])
    ends_array = np.array(ends, dtype=np.int64)

    def moved(offset: int) -> int:
        return offset + deltas[int(np.searchsorted(ends_array, offset, side="right"))]

    return "".join(pieces), moved


def _clone_row(table: str, row: dict[str, Any], article_id: str, moved: Callable[[int], int], text: str,
               round_: Round) -> dict[str, Any]:
    new = dict(row)
    new["article_id"] = article_id
    for start, end in SPANS:
        if new.get(start) is not None:
            new[start], new[end] = moved(row[start]), moved(row[end])
    quote = QUOTES.get(table)
    if quote is not None and new[quote[1]] is not None:
        new[quote[0]] = text[new[quote[1]] : new[quote[2]]]
    if table == "figures" and round_.index:
        new["low"] = max(1, round(row["low"] * round_.factor)) if row["low"] else row["low"]
        new["high"] = None if row["high"] is None else max(new["low"], round(row["high"] * round_.factor))
    elif table == "places" and row["name"] and round_.index:
        new.update(round_.places[row["name"]])
    elif table == "event_frames":
        new["date"] = shift_date(row["date"], round_.days)
        place = round_.places.get(row["place_name"] or "") if round_.index else None
        if place is not None:
            new.update(place_name=place["name"], admin1=place["admin1"], country=place["country"], lat=place["lat"],
                       lon=place["lon"])
    elif table == "time_expressions":
        new["value"] = shift_date(row["value"], round_.days)
    return new


def build(source: Path, out: Path, *, articles: int, replace: float = 0.2, round_days: int = 28,
          seed: int = 13) -> dict[str, Any]:
    """Write a store of `articles` articles cloned from `source` to `out` (replaced if it exists)."""
    started = time.process_time()
    templates, columns, pool = read_source(source)
    rounds = -(-articles // len(templates))
    permutations = place_permutations(templates, rounds, seed)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)
    open_store(str(out)).dispose()  # the schema, through the store's own migrations
    connection = sqlite3.connect(out)
    connection.executescript("pragma journal_mode=off; pragma synchronous=off; pragma foreign_keys=off;")
    inserts = {table: _insert(table, names) for table, names in columns.items()}
    rng = np.random.default_rng(seed)
    factors = random.Random(seed)
    seq_step = max(t.article["seq"] for t in templates)
    written = 0
    for index in range(rounds):
        round_ = Round(index=index, days=index * round_days, factor=factors.uniform(0.5, 1.6) if index else 1.0,
                       places=permutations[index])
        batch = templates[: articles - written]
        in_round = {t.article["id"] for t in batch}
        tables: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for template in batch:
            for table, rows in clone(template, round_, rng, pool, replace).items():
                tables[table].extend(rows)
        for article in tables["articles"]:
            article["seq"] += index * seq_step
            if article["copy_of"] and article["copy_of"].rsplit("-r", 1)[0] not in in_round:
                article["copy_of"] = None  # its original is beyond N
        for table in ("articles", *ARTICLE_TABLES):
            connection.executemany(inserts[table], _values(tables[table], columns[table]))
        connection.commit()
        written += len(batch)
    connection.close()
    return {"articles": written, "rounds": rounds, "source_articles": len(templates),
            "cpu_seconds": round(time.process_time() - started, 1)}


def _insert(table: str, names: Sequence[str]) -> str:
    quoted = ", ".join(f'"{name}"' for name in names)
    return f"insert into {table} ({quoted}) values ({', '.join('?' * len(names))})"


def _values(rows: Sequence[dict[str, Any]], names: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    return (tuple(row[name] for name in names) for row in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, required=True, help="an analysed store (SQLite)")
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--replace", type=float, default=0.2, help="share of free words replaced per clone")
    parser.add_argument("--round-days", type=int, default=28, help="days between two rounds of clones")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    if not args.source.exists():
        print(f"missing {args.source}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    result = build(args.source, args.out, articles=args.articles, replace=args.replace, round_days=args.round_days,
                   seed=args.seed)
    print(f"{result} in {time.perf_counter() - started:.1f}s wall", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
