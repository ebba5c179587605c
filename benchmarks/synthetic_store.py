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
- words (`words="mapped"`, the default): each round has its own spelling of
  the source's vocabulary. A substitution of letters drawn per round
  rewrites every word of four letters or more (case kept, length kept)
  except stop words, the reporting cues and hedges the linkers look for,
  outlet names (and claimants that are outlets), and the words inside places
  and figures; claimants, cues and times are rewritten with their text and
  re-read from it, and the same rewriting applies to titles and to event
  actors' names. Within a round, a copy is still a copy (same words, same
  stems, same shared passages) and the round links like the source store;
  across rounds, clones share only what any two corpora of one war share
  (places, outlets, stop words, numbers), not their content words or
  claimants (94% of the content words a round uses are its own). Each
  round's vocabulary is new, so the collection's grows linearly with N:
  faster than a real corpus's (Heaps' law), so vocabulary-sized structures
  are stressed more than they would be;
- words (`words="replaced"`, the old behaviour, kept for comparison with
  earlier runs): a share (`replace`, default 0.2, as in link_scale.py) of
  the words outside entities, places, figures, times, cues and sources is
  replaced by words of other articles, per article, so clones of one article
  are near copies of it in every round.

Why "mapped" is the default: with "replaced", every source article has a
near copy in every round (18 at 10,000 articles, 178 at 100,000), so the
copies of one article, and the pairs that shared passages, provenance and
claim alignment must find and keep, grow with N by construction, which no
real collection does (its copy clusters stay bounded: a wire story is
republished a few dozen times, not once per 563 articles). With "mapped",
copy density is constant, so the pairwise work per article stays that of
the source store and a growing CPU time per article is the product's, not
the data's. The letters are substituted, not the words drawn from a shared
pool, so that each round's vocabulary is as large and as skewed as the
source's: a bijection within one vocabulary would give every word the
document frequency of 1/N of all words (hundreds of claims each at 100,000
articles), a corpus no one writes.

Every character offset is moved with the edits, and text columns that quote
their span (entities.text, figures.text, claims.cue, ...) are re-read from
the new text. Round 0 is the source unchanged. Ids are the source id plus
`-r<round>`; `copy_of` points into the same round; `content_hash` hashes the
round with the text (it is unique in the schema). Only SQLite.

    .venv/bin/python benchmarks/synthetic_store.py --source benchmarks/results/fakes-dev-analysed.sqlite \\
        --articles 100000 --out /tmp/synthetic-100k.sqlite [--words replaced]
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
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from crosswire.link import stance_features
from crosswire.link.claims import claim_terms
from crosswire.link.provenance import outlet_mentions
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
KEPT_SPANS = ("places", "figures")  # ... nor a word mapped (with outlets, and claimants that are outlets)
WORD_MODES = ("mapped", "replaced")
_WORD = re.compile(r"[A-Za-z]{4,}")
_DIGITS = re.compile(r"\d+")
_TIMEX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2}))?(.*)$", re.DOTALL)
_STOP = frozenset("""that this with from have were been they their there which would about after said says
    also into than them then when where while will what more most over some such only other these those""".split())
# Words the linkers treat as more than a content word keep their spelling in every round: stop words (of
# claim alignment, event linking and spaCy), the reporting cues provenance looks for, stance cue words.
_CUES = """according told quoted cited reported reports report interview speaking citing quoting published aired
    broadcast carried said says quotes cites wrote described stated claimed announced learned revealed news""".split()
_KEPT_WORDS = frozenset(
    set(_CUES) | set(STOP_WORDS) | _STOP
    | set(getattr(stance_features, "REFUTING", ())) | set(getattr(stance_features, "HEDGING", ()))
)


@lru_cache(maxsize=None)
def _kept(word: str) -> bool:
    """True for a (lower-cased) word every round spells alike: see `_KEPT_WORDS`; claim alignment's stop
    words are those it makes no term of."""
    return word in _KEPT_WORDS or not claim_terms(word)


@dataclass(slots=True)
class Template:
    """One source article: its row and rows per table, and where the text may change."""

    article: dict[str, Any]
    rows: dict[str, list[dict[str, Any]]]
    words: np.ndarray  # (k, 2) spans of replaceable words
    mapped: np.ndarray  # (k, 2) spans of the words a round spells its own way
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
    template = Template(article=article, rows=rows, words=np.array(words, dtype=np.int64).reshape(-1, 2),
                        mapped=mappable_words(text, rows))
    template.place_spans = [(r["start"], r["end"], r["name"]) for r in rows["places"] if r["name"]]
    for row in rows["figures"]:
        for match in _DIGITS.finditer(text, row["start"], row["end"]):
            template.number_spans.append((match.start(), match.end(), int(match.group())))
    return template


