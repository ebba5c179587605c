"""Property-based tests: the figure, date and claim extractors (and the whole
article analysis) never raise on arbitrary text, keep their offsets inside
the text, and always give ranges with low <= high."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosswire.ingest.sanitize import safe_text
from crosswire.understand.article import analyse_doc
from crosswire.understand.claims import extract_claims
from crosswire.understand.figures import extract_figures
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.quantities import find_quantities, parse_quantity
from crosswire.understand.timex import extract_times

# Pieces of news prose that steer the extractors into their rules; hypothesis
# mixes them with arbitrary characters, so both the rules and the garbage
# around them are exercised.
_PIECES = [
    "more than", "at least", "about", "nearly", "up to", "fewer than", "dozens of", "hundreds of", "scores of",
    "several dozen", "200", "1,200", "3.5", "twenty-five", "two", "a dozen", "-", "to", "and", "or",
    "people", "civilians", "soldiers", "children", "were killed", "killed", "wounded", "injured", "missing",
    "displaced", "dead", "died", "toll", "said", "told", "according to", "denied", "officials", "Reuters",
    "\u201c", "\u201d", '"', "Monday", "last week", "Feb. 7", "Dec. 28, 2017", "this weekend", "ago", "2018",
    "next Friday", "the 1990s", "at 4:45 p.m.", "morning", ".", ",", "?", "\n\n", "Syria", "Aleppo", "may have",
]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)

news_like = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)), min_size=1, max_size=40
).map(" ".join)
any_text = st.one_of(news_like, st.text(max_size=300))
published = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))


def _doc(text: str) -> Any:
    return load_pipeline()(text)


def _inside(record: Any, text: str) -> bool:
    return 0 <= record.start <= record.end <= len(text)


@SETTINGS
@given(text=any_text)
def test_figures_are_ranges_inside_the_text(text: str) -> None:
    for figure in extract_figures(_doc(text)):
        assert _inside(figure, text)
        assert figure.low >= 0
        assert figure.high is None or figure.low <= figure.high, figure


@SETTINGS
@given(text=any_text, when=published)
def test_dates_resolve_without_error(text: str, when: dt.date | None) -> None:
    for expression in extract_times(_doc(text), published=when):
        assert _inside(expression, text) and expression.start < expression.end
        assert expression.value


@SETTINGS
@given(text=any_text)
def test_claims_stay_inside_the_text(text: str) -> None:
    for claim in extract_claims(_doc(text)):
        assert _inside(claim, text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(text=any_text, when=published)
def test_whole_analysis_never_raises_on_stored_text(text: str, when: dt.date | None) -> None:
    # What the store can hold: ingest drops control characters and surrogates.
    clean = safe_text(text)
    analysis = analyse_doc(_doc(clean), published=when)
    for figure in analysis.figures:
        assert figure.high is None or figure.low <= figure.high


@settings(max_examples=200, deadline=None, database=None)
@given(words=st.lists(st.one_of(st.sampled_from([w.lower() for p in _PIECES for w in p.split()]), st.text(max_size=6))))
def test_quantities_are_ordered_ranges(words: list[str]) -> None:
    for match in find_quantities(words):
        assert 0 <= match.start <= match.core < match.end <= len(words)
        assert match.quantity.high is None or match.quantity.low <= match.quantity.high


@settings(max_examples=200, deadline=None, database=None)
@given(text=any_text)
def test_parse_quantity_never_raises(text: str) -> None:
    quantity = parse_quantity(text)
    assert quantity is None or quantity.high is None or quantity.low <= quantity.high
