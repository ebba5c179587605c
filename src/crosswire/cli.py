"""The crosswire command line: each command parses options and calls the library."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Iterator, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from crosswire.errors import CrosswireError, InputError
from crosswire.store import DEFAULT_DB

if TYPE_CHECKING:
    from crosswire.ingest.fetch import FetchPolicy
    from crosswire.link.substages import SubstageTiming

app = typer.Typer(
    help="Cross-check conflict and crisis reporting across sources.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Measure crosswire on public data sets; prints scores.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

stdout = Console()
stderr = Console(stderr=True)

DbOption = Annotated[str, typer.Option("--db", help="SQLite file (or SQLAlchemy URL) of the store.", envvar="CROSSWIRE_DB")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]
UserAgentOption = Annotated[
    Optional[str], typer.Option("--user-agent", help="User-Agent header for fetched pages and feeds (default: crosswire's).")
]


class ExportFormat(str, Enum):
    json = "json"
    csv = "csv"
    geojson = "geojson"
    acled = "acled"
    parquet = "parquet"


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn crosswire's own errors into a one-line message and exit status 2."""
    try:
        yield
    except CrosswireError as error:
        stderr.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error


@contextmanager
def _progress(description: str, *, quiet: bool, total: int | None = None) -> Iterator[Progress]:
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    progress = Progress(*columns, console=stderr, disable=quiet or not stderr.is_terminal, transient=True)
    with progress:
        progress.add_task(description, total=total)
        yield progress


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders or http(s) URLs of articles.", show_default=False)] = [],
    db: DbOption = DEFAULT_DB,
    feed: Annotated[list[str], typer.Option("--feed", help="RSS/Atom feed URL; its entries' pages are fetched.")] = [],
    columns: Annotated[Optional[str], typer.Option(help="CSV column mapping, e.g. 'text=body,title=headline,published=date'.")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Outlet name for every article read (overrides metadata).")] = None,
    allow_private: Annotated[bool, typer.Option(help="Allow fetching from loopback and private network addresses.")] = False,
    user_agent: UserAgentOption = None,
    quiet: QuietOption = False,
    dask: Annotated[
        Optional[str], typer.Option("--dask", help="Read and clean files on a Dask cluster: scheduler address, or 'local'.")
    ] = None,
) -> None:
    """Read articles from files (txt, html, csv, json, jsonl, warc, also .gz), URLs and feeds into the store."""
    from crosswire.scale import ingest as run_ingest
    from crosswire.ingest.readers.tabular import parse_column_mapping

    if not inputs and not feed:
        raise typer.BadParameter("name at least one file, folder, URL or --feed")
    with _user_errors():
        mapping = parse_column_mapping(columns) if columns else None
        with _progress("ingesting", quiet=quiet) as progress:
            report = run_ingest(
                inputs,
                db=db,
                dask=dask,
                feeds=feed,
                columns=mapping,
                outlet=outlet,
                fetch_policy=_fetch_policy(allow_private=allow_private, user_agent=user_agent),
                on_item=lambda _outcome: progress.advance(progress.task_ids[0]),
            )
    if not quiet:
        stdout.print(
            f"read {report.items_read} items in {report.seconds:.1f}s: {report.added} new articles "
            f"({report.copies} near-duplicate copies), {report.duplicates} exact duplicates, "
            f"{report.unchanged} already stored, {len(report.errors)} errors"
        )
        for error in report.errors[:10]:
            stdout.print(f"  [yellow]skipped[/yellow] {error.origin} {error.item}: {error.reason}", highlight=False)
        if len(report.errors) > 10:
            stdout.print(f"  ... and {len(report.errors) - 10} more (see 'crosswire report')")


