"""The Doc text kept once per Doc, and span texts sliced from it, equal what spaCy joins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crosswire.understand.doc_text import doc_text, span_text
from crosswire.understand.nlp import load_pipeline

SEED = Path("/work/shared/data/seeds/000_b6719dabf3b17697.txt")


@pytest.fixture(scope="module")
def doc() -> Any:
    if not SEED.exists():
        pytest.skip("shared seeds not available")
    return load_pipeline()(SEED.read_text(encoding="utf-8"))


def test_doc_text_is_the_text_and_built_once(doc: Any) -> None:
    first = doc_text(doc)
    assert first == doc.text
    assert doc_text(doc) is first  # kept, not joined again from the tokens


def test_span_text_equals_spacy_span_text(doc: Any) -> None:
    spans = [*doc.sents, *doc.ents, *doc.noun_chunks, doc[0:0], doc[len(doc) - 3 :], doc[:]]
    assert [span_text(span) for span in spans] == [span.text for span in spans]
