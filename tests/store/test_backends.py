"""What SQLite and PostgreSQL do differently, checked on both: conflict-skipping
inserts, values beyond the declared column types, text order, bytes, the write lock."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import insert, select

from crosswire.errors import StoreError
from crosswire.store import open_store
from crosswire.store import articles as article_store
from crosswire.store.db import database_url, write_transaction
from crosswire.store.reading import iter_articles, outlet_counts
from crosswire.store.schema import articles, figures, ingest_errors
from tests.store.postgres import _free_port


def _article(article_id: str, *, outlet: str, seq: int, **extra: object) -> dict[str, object]:
    return {
        "id": article_id, "content_hash": f"hash-{article_id}", "outlet": outlet, "text": f"Text of {article_id}.",
        "word_count": 3, "seq": seq, "ingested_at": "2026-01-01T00:00:00+00:00", "extractor": "test", **extra,
    }


def test_a_conflicting_insert_is_skipped_and_reported(store_db: str) -> None:
    engine = open_store(store_db)
    row = {"origin": "feed.xml", "item": "3", "reason": "no text", "first_seen": "2026-01-01"}
    with engine.begin() as connection:
        first = article_store.insert_ignoring_conflicts(connection, ingest_errors, row)
        again = article_store.insert_ignoring_conflicts(connection, ingest_errors, row)
        other = article_store.insert_ignoring_conflicts(connection, ingest_errors, {**row, "item": "4"})
        count = len(connection.execute(select(ingest_errors.c.id)).all())
    engine.dispose()
    assert (first, again, other, count) == (True, False, True, 2)


def test_values_beyond_declared_types_are_kept_as_sqlite_keeps_them(store_db: str) -> None:
    engine = open_store(store_db)
    long_extractor = "x" * 300  # declared String(64): SQLite ignores lengths, so PostgreSQL must too
    with engine.begin() as connection:
        connection.execute(insert(articles).values(_article("a1", outlet="Ünïcode ☃", seq=1, extractor=long_extractor)))
        connection.execute(insert(figures).values(
            article_id="a1", position=0, start=0, end=4, text="3 billion", category="displaced",
            low=3_000_000_000, high=2**62, hedged=0,  # past 32-bit INTEGER, within SQLite's 64 bits
        ))
    with engine.connect() as connection:
        stored = next(iter_articles(connection))
        low, high = connection.execute(select(figures.c.low, figures.c.high)).one()
    engine.dispose()
    assert (stored["extractor"], stored["outlet"]) == (long_extractor, "Ünïcode ☃")
    assert (low, high) == (3_000_000_000, 2**62)


def test_text_sorts_by_code_point_on_both(store_db: str) -> None:
    outlets = ["b", "B", "a", "é", "_x", "Z", "a b", "ab", "10", "9"]
    engine = open_store(store_db)
    with engine.begin() as connection:
        for seq, outlet in enumerate(outlets, start=1):
            connection.execute(insert(articles).values(_article(f"id{seq}", outlet=outlet, seq=seq)))
    with engine.connect() as connection:
        ordered = [row[0] for row in outlet_counts(connection)]  # one article each: ties broken by outlet
        ids = [row.id for row in connection.execute(select(articles.c.id).order_by(articles.c.id))]
    engine.dispose()
    assert ordered == sorted(outlets) == ["10", "9", "B", "Z", "_x", "a", "a b", "ab", "b", "é"]
    assert ids == sorted(ids, key=lambda i: i.encode())


def test_signature_bytes_round_trip(store_db: str) -> None:
    signature = bytes(range(256)) * 4
    engine = open_store(store_db)
    with engine.begin() as connection:
        connection.execute(insert(articles).values(_article("a1", outlet="o", seq=1)))
        article_store.store_signature(connection, article_id="a1", num_perm=128, signature=signature)
    with engine.connect() as connection:
        found = list(article_store.iter_signatures(connection, num_perm=128))
    engine.dispose()
    assert found == [("a1", signature)]


def test_a_second_writer_waits_for_the_first(store_db: str) -> None:
    engine = open_store(store_db)
    events: list[str] = []
    holding = threading.Event()

    def second() -> None:
        holding.wait(5)
        with write_transaction(engine) as connection:
            events.append("second in")
            seq = article_store.next_seq(connection)
            connection.execute(insert(articles).values(_article("b", outlet="o", seq=seq)))

    thread = threading.Thread(target=second)
    thread.start()
    with write_transaction(engine) as connection:
        seq = article_store.next_seq(connection)
        holding.set()
        time.sleep(0.5)  # the second writer is blocked now, not reading seq under our feet
        events.append("first done")
        connection.execute(insert(articles).values(_article("a", outlet="o", seq=seq)))
    thread.join(10)
    with engine.connect() as connection:
        seqs = dict(connection.execute(select(articles.c.id, articles.c.seq)).tuples().all())
    engine.dispose()
    assert events == ["first done", "second in"]
    assert seqs == {"a": 1, "b": 2}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h:5/d", "postgresql+psycopg://u@h:5/d"),
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
        ("store.sqlite", "sqlite:///store.sqlite"),
    ],
)
def test_urls_choose_the_pinned_driver(given: str, expected: str) -> None:
    assert database_url(given) == expected


def test_an_unreachable_server_is_a_store_error_without_the_password() -> None:
    url = f"postgresql://crosswire:hunter2@127.0.0.1:{_free_port()}/nothing?connect_timeout=5"
    with pytest.raises(StoreError, match="cannot open the store postgresql://crosswire:\\*\\*\\*@") as caught:
        open_store(url)
    assert "hunter2" not in str(caught.value)