@app.command()
def analyze(
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Analyse on this many local processes.")] = 1,
    dask: Annotated[
        Optional[str], typer.Option("--dask", help="Analyse on a Dask cluster: scheduler address, or 'local'.")
    ] = None,
) -> None:
    """Find claims, casualty figures, dates, places and event frames in articles not yet analysed."""
    from crosswire.scale import analyze as run_analyze

    with _user_errors(), _progress("analysing", quiet=quiet) as progress:
        report = run_analyze(
            db=db, workers=workers, dask=dask, on_article=lambda: progress.advance(progress.task_ids[0])
        )
    if not quiet:
        stdout.print(
            f"analysed {report.analysed} articles in {report.seconds:.1f}s: {report.sentences} sentences, "
            f"{report.claims} claims, {report.figures} casualty figures, {report.frames} event frames"
        )


@app.command()
def link(
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
    full: Annotated[bool, typer.Option("--full", help="Rebuild every link table, even when only new articles came in.")] = False,
    timings: Annotated[bool, typer.Option("--timings", help="Print time and memory of each substage.")] = False,
) -> None:
    """Link analysed articles across the store: events, stories, origins, figure ranges and grades.

    New articles are linked incrementally: compared with the stored ones, with only the events and stories they
    touch rewritten."""
    from crosswire.link.stage import link as run_link

    with _user_errors():
        _require_store(db)
        result = run_link(db=db, full=full, on_step=_print_timing if timings else None)
    if not quiet:
        state = "nothing new since the last run" if result.unchanged else (
            f"{result.events} events ({result.events_across_articles} in several articles), "
            f"{result.stories} stories ({result.stories_across_articles} in several articles), "
            f"{result.origins} independent origins, {result.contested_events} contested and "
            f"{result.denied_events} denied events"
        )
        how = f" ({result.new_articles} new, {result.rows_written} rows written)" if result.incremental else ""
        stdout.print(f"linked {result.articles} articles{how} in {result.seconds:.1f}s: {state}")


def _print_timing(timing: SubstageTiming) -> None:
    stdout.print(f"  {timing.describe()}", highlight=False, soft_wrap=True)


@app.command()
def watch(
    feed: Annotated[list[str], typer.Option("--feed", help="RSS/Atom feed URL to poll (repeatable).")],
    every: Annotated[str, typer.Option("--every", help="Time between polls: 30s, 15m, 2h.")] = "15m",
    db: DbOption = DEFAULT_DB,
    max_polls: Annotated[Optional[int], typer.Option("--max-polls", min=1, help="Stop after this many polls.")] = None,
    allow_private: Annotated[bool, typer.Option(help="Allow fetching from loopback and private network addresses.")] = False,
    user_agent: UserAgentOption = None,
    quiet: QuietOption = False,
) -> None:
    """Poll feeds: each poll ingests new entries, analyses and links them; one line per poll; Ctrl-C stops."""
    from crosswire.watch import PollReport, parse_interval
    from crosswire.watch import watch as run_watch

    def show(poll: PollReport) -> None:
        if quiet:
            return
        unchanged = f" ({poll.not_modified} not modified)" if poll.not_modified else ""
        how = {"incremental": f"{poll.new_linked} new", "full": "full rebuild"}.get(poll.link_mode, "nothing new")
        stdout.print(
            f"poll {poll.poll}: {poll.feeds} feeds{unchanged}, {poll.entries} entries, {poll.fetched} fetched, "
            f"{poll.added} new articles, {len(poll.errors)} errors; analysed {poll.analysed}; linked "
            f"{poll.linked} articles ({how}): {poll.events} events, {poll.stories} stories "
            f"in {poll.seconds:.1f}s", highlight=False,
        )
        for error in poll.errors[:5]:
            stdout.print(f"  [yellow]skipped[/yellow] {error.origin} {error.item}: {error.reason}", highlight=False)

    with _user_errors():
        interval = parse_interval(every)
        polls = run_watch(feeds=feed, db=db, every=interval, max_polls=max_polls,
                          fetch_policy=_fetch_policy(allow_private=allow_private, user_agent=user_agent),
                          on_poll=show)
    if not quiet and max_polls is None:
        stdout.print(f"stopped after {polls} polls")


