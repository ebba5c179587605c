"""The understand stage: run spaCy and the extractors over stored articles.

Only articles not yet analysed by the current version (model + extractors)
are processed, so a rerun does nothing and an upgrade redoes everything.
Texts go through `nlp.pipe` in batches; each article's rows are written in
one transaction.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Iterable, Iterator, Sequence

from sqlalchemy import Engine

from crosswire.records import ItemError
from crosswire.store import analysis as analysis_store
from crosswire.store import articles as article_store
from crosswire.store import open_store
from crosswire.understand.article import UNDERSTAND_VERSION, analyse_doc
from crosswire.understand.nlp import load_pipeline, pipeline_version
from crosswire.understand.records import ArticleAnalysis

STAGE = "understand"
BATCH_SIZE = 64
# Longest text given to spaCy; the rest of a longer article is not analysed
# (a million-character "article" is a dump, not a news story).
MAX_CHARS_PER_DOC = 200_000


@dataclass(slots=True)
class AnalyzeReport:
    analysed: int = 0
    sentences: int = 0
    entities: int = 0
    claims: int = 0
    figures: int = 0
    frames: int = 0
    failed: int = 0  # articles whose analysis raised; each is in ingest_errors (item "analyze")
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class PendingArticle:
    """What analysing one article needs: small and picklable, so it can go to a worker process."""

    article_id: str
    text: str
    published: str | None


@dataclass(frozen=True, slots=True)
class ArticleOutcome:
    """One article's analysis, or the reason it failed (stored in ingest_errors)."""

    article_id: str
    analysis: ArticleAnalysis | None = None
    failure: str | None = None


# Maps batches of pending articles to their outcomes, lazily and in order. The
# default runs in this process; crosswire.scale has process-pool and Dask ones.
BatchRunner = Callable[[Iterable[list[PendingArticle]]], Iterator[list[ArticleOutcome]]]


def analyze(
    *,
    db: str,
    on_article: Callable[[], None] | None = None,
    runner: BatchRunner | None = None,
    batch_size: int = BATCH_SIZE,
) -> AnalyzeReport:
    """Analyse every article of the store `db` that is not analysed yet.

    The computing (`analyse_batch`) may run elsewhere through `runner`; the
    writing always happens here, so SQLite sees a single writer.
    """
    started = time.perf_counter()
    engine = open_store(db)
    version = analysis_version()
    report = AnalyzeReport()
    with engine.connect() as reader:
        pending = analysis_store.articles_needing(reader, stage=STAGE, version=version)
    for outcomes in (runner or _in_process)(_pending_batches(engine, pending, batch_size)):
        for outcome in outcomes:
            stored = _store_outcome(engine, outcome, version=version)
            if stored is None:
                report.failed += 1
                continue
            _count(report, stored)
            if on_article is not None:
                on_article()
    engine.dispose()
    report.seconds = time.perf_counter() - started
    return report


def analysis_version() -> str:
    """The model and extractor versions that rows written now are marked with."""
    return f"{pipeline_version()}+{UNDERSTAND_VERSION}"


def analyse_batch(batch: Sequence[PendingArticle]) -> list[ArticleOutcome]:
    """Analyse a batch of articles with this process's pipeline (loaded once)."""
    nlp = load_pipeline()
    docs = nlp.pipe((article.text[:MAX_CHARS_PER_DOC] for article in batch), batch_size=BATCH_SIZE)
    return [_analyse_one(article, doc) for article, doc in zip(batch, docs)]


def _analyse_one(article: PendingArticle, doc: Any) -> ArticleOutcome:
    try:
        analysis = analyse_doc(doc, published=_as_date(article.published))
    except Exception as error:  # noqa: BLE001 - one article must not stop the run; its reason is stored
        return ArticleOutcome(article.article_id, failure=_failure_reason(error))
    return ArticleOutcome(article.article_id, analysis=analysis)


def _in_process(batches: Iterable[list[PendingArticle]]) -> Iterator[list[ArticleOutcome]]:
    return map(analyse_batch, batches)


def _pending_batches(engine: Engine, pending: list[str], size: int) -> Iterator[list[PendingArticle]]:
    for batch in _batches(pending, size):
        with engine.connect() as reader:
            texts = analysis_store.texts_of(reader, batch)
        yield [PendingArticle(article_id, text, published) for article_id, (text, published) in zip(batch, texts)]


def _store_outcome(engine: Engine, outcome: ArticleOutcome, *, version: str) -> ArticleAnalysis | None:
    """Write one article's rows, or its failure (then None)."""
    failure = outcome.failure
    if outcome.analysis is not None:
        try:
            with engine.begin() as connection:
                analysis_store.replace_analysis(
                    connection, article_id=outcome.article_id, stage=STAGE, version=version, analysis=outcome.analysis
                )
            return outcome.analysis
        except Exception as error:  # noqa: BLE001 - one article must not stop the run; its reason is stored
            failure = _failure_reason(error)
    _record_failure(engine, outcome.article_id, failure or "analysis failed: no result")
    return None


def _failure_reason(error: Exception) -> str:
    return f"analysis failed: {type(error).__name__}: {' '.join(str(error).split())[:200]}"


def _record_failure(engine: Engine, article_id: str, reason: str) -> None:
    with engine.begin() as connection:
        article_store.record_error(connection, ItemError(origin=f"article {article_id}", item="analyze", reason=reason))


def _count(report: AnalyzeReport, analysis: ArticleAnalysis) -> None:
    report.analysed += 1
    report.sentences += len(analysis.sentences)
    report.entities += len(analysis.entities)
    report.claims += len(analysis.claims)
    report.figures += len(analysis.figures)
    report.frames += len(analysis.frames)


def _as_date(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
