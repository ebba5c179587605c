"""The understand stage: run spaCy over stored articles and store its spans.

Only articles not yet analysed by the current model version are processed,
so a rerun does nothing and a model upgrade redoes everything. Texts go
through `nlp.pipe` in batches; each article's rows are written in one
transaction.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from crosswire.store import analysis as analysis_store
from crosswire.store import open_store
from crosswire.understand.nlp import load_pipeline, pipeline_version

STAGE = "nlp"
BATCH_SIZE = 64
# Longest text given to spaCy at once; longer articles are analysed in parts.
MAX_CHARS_PER_DOC = 200_000


@dataclass(slots=True)
class AnalyzeReport:
    analysed: int = 0
    sentences: int = 0
    entities: int = 0
    seconds: float = 0.0


def analyze(*, db: str, on_article: Callable[[], None] | None = None) -> AnalyzeReport:
    """Analyse every article of the store `db` that is not analysed yet."""
    started = time.perf_counter()
    engine = open_store(db)
    nlp = load_pipeline()
    version = pipeline_version()
    report = AnalyzeReport()
    with engine.connect() as reader:
        pending = list(analysis_store.articles_needing(reader, stage=STAGE, version=version))
    for batch in _batches(pending, BATCH_SIZE):
        with engine.connect() as reader:
            texts = analysis_store.texts_of(reader, batch)
        for article_id, (sentence_spans, entity_spans) in zip(batch, _spans(nlp, texts)):
            with engine.begin() as connection:
                analysis_store.replace_nlp_rows(
                    connection,
                    article_id=article_id,
                    stage=STAGE,
                    version=version,
                    sentence_spans=sentence_spans,
                    entity_spans=entity_spans,
                )
            report.analysed += 1
            report.sentences += len(sentence_spans)
            report.entities += len(entity_spans)
            if on_article is not None:
                on_article()
    engine.dispose()
    report.seconds = time.perf_counter() - started
    return report


def _spans(
    nlp: Any, texts: list[str]
) -> Iterator[tuple[list[analysis_store.SentenceSpan], list[analysis_store.EntitySpan]]]:
    """Sentence and entity spans per text, with offsets into the whole text."""
    parts = [(i, offset, text[offset : offset + MAX_CHARS_PER_DOC]) for i, text in enumerate(texts)
             for offset in range(0, max(len(text), 1), MAX_CHARS_PER_DOC)]
    results: list[tuple[list[analysis_store.SentenceSpan], list[analysis_store.EntitySpan]]] = [([], []) for _ in texts]
    docs = nlp.pipe((part for _, _, part in parts), batch_size=BATCH_SIZE)
    for (index, offset, _), doc in zip(parts, docs):
        sentence_spans, entity_spans = results[index]
        sentence_spans.extend(
            analysis_store.SentenceSpan(offset + sent.start_char, offset + sent.end_char)
            for sent in doc.sents
            if sent.text.strip()
        )
        entity_spans.extend(
            analysis_store.EntitySpan(offset + ent.start_char, offset + ent.end_char, ent.label_, ent.text)
            for ent in doc.ents
        )
    yield from results


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