def mappable_words(text: str, rows: dict[str, list[dict[str, Any]]]) -> np.ndarray:
    """(start, end) of the words a round spells its own way: not kept words, and outside places, figures,
    outlet names and claimants that are outlets (provenance reads them)."""
    kept = np.zeros(len(text) + 1, dtype=bool)
    for table in KEPT_SPANS:
        for row in rows[table]:
            kept[row["start"] : row["end"]] = True
    for row in rows["claims"]:
        if row["source_start"] is not None and row["source_type"] == "outlet":
            kept[row["source_start"] : row["source_end"]] = True
    for start, end, _ in outlet_mentions(text):
        kept[start:end] = True
    spans = [m.span() for m in _WORD.finditer(text)
             if not _kept(m.group().lower()) and not kept[m.start() : m.end()].any()]
    return np.array(spans, dtype=np.int64).reshape(-1, 2)


def round_letters(index: int, seed: int) -> dict[int, int] | None:
    """The round's substitution of letters (a `str.translate` table; None for round 0, the source unchanged)."""
    if not index:
        return None
    lower = "abcdefghijklmnopqrstuvwxyz"
    shuffled = "".join(random.Random(f"{seed}:{index}").sample(lower, len(lower)))
    return str.maketrans(lower + lower.upper(), shuffled + shuffled.upper())


def map_words(text: str, letters: dict[int, int] | None) -> str:
    """`text` with its mappable words spelt the round's way (for names and titles, which have no rows to keep)."""
    if letters is None or not text:
        return text
    outlets = [(start, end) for start, end, _ in outlet_mentions(text)]

    def spelt(match: re.Match[str]) -> str:
        word = match.group()
        if _kept(word.lower()) or any(start < match.end() and match.start() < end for start, end in outlets):
            return word
        return word.translate(letters)

    return _WORD.sub(spelt, text)


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
    letters: dict[int, int] | None = None  # words="mapped": the round's spelling (None: words replaced, or round 0)


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
        if round_.letters is not None:
            edits.extend((s, e, text[s:e].translate(round_.letters)) for s, e in template.mapped.tolist())
        else:
            chosen = template.words[rng.random(len(template.words)) < replace]
            picks = rng.integers(0, len(pool), len(chosen))
            edits.extend((s, e, pool[p]) for (s, e), p in zip(chosen.tolist(), picks.tolist()))
    edits.sort()
    new_text, moved = _apply(text, edits)
    article = dict(template.article)
    article.update(id=article["id"] + suffix, text=new_text, published=shift_date(article["published"], round_.days),
                   title=map_words(article["title"], round_.letters),
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
    if table == "claims" and row["source_name"] and row["source_start"] is not None and round_.letters is not None:
        new["source_name"] = text[new["source_start"] : new["source_end"]]  # a claimant is spelt as its span
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
    elif table == "frame_actors":
        new["name"] = map_words(row["name"], round_.letters)
    return new


def build(source: Path, out: Path, *, articles: int, words: str = "mapped", replace: float = 0.2,
          round_days: int = 28, seed: int = 13) -> dict[str, Any]:
    """Write a store of `articles` articles cloned from `source` to `out` (replaced if it exists); `words`
    says how clones differ from their source (see the module docstring), `replace` is used by "replaced"."""
    if words not in WORD_MODES:
        raise ValueError(f"words must be one of {WORD_MODES}, not {words!r}")
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
                       places=permutations[index], letters=round_letters(index, seed) if words == "mapped" else None)
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
    return {"articles": written, "rounds": rounds, "source_articles": len(templates), "words": words,
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
    parser.add_argument("--words", choices=WORD_MODES, default="mapped",
                        help="mapped: each round spells its content words its own way (constant copy density); "
                             "replaced: a share of each clone's words replaced (every article cloned in every round)")
    parser.add_argument("--replace", type=float, default=0.2, help="share of free words replaced per clone "
                        "(--words replaced)")
    parser.add_argument("--round-days", type=int, default=28, help="days between two rounds of clones")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    if not args.source.exists():
        print(f"missing {args.source}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    result = build(args.source, args.out, articles=args.articles, words=args.words, replace=args.replace,
                   round_days=args.round_days, seed=args.seed)
    print(f"{result} in {time.perf_counter() - started:.1f}s wall", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
