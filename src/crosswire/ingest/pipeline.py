"""The ingest stage: read inputs, clean each article, deduplicate, store.

Every article is written with its source row, furniture and signature in one
transaction, so a crash leaves either the whole article or nothing. Items
that cannot be read land in `ingest_errors` with a reason; nothing a single
item does stops the run.
"""

from __future__ import annotations

import itertools
import time
from functools import partial
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Literal, Mapping, Sequence

import trafilatura
from datasketch import MinHash
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from crosswire import __version__
from crosswire.errors import StoreError
from crosswire.ingest import dedupe
from crosswire.ingest.fetch import Fetcher, FetchPolicy
from crosswire.ingest.html import extract_html
from crosswire.ingest.inputs import expand_paths, is_url, read_feeds, read_file, read_urls
from crosswire.ingest.plaintext import clean_plain_text
from crosswire.ingest.sanitize import safe_article, safe_error, safe_source
from crosswire.records import CleanArticle, ItemError, SourceItem
from crosswire.store import articles as article_store
from crosswire.store import open_store
from crosswire.store.db import write_transaction

Outcome = Literal["added", "copy", "duplicate", "unchanged", "error"]
EXTRACTOR_HTML = f"trafilatura-{trafilatura.__version__}+crosswire-{__version__}"
EXTRACTOR_TEXT = f"plaintext+crosswire-{__version__}"
# The cleaners' own minimum, checked again after control characters are dropped.
MIN_STORED_CHARS = 25


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did."""

    items_read: int = 0
    added: int = 0
    copies: int = 0
    duplicates: int = 0
    unchanged: int = 0
    errors: list[ItemError] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, outcome: Outcome) -> None:
        if outcome == "added":
            self.added += 1
        elif outcome == "copy":
            self.added += 1
            self.copies += 1
        elif outcome == "duplicate":
            self.duplicates += 1
        elif outcome == "unchanged":
            self.unchanged += 1


@dataclass(frozen=True, slots=True)
class CleanedItem:
    """A source item and its clean article, ready to store (picklable: may come from a worker)."""

    source: SourceItem
    article: CleanArticle


# What reading and cleaning one item gives: an article to store, or why not.
Prepared = CleanedItem | ItemError
# Maps a function over the files named, in order (`map`, or one over workers).
FileMapper = Callable[[Callable[[Path | ItemError], list[Prepared]], Iterable[Path | ItemError]], Iterable[list[Prepared]]]


def ingest(
    inputs: Sequence[str],
    *,
    db: str,
    feeds: Sequence[str] = (),
    columns: Mapping[str, str] | None = None,
    outlet: str | None = None,
    fetch_policy: FetchPolicy | None = None,
    on_item: Callable[[Outcome], None] | None = None,
    file_mapper: FileMapper | None = None,
) -> IngestReport:
    """Ingest files, folders, URLs and feeds into the store `db`.

    `file_mapper` may read and clean files elsewhere (crosswire.scale); the
    storing and deduplication happen here in input order either way.
    """
    started = time.perf_counter()
    engine = open_store(db)
    index = _load_index(engine)
    report = IngestReport()
    urls = [value for value in inputs if is_url(value)]
    paths = [value for value in inputs if not is_url(value)]
    with Fetcher(policy=fetch_policy or FetchPolicy()) as fetcher:
        items = _prepared_items(paths, urls, feeds, fetcher=fetcher, columns=columns, outlet=outlet, file_mapper=file_mapper)
        for prepared in items:
            report.items_read += 1
            outcome, error = _ingest_one(engine, index, prepared)
            if error is not None:
                report.errors.append(error)
            report.count(outcome)
            if on_item is not None:
                on_item(outcome)
    engine.dispose()
    report.seconds = time.perf_counter() - started
    return report


def clean(item: SourceItem, *, outlet: str | None = None) -> CleanArticle | ItemError:
    """Clean text and normalised metadata for one source item."""
    if item.body_format == "html":
        result = extract_html(item)
        if outlet and isinstance(result, CleanArticle):
            return replace(result, outlet=outlet)
        return result
    return clean_plain_text(item, outlet=outlet)


def prepare_file(
    entry: Path | ItemError, *, columns: Mapping[str, str] | None = None, outlet: str | None = None
) -> list[Prepared]:
    """Read and clean every item of one file (the unit of work a Dask worker gets).

    Unlike the in-process path, this holds all of one file's cleaned items at
    once (on the worker, then in transit): a very large CSV/JSONL/WARC sent to
    `--dask` still costs memory in proportion to its size.
    """
    return list(_prepare_entry(entry, columns=columns, outlet=outlet))


def prepare(record: SourceItem | ItemError, *, outlet: str | None = None) -> Prepared:
    """Sanitise and clean one item read; no store access, so it can run anywhere."""
    if isinstance(record, ItemError):
        return safe_error(record)
    record = safe_source(record)
    try:
        cleaned = clean(record, outlet=outlet)
    except Exception as error:  # noqa: BLE001 - one bad item must not stop the run; its reason is stored
        cleaned = ItemError(record.origin, record.item, f"internal error while cleaning: {error.__class__.__name__}: {error}")
    if isinstance(cleaned, ItemError):
        return safe_error(cleaned)
    cleaned = safe_article(cleaned)
    if len(cleaned.text.strip()) < MIN_STORED_CHARS:
        return ItemError(record.origin, record.item, "no article text (only control characters)")
    return CleanedItem(record, cleaned)


def _prepare_entry(
    entry: Path | ItemError, *, columns: Mapping[str, str] | None, outlet: str | None
) -> Iterator[Prepared]:
    records: Iterable[SourceItem | ItemError] = [entry] if isinstance(entry, ItemError) else read_file(entry, columns=columns)
    for record in records:
        yield prepare(record, outlet=outlet)


def _prepared_items(
    paths: Sequence[str],
    urls: Sequence[str],
    feeds: Sequence[str],
    *,
    fetcher: Fetcher,
    columns: Mapping[str, str] | None,
    outlet: str | None,
    file_mapper: FileMapper | None,
) -> Iterator[Prepared]:
    def from_paths() -> Iterator[Prepared]:
        if file_mapper is None:  # streaming: a large file is never held whole
            for entry in expand_paths(paths):
                yield from _prepare_entry(entry, columns=columns, outlet=outlet)
            return
        for prepared in file_mapper(partial(prepare_file, columns=columns, outlet=outlet), expand_paths(paths)):
            yield from prepared

    fetched = itertools.chain(read_urls(urls, fetcher=fetcher), read_feeds(feeds, fetcher=fetcher))
    return itertools.chain(from_paths(), (prepare(record, outlet=outlet) for record in fetched))


def _ingest_one(engine: Engine, index: dedupe.NearDuplicateIndex, prepared: Prepared) -> tuple[Outcome, ItemError | None]:
    if isinstance(prepared, ItemError):
        _record_error(engine, prepared)
        return "error", prepared
    record, cleaned = prepared.source, prepared.article
    try:
        with write_transaction(engine) as connection:
            outcome, article_id, minhash = _store_article(connection, index, record, cleaned)
    except SQLAlchemyError as error:
        cause = getattr(error, "orig", None) or error
        failure = ItemError(record.origin, record.item, f"could not store: {error.__class__.__name__}: {cause}")
        _record_error(engine, failure)
        return "error", failure
    if minhash is not None:
        index.add(article_id, minhash)
    return outcome, None


def _store_article(
    connection: Connection, index: dedupe.NearDuplicateIndex, record: SourceItem, article: CleanArticle
) -> tuple[Outcome, str, MinHash | None]:
    digest = dedupe.content_hash(article.text)
    existing = article_store.find_by_hash(connection, digest)
    if existing is not None:
        new_source = article_store.add_source(connection, article_id=existing, origin=record.origin, item=record.item)
        return ("duplicate" if new_source else "unchanged"), existing, None
    article_id = dedupe.article_id_for(digest)
    seq = article_store.next_seq(connection)
    minhash = dedupe.signature(article.text)
    copy_of, similarity, becomes_origin_of = _place_among_copies(connection, index, minhash, article, seq)
    article_store.insert_article(
        connection,
        article_id=article_id,
        content_hash=digest,
        article=article,
        seq=seq,
        extractor=EXTRACTOR_HTML if record.body_format == "html" else EXTRACTOR_TEXT,
        copy_of=copy_of,
        copy_similarity=similarity,
    )
    if becomes_origin_of is not None:
        article_store.repoint_copies(connection, old_origin=becomes_origin_of, new_origin=article_id, similarity=similarity or 0.0)
    article_store.store_signature(
        connection, article_id=article_id, num_perm=dedupe.NUM_PERM, signature=dedupe.signature_bytes(minhash)
    )
    article_store.add_source(connection, article_id=article_id, origin=record.origin, item=record.item)
    return ("copy" if similarity is not None else "added"), article_id, minhash


def _place_among_copies(
    connection: Connection, index: dedupe.NearDuplicateIndex, minhash: MinHash, article: CleanArticle, seq: int
) -> tuple[str | None, float | None, str | None]:
    """(copy_of, similarity, old origin this article replaces) for a new article.

    A near duplicate joins the group of its most similar stored article; the
    group's origin is its earliest member, so a copy of a copy points to the
    first, and an article older than the group's origin becomes the origin.
    """
    nearest = index.most_similar(minhash)
    if nearest is None:
        return None, None, None
    origin = article_store.get_dedupe_fields(connection, nearest.article_id)
    if origin.copy_of is not None:
        origin = article_store.get_dedupe_fields(connection, origin.copy_of)
    similarity = index.similarity(origin.id, minhash)
    if dedupe.is_earlier(article.published, seq, origin.published, origin.seq):
        return None, similarity, origin.id
    return origin.id, similarity, None


def _load_index(engine: Engine) -> dedupe.NearDuplicateIndex:
    index = dedupe.NearDuplicateIndex()
    with engine.connect() as connection:
        for article_id, data in article_store.iter_signatures(connection, num_perm=dedupe.NUM_PERM):
            index.add(article_id, dedupe.signature_from_bytes(data))
    return index


def _record_error(engine: Engine, error: ItemError) -> None:
    try:
        with engine.begin() as connection:
            article_store.record_error(connection, error)
    except SQLAlchemyError as store_error:
        raise StoreError(f"cannot record an ingest error in the store: {store_error}") from store_error

