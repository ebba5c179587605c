"""The crosswire command line: each command parses options and calls the library."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from crosswire.errors import CrosswireError, InputError
from crosswire.store import DEFAULT_DB

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


class ExportFormat(str, Enum):
    json = "json"
    csv = "csv"


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
    quiet: QuietOption = False,
) -> None:
    """Read articles from files (txt, html, csv, json, jsonl, warc, also .gz), URLs and feeds into the store."""
    from crosswire.ingest import ingest as run_ingest
    from crosswire.ingest.fetch import FetchPolicy
    from crosswire.ingest.readers.tabular import parse_column_mapping

    if not inputs and not feed:
        raise typer.BadParameter("name at least one file, folder, URL or --feed")
    with _user_errors():
        mapping = parse_column_mapping(columns) if columns else None
        with _progress("ingesting", quiet=quiet) as progress:
            report = run_ingest(
                inputs,
                db=db,
                feeds=feed,
                columns=mapping,
                outlet=outlet,
                fetch_policy=FetchPolicy(allow_private=allow_private),
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
def analyze(db: DbOption = DEFAULT_DB, quiet: QuietOption = False) -> None:
    """Find claims, casualty figures, dates, places and event frames in articles not yet analysed."""
    from crosswire.understand import analyze as run_analyze

    with _user_errors(), _progress("analysing", quiet=quiet) as progress:
        report = run_analyze(db=db, on_article=lambda: progress.advance(progress.task_ids[0]))
    if not quiet:
        stdout.print(
            f"analysed {report.analysed} articles in {report.seconds:.1f}s: {report.sentences} sentences, "
            f"{report.claims} claims, {report.figures} casualty figures, {report.frames} event frames"
        )


@app.command()
def report(db: DbOption = DEFAULT_DB) -> None:
    """Print a summary of the store: outlets, most mentioned names, unreadable items."""
    from crosswire.present.summary import print_summary

    with _user_errors():
        _require_store(db)
        print_summary(db=db, console=stdout)


@app.command()
def run(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders or URLs of articles.")],
    db: DbOption = DEFAULT_DB,
    quiet: QuietOption = False,
) -> None:
    """Ingest, analyse and summarise in one go (what 'make demo' runs)."""
    ingest(inputs=inputs, db=db, feed=[], columns=None, outlet=None, allow_private=False, quiet=quiet)
    analyze(db=db, quiet=quiet)
    if not quiet:
        report(db=db)


@app.command()
def export(
    db: DbOption = DEFAULT_DB,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="json (docs/OUTPUT.md) or csv (one file per record type).")] = ExportFormat.json,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output file (json; default stdout) or folder (csv).")] = None,
) -> None:
    """Export the store as JSON (the stable contract) or CSV files."""
    from crosswire.present.export import export_csv, export_json

    with _user_errors():
        _require_store(db)
        if format is ExportFormat.json:
            text = export_json(db=db, out=out)
            if text is not None:
                sys.stdout.write(text + "\n")
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


def _print_scores(scores: dict[str, float | int], *, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(scores) + "\n")
    else:
        for key, value in scores.items():
            stdout.print(f"{key:>12}  {value}")


def _require_store(db: str) -> None:
    if "://" not in db and not Path(db).exists():
        raise InputError(f"no store at {db}; run 'crosswire ingest ... --db {db}' first")


def main() -> None:
    app()
