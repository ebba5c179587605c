"""Quoted passages in news text: curly and straight marks, paragraphs, guillemets."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.understand.quotes import quote_spans

SEED = Path("/work/shared/data/seeds/000_b6719dabf3b17697.txt")


def _quoted(text: str) -> list[str]:
    return [text[start:end] for start, end in quote_spans(text)]


def test_curly_quotes_of_the_seed_article() -> None:
    if not SEED.exists():
        pytest.skip("shared seeds not available")
    quoted = _quoted(SEED.read_text(encoding="utf-8"))
    assert "“perplexing,”" in quoted
    assert "“enemy vehicles and personnel who turned around and headed back west were not targeted.”" in quoted
    assert all(q[0] == "“" and q[-1] == "”" for q in quoted)


def test_a_mark_left_open_at_a_paragraph_end_is_dropped() -> None:
    text = "The ministry said “the strike was a response.\n\nIt called the reports “fake news” on Monday."
    assert _quoted(text) == ["“fake news”"]


def test_straight_quotes_pair_in_order_and_guillemets_open_and_close() -> None:
    text = 'SANA called it "a massacre" and "terrorism", while the group said «we did not fire».'
    assert _quoted(text) == ['"a massacre"', '"terrorism"', "«we did not fire»"]


def test_three_apostrophes_are_one_quote_mark_and_an_apostrophe() -> None:
    text = "He said ''it wasn'''t us'' twice."
    assert _quoted(text) == ["''it wasn''"]
