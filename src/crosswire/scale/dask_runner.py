"""`crosswire analyze --dask ADDRESS`: understanding on a Dask cluster.

The tasks are the same functions a single-process run calls
(`analyse_batch`); this process stays the only writer, so a SQLite store
sees one writer and PostgreSQL gets the same rows in the same order.
`local` starts a LocalCluster on this machine (2 worker processes, one
thread each: spaCy releases little of the GIL, so processes, not threads,
give parallelism). Workers of a remote cluster need crosswire and the same
spaCy model installed; a worker with another version is refused, since its
rows would be marked with this process's version.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

from crosswire.errors import ConfigError
from crosswire.scale.ordered import ordered_map
from crosswire.understand.stage import ArticleOutcome, BatchRunner, PendingArticle, analyse_batch, analysis_version

if TYPE_CHECKING:
    from distributed import Client

    from crosswire.ingest.pipeline import IngestReport

LOCAL = "local"
LOCAL_WORKERS = 2
# Batches in flight per worker thread (see scale.workers).
_BATCHES_PER_WORKER = 2


@contextmanager
def dask_client(address: str) -> Iterator[Client]:
    """A Client of the scheduler at `address`, or of a new LocalCluster for "local"."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:  # pragma: no cover - distributed is a pinned requirement
        raise ConfigError("--dask needs the 'distributed' package; run 'make install'") from error
    if address == LOCAL:
        cluster = LocalCluster(
            n_workers=LOCAL_WORKERS,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,
        )
        with cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address)  # waits distributed.comm.timeouts.connect (dask config, 30 s)
    except (OSError, TimeoutError, ValueError) as error:
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {error}") from error
    with client:
        yield client


@contextmanager
def dask_runner(*, address: str) -> Iterator[BatchRunner]:
    """A batch runner that submits `analyse_batch` tasks to a Dask cluster."""
    with dask_client(address) as client:
        _check_worker_versions(client)
        yield partial(_run, client, window=_threads(client) * _BATCHES_PER_WORKER)


def dask_ingest(
    inputs: Sequence[str], *, db: str, address: str, **options: Any
) -> IngestReport:
    """`crosswire ingest --dask`: read and clean one input file per task; store here, in input order.

    `options` are those of `crosswire.ingest.ingest` (feeds, columns, outlet, ...).

    Workers open the files by their path, so a remote cluster needs them on a
    shared file system. URLs and feeds are fetched by this process.
    """
    from crosswire.ingest import pipeline

    with dask_client(address) as client:
        window = _threads(client) * _BATCHES_PER_WORKER

        def mapper(function: Callable[[Any], Any], entries: Iterable[Any]) -> Iterator[Any]:
            return ordered_map(lambda entry: client.submit(function, entry, pure=False).result, entries, window=window)

        return pipeline.ingest(inputs, db=db, file_mapper=mapper, **options)


def _threads(client: Client) -> int:
    return max(1, sum(int(info.get("nthreads", 1)) for info in client.scheduler_info()["workers"].values()))


def _run(client: Client, batches: Iterable[list[PendingArticle]], *, window: int) -> Iterator[list[ArticleOutcome]]:
    def submit(batch: list[PendingArticle]) -> Any:
        return client.submit(analyse_batch, batch, pure=False).result

    return ordered_map(submit, batches, window=window)


def _check_worker_versions(client: Client) -> None:
    """Refuse workers whose model or extractors differ from this process's (also warms them up)."""
    expected = analysis_version()
    found: dict[str, str] = client.run(analysis_version)
    different = {worker: version for worker, version in found.items() if version != expected}
    if different:
        worker, version = next(iter(different.items()))
        raise ConfigError(f"Dask worker {worker} runs {version}, this process {expected}; install the same crosswire and model")
