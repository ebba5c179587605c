"""`crosswire analyze --workers N` writes exactly what a single-process run writes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Callable, Iterable, Iterator

from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.ingest import ingest
from crosswire.scale.ordered import ordered_map
from crosswire.understand.stage import ArticleOutcome, PendingArticle, analyze
from tests.scale.conftest import UNDERSTANDING_TABLES, Rows


def test_two_workers_write_the_same_rows_as_one_process(
    corpus: Path, tmp_path: Path, table_rows: Callable[[str, tuple[str, ...]], Rows]
) -> None:
    single, parallel = str(tmp_path / "single.sqlite"), str(tmp_path / "parallel.sqlite")
    ingest([str(corpus)], db=single)
    shutil.copy(single, parallel)

    one = analyze(db=single)
    result = CliRunner().invoke(app, ["analyze", "--db", parallel, "--workers", "2"])

    assert result.exit_code == 0, result.output
    assert f"analysed {one.analysed} articles" in result.output
    assert one.analysed == 8 and one.failed == 0  # 2 seeds + 6 FA-KES rows + nothing for the duplicate
    expected, found = table_rows(single, UNDERSTANDING_TABLES), table_rows(parallel, UNDERSTANDING_TABLES)
    assert len(expected["claims"]) > 50 and len(expected["figures"]) > 10
    for table in UNDERSTANDING_TABLES:
        assert found[table] == expected[table], table
    rerun = CliRunner().invoke(app, ["analyze", "--db", parallel, "--workers", "2"])
    assert "analysed 0 articles" in rerun.output  # nothing pending: no pool work, no rows changed


def test_a_failed_article_from_a_runner_is_recorded_and_the_run_goes_on(corpus: Path, db: str) -> None:
    ingest([str(corpus / "seeds")], db=db)

    def runner(batches: Iterable[list[PendingArticle]]) -> Iterator[list[ArticleOutcome]]:
        for batch in batches:
            yield [ArticleOutcome(article.article_id, failure="analysis failed: ValueError: boom") for article in batch]

    report = analyze(db=db, runner=runner, batch_size=1)

    assert (report.analysed, report.failed) == (0, 2)
    store = sqlite3.connect(db)
    ids = [row[0] for row in store.execute("SELECT id FROM articles ORDER BY seq")]
    errors = store.execute("SELECT origin, item, reason FROM ingest_errors ORDER BY id").fetchall()
    assert errors == [(f"article {article_id}", "analyze", "analysis failed: ValueError: boom") for article_id in ids]
    assert store.execute("SELECT COUNT(*) FROM analyses").fetchone() == (0,)  # still pending for the next run


def test_ordered_map_keeps_input_order_and_bounds_work_in_flight() -> None:
    submitted: list[int] = []
    done: list[int] = []

    def submit(item: int) -> Callable[[], int]:
        submitted.append(item)
        assert len(submitted) - len(done) <= 3  # never more than the window unfinished

        def wait() -> int:
            done.append(item)
            return item * 10

        return wait

    assert list(ordered_map(submit, range(10), window=3)) == [value * 10 for value in range(10)]
    assert submitted == done == list(range(10))


def test_workers_and_dask_together_are_refused(db: str) -> None:
    result = CliRunner().invoke(app, ["analyze", "--db", db, "--workers", "2", "--dask", "local"])
    assert result.exit_code == 2
    assert "either --workers or --dask" in result.output