@app.command()
def report(
    db: DbOption = DEFAULT_DB,
    html: Annotated[Optional[Path], typer.Option("--html", help="Write a self-contained HTML report to this file instead.")] = None,
) -> None:
    """Print stories and events with figure ranges, grades and top claimants; outlets, places, unreadable items."""
    from crosswire.present.summary import print_summary

    with _user_errors():
        _require_store(db)
        if html is not None:
            from crosswire.present.html.report import write_report

            write_report(db=db, out=html)
            stderr.print(f"wrote {html} ({html.stat().st_size // 1024} KiB)")
            return
        print_summary(db=db, console=stdout)


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    host: Annotated[str, typer.Option("--host", help="Address to bind; the default serves this machine only.")] = "127.0.0.1",
    token: Annotated[Optional[str], typer.Option("--token", envvar="CROSSWIRE_TOKEN", help="Enables POST /api/reload for holders of this token.")] = None,
) -> None:
    """Browse the store in a local, read-only web app: stories, events, articles and a JSON API."""
    from crosswire.present.html.serve import serve as run_server

    with _user_errors():
        _require_store(db)
        run_server(db=db, host=host, port=port, token=token, console=stderr)


@app.command()
def run(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders or URLs of articles.")],
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
) -> None:
    """Ingest, analyse, link and summarise in one go (what 'make demo' runs)."""
    ingest(inputs=inputs, db=db, feed=[], columns=None, outlet=None, allow_private=False, user_agent=None, quiet=quiet)
    analyze(db=db, quiet=quiet)
    link(db=db, quiet=quiet)
    if not quiet:
        report(db=db)


@app.command()
def export(
    db: DbOption = DEFAULT_DB,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="json (docs/OUTPUT.md), csv (one file per record type), geojson (events as points), acled (ACLED-style event rows, CSV) or parquet (one file per store table).")] = ExportFormat.json,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output file (json, geojson, acled; default stdout) or folder (csv, parquet).")] = None,
) -> None:
    """Export the store as JSON (the stable contract), CSV, GeoJSON, ACLED-style rows or Parquet."""
    from crosswire.present.export import export_csv, export_events, export_json, export_parquet

    with _user_errors():
        _require_store(db)
        if format is ExportFormat.json:
            text = export_json(db=db, out=out)
            if text is not None:
                sys.stdout.write(text + "\n")
        elif format in (ExportFormat.geojson, ExportFormat.acled):
            text = export_events(db=db, format=format.value, out=out)
            if text is not None:
                sys.stdout.write(text if text.endswith("\n") else text + "\n")
        elif format is ExportFormat.parquet:
            if out is None:
                raise InputError("Parquet export writes one file per store table: give a folder with --out")
            for path in export_parquet(db=db, out_dir=out):
                stderr.print(f"wrote {path}")
        else:
            if out is None:
                raise InputError("CSV export writes one file per record type: give a folder with --out")
            for path in export_csv(db=db, out_dir=out):
                stderr.print(f"wrote {path}")


