"""Scale: run ingest and understanding on several local processes or a Dask cluster.

Workers compute, this process writes: `analyze` here picks a batch runner
and hands it to `crosswire.understand.stage.analyze`, which stays the single
writer. Dask is imported only when `dask` is given, so the command line
starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, ContextManager, Sequence

from crosswire.errors import ConfigError
if TYPE_CHECKING:
    from crosswire.ingest.pipeline import IngestReport
    from crosswire.understand.stage import AnalyzeReport, BatchRunner

# Smaller than a single-process batch so that work spreads evenly over workers.
PARALLEL_BATCH_SIZE = 8

__all__ = ["PARALLEL_BATCH_SIZE", "analyze", "ingest"]


def analyze(
    *,
    db: str,
    workers: int = 1,
    dask: str | None = None,
    on_article: Callable[[], None] | None = None,
) -> AnalyzeReport:
    """Analyse pending articles of `db` on `workers` processes or the Dask scheduler `dask`."""
    from crosswire.understand.stage import analyze as analyze_stage

    if workers < 1:
        raise ConfigError(f"--workers must be at least 1, not {workers}")
    if dask is not None and workers != 1:
        raise ConfigError("give either --workers or --dask, not both")
    if dask is None and workers == 1:
        return analyze_stage(db=db, on_article=on_article)
    with _runner(workers=workers, dask=dask) as runner:
        return analyze_stage(db=db, on_article=on_article, runner=runner, batch_size=PARALLEL_BATCH_SIZE)


def ingest(inputs: Sequence[str], *, db: str, dask: str | None = None, **options: Any) -> IngestReport:
    """`crosswire.ingest.ingest`, with files read and cleaned on the Dask scheduler `dask` when given."""
    if dask is None:
        from crosswire.ingest import ingest as ingest_here

        return ingest_here(inputs, db=db, **options)
    from crosswire.scale.dask_runner import dask_ingest

    return dask_ingest(inputs, db=db, address=dask, **options)


def _runner(*, workers: int, dask: str | None) -> ContextManager[BatchRunner]:
    if dask is not None:
        from crosswire.scale.dask_runner import dask_runner

        return dask_runner(address=dask)
    from crosswire.scale.workers import pool_runner

    return pool_runner(workers=workers)
