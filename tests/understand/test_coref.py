from __future__ import annotations

from crosswire.understand.claims import extract_claims
from crosswire.understand.coref import resolve_pronoun_sources
from crosswire.understand.nlp import load_pipeline


def _sources(text: str) -> list[str | None]:
    doc = load_pipeline()(text)
    return [c.source.name if c.source else None for c in resolve_pronoun_sources(doc, extract_claims(doc))]


def test_it_takes_the_subject_earlier_in_the_sentence() -> None:
    text = "While the Interior Ministry gave no names, it said 12 police officers were wounded."
    assert "the Interior Ministry" in _sources(text)


def test_it_takes_the_previous_claims_source_across_sentences() -> None:
    text = "The army denied that its jets had struck the market. It said only that militants had been targeted."
    assert _sources(text).count("The army") == 2


def test_he_is_not_resolved_to_an_organisation() -> None:
    text = "The ministry denied the report. He said the figures were wrong."
    assert "The ministry" in _sources(text) and _sources(text).count("The ministry") == 1