# name -> (module, scorer, what the path is, help); each scorer takes a Path and returns a dict of numbers.
_SCORERS: dict[str, tuple[str, str, str, str]] = {
    "extraction": (
        "crosswire.evaluate.extraction", "score_extraction", "Folder with ground-truth.json and html/ID.html.gz.",
        "Main-text extraction against a Scrapinghub-format benchmark (word 4-shingle P/R/F1).",
    ),
    "fakes": (
        "crosswire.evaluate.fakes", "score_fakes", "A FA-KES CSV file.",
        "Main event of each FA-KES article: deaths, governorate, actor, cause and date against the annotation.",
    ),
    "polnear": (
        "crosswire.evaluate.polnear", "score_polnear", "A PolNeAR split folder (text/, attributions/).",
        "Attribution (source, cue, content) against PolNeAR, character-level F1.",
    ),
    "tempeval": (
        "crosswire.evaluate.tempeval", "score_tempeval", "A folder of TimeML (.tml) files.",
        "Date and time expressions against TempEval-3 TimeML: span and value F1.",
    ),
    "geo": (
        "crosswire.evaluate.geo", "score_geo", "The LGL corpus XML file.",
        "Place recognition (span F1) and resolution (share within 161 km) against LGL.",
    ),
    "claim-alignment": (
        "crosswire.evaluate.claim_alignment", "score_claim_alignment", "The FNC-1 folder (train_bodies.csv, train_stances.csv).",
        "Claim alignment as FNC-1 related vs unrelated: headline against its body's most similar sentence.",
    ),
    "emergent": (
        "crosswire.evaluate.emergent", "score_emergent", "An Emergent CSV (claim, article_headline, stance).",
        "Stance of article headlines toward claims (for/against/observing) against Emergent: accuracy.",
    ),
    "credibility": (
        "crosswire.evaluate.credibility", "score_credibility", "A FA-KES CSV file (with its label column).",
        "Credibility signals vs a TF-IDF baseline predicting FA-KES labels: cross-validated AUC and F1.",
    ),
    "ecbplus": (
        "crosswire.evaluate.ecbplus", "score_ecbplus", "The ECB+ topics folder (N/N_Mecb.xml, N/N_Mecbplus.xml).",
        "Cross-article event linking: ECB+ documents grouped into the events they report, B-cubed P/R/F1.",
    ),
    "fakes-linking": (
        "crosswire.evaluate.fakes_linking", "score_fakes_linking", "A FA-KES CSV file.",
        "Cross-article event linking: FA-KES article pairs sharing date, governorate and cause, pair P/R/F1.",
    ),
}


def _register_scorer(name: str, module_name: str, function_name: str, path_help: str, command_help: str) -> None:
    # Defaults, not Annotated: annotations are strings evaluated in module scope, where path_help is unknown.
    def command(
        path: Path = typer.Argument(..., help=path_help, show_default=False),
        as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    ) -> None:
        import importlib

        scorer = getattr(importlib.import_module(module_name), function_name)
        with _user_errors():
            if not path.exists():
                raise InputError(f"{path}: no such file or folder")
            result = scorer(path)
            scores = result.as_dict() if hasattr(result, "as_dict") else dict(result)
        _print_scores(scores, as_json=as_json)

    command.__doc__ = command_help
    eval_app.command(name)(command)


for _name, (_module, _function, _path_help, _help) in _SCORERS.items():
    _register_scorer(_name, _module, _function, _path_help, _help)


@eval_app.command("fnc1")
def eval_fnc1(
    stances: Annotated[Path, typer.Argument(help="FNC-1 stances CSV (Headline, Body ID, Stance).", show_default=False)],
    bodies: Annotated[Path, typer.Argument(help="FNC-1 bodies CSV (Body ID, articleBody).", show_default=False)],
    dev: Annotated[bool, typer.Option("--dev", help="Score only the bodies the shipped model held back (training file).")] = False,
    topics: Annotated[bool, typer.Option(
        "--topics", help="Train on four fifths of the topics (training file) and score the fifth: unseen claims."
    )] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Stance (agree/disagree/discuss/unrelated) against FNC-1: FNC score, macro-F1, per-class F1."""
    from crosswire.evaluate.fnc1 import score_fnc1

    with _user_errors():
        for path in (stances, bodies):
            if not path.is_file():
                raise InputError(f"{path}: no such file")
        scores = score_fnc1(stances, bodies, split="topics" if topics else "dev" if dev else "all")
    _print_scores(scores, as_json=as_json)


def _print_scores(scores: dict[str, float | int], *, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(scores) + "\n")
    else:
        for key, value in scores.items():
            stdout.print(f"{key:>12}  {value}")


def _fetch_policy(*, allow_private: bool, user_agent: str | None) -> FetchPolicy:
    from crosswire.ingest.fetch import FetchPolicy

    policy = FetchPolicy(allow_private=allow_private)
    return policy if not user_agent else replace(policy, user_agent=user_agent)


def _require_store(db: str) -> None:
    if "://" not in db and not Path(db).exists():
        raise InputError(f"no store at {db}; run 'crosswire ingest ... --db {db}' first")


def main() -> None:
    app()
