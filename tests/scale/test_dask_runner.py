"""`--dask`: ingest and understanding on a LocalCluster of 2 worker processes
write exactly what a single-process run writes."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Iterator

import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.ingest import ingest
from crosswire.scale import analyze as analyze_scaled
from crosswire.scale import ingest as ingest_scaled
from crosswire.understand.stage import analyze
from tests.scale.conftest import INGEST_TABLES, UNDERSTANDING_TABLES, Rows


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a LocalCluster (2 processes, 1 thread each), reached as a remote scheduler would be."""
    from distributed import LocalCluster

    options = {"host": "127.0.0.1", "dashboard_address": "127.0.0.1:0", "silence_logs": logging.ERROR}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, **options) as cluster:
        yield str(cluster.scheduler_address)


def test_dask_ingest_and_analysis_equal_the_single_process_run(
    scheduler: str, corpus: Path, tmp_path: Path, table_rows: Callable[[str, tuple[str, ...]], Rows]
) -> None:
    single, distributed = str(tmp_path / "single.sqlite"), str(tmp_path / "dask.sqlite")

    here = ingest([str(corpus)], db=single)
    there = ingest_scaled([str(corpus)], db=distributed, dask=scheduler)

    assert (there.items_read, there.added, there.duplicates, len(there.errors)) == (here.items_read, 8, 1, 1)
    assert table_rows(distributed, INGEST_TABLES) == table_rows(single, INGEST_TABLES)

    analyze(db=single)
    report = analyze_scaled(db=distributed, dask=scheduler)

    assert (report.analysed, report.failed) == (8, 0)
    expected, found = table_rows(single, UNDERSTANDING_TABLES), table_rows(distributed, UNDERSTANDING_TABLES)
    assert len(expected["sentences"]) > 100 and len(expected["places"]) > 20
    for table in UNDERSTANDING_TABLES:
        assert found[table] == expected[table], table


def test_unreachable_scheduler_is_a_clear_error(db: str) -> None:
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        result = CliRunner().invoke(app, ["analyze", "--db", db, "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output


def test_cli_ingest_on_a_local_cluster(db: str, corpus: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(corpus / "seeds"), "--db", db, "--dask", "local"])

    assert result.exit_code == 0, result.output
    assert "read 2 items" in result.output and "2 new articles" in result.output
