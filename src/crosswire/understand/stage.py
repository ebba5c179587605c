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
from typing import Callable, Iterator

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


def analyze(*, db: str, on_article: Callable[[], None] | None = None) -> AnalyzeReport:
    """Analyse every article of the store `db` that is not analysed yet."""
    started = time.perf_counter()
    engine = open_store(db)
    nlp = load_pipeline()
    version = f"{pipeline_version()}+{UNDERSTAND_VERSION}"
    report = AnalyzeReport()
    with engine.connect() as reader:
        pending = analysis_store.articles_needing(reader, stage=STAGE, version=version)
    for batch in _batches(pending, BATCH_SIZE):
        with engine.connect() as reader:
            texts = analysis_store.texts_of(reader, batch)
        docs = nlp.pipe((text[:MAX_CHARS_PER_DOC] for text, _ in texts), batch_size=BATCH_SIZE)
        for article_id, (_, published), doc in zip(batch, texts, docs):
            try:
                analysis = analyse_doc(doc, published=_as_date(published))
                with engine.begin() as connection:
                    analysis_store.replace_analysis(
                        connection, article_id=article_id, stage=STAGE, version=version, analysis=analysis
                    )
            except Exception as error:  # noqa: BLE001 - one article must not stop the run; its reason is stored
                _record_failure(engine, article_id, error)
                report.failed += 1
                continue
            _count(report, analysis)
            if on_article is not None:
                on_article()
    engine.dispose()
    report.seconds = time.perf_counter() - started
    return report


def _record_failure(engine: Engine, article_id: str, error: Exception) -> None:
    reason = f"analysis failed: {type(error).__name__}: {' '.join(str(error).split())[:200]}"
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
