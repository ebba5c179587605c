"""`crosswire analyze --workers N`: understanding on a local process pool.

Each worker process loads the spaCy pipeline once (pool initializer) and
analyses batches of articles with the same function a single-process run
uses (`analyse_batch`); the parent is the only writer. Workers start with
the "spawn" method: forking a parent that holds an open SQLite connection
and a loaded pipeline is not safe, and spawn behaves the same on every OS.
"""

from __future__ import annotations

import multiprocessing
from contextlib import contextmanager
from functools import partial
from typing import Iterable, Iterator

from crosswire.errors import ConfigError
from crosswire.scale.ordered import ordered_map
from crosswire.understand.stage import ArticleOutcome, BatchRunner, PendingArticle, analyse_batch

# Batches in flight per worker: enough to keep each busy while the parent
# writes, few enough that little text is read ahead.
_BATCHES_PER_WORKER = 2


@contextmanager
def pool_runner(*, workers: int) -> Iterator[BatchRunner]:
    """A batch runner backed by `workers` processes, shut down on exit."""
    if workers < 1:
        raise ConfigError(f"--workers must be at least 1, not {workers}")
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes=workers, initializer=_load_pipeline) as pool:
        yield partial(_run, pool, window=workers * _BATCHES_PER_WORKER)


def _run(
    pool: multiprocessing.pool.Pool, batches: Iterable[list[PendingArticle]], *, window: int
) -> Iterator[list[ArticleOutcome]]:
    def submit(batch: list[PendingArticle]) -> "partial[list[ArticleOutcome]]":
        return partial(pool.apply_async(analyse_batch, (batch,)).get)

    return ordered_map(submit, batches, window=window)


def _load_pipeline() -> None:
    from crosswire.understand.nlp import load_pipeline

    load_pipeline()
