from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from crosswire.ingest.plaintext import clean_plain_text
from crosswire.records import CleanArticle, SourceItem
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.records import TimeExpression
from crosswire.understand.timex import event_date, extract_times, precision_of
from tests.paths import SEED_000, SEED_004

SEED_000_PUBLISHED = dt.date(2018, 2, 14)  # a Wednesday
SEED_004_PUBLISHED = dt.date(2018, 2, 27)


def _clean_doc(path: Path) -> Any:
    item = SourceItem(origin=str(path), item="", body=path.read_text(encoding="utf-8"), body_format="text")
    article = clean_plain_text(item)
    assert isinstance(article, CleanArticle)
    return load_pipeline()(article.text)


@pytest.fixture(scope="module")
def seed_000() -> Any:
    return _clean_doc(SEED_000)


@pytest.fixture(scope="module")
def seed_004() -> Any:
    return _clean_doc(SEED_004)


def _values(times: tuple[TimeExpression, ...]) -> dict[str, tuple[str, str]]:
    return {expression.text: (expression.value, expression.precision) for expression in times}


def _times(text: str, published: dt.date | None = SEED_000_PUBLISHED) -> dict[str, tuple[str, str]]:
    return _values(extract_times(load_pipeline()(text), published=published))


def test_seed_000_dates_resolve_against_publication(seed_000: Any) -> None:
    times = extract_times(seed_000, published=SEED_000_PUBLISHED)
    found = _values(times)
    assert found["late Feb. 7"] == ("2018-02-07", "day")
    assert found["last week"] == ("2018-W06", "week")
    assert found["Last week"] == ("2018-W06", "week")
    # The weekend just past a Wednesday article: Saturday 10 - Sunday 11 February.
    assert found["this weekend"] == ("2018-W06-WE", "week")
    weekend = next(expression for expression in times if expression.text == "this weekend")
    assert event_date(weekend) == ("2018-02-10", "week")
    assert found["Monday"] == ("2018-02-12", "day")
    for expression in times:
        assert seed_000.text[expression.start : expression.end] == expression.text


def test_seed_004_dates_months_and_relative_weeks(seed_004: Any) -> None:
    times = extract_times(seed_004, published=SEED_004_PUBLISHED)
    found = _values(times)
    assert found["Feb. 7"] == ("2018-02-07", "day")
    assert found["Feb 7"] == ("2018-02-07", "day")
    assert found["February 16"] == ("2018-02-16", "day")
    assert found["November 2011"] == ("2011-11", "month")
    # Counted from the last date named before it (Feb. 7), not from publication.
    assert found["one week later"] == ("2018-W07", "week")
    # "the past two weeks" is a duration, not a date.
    assert not any("two weeks" in expression.text for expression in times)


def test_without_publication_date_only_absolute_dates_are_returned(seed_004: Any) -> None:
    found = _values(extract_times(seed_004, published=None))
    assert found == {"November 2011": ("2011-11", "month")}
    assert _times("Clashes on Feb. 7, 2018 and on Monday killed 12.", None) == {"Feb. 7, 2018": ("2018-02-07", "day")}


def test_relative_days_weeks_months_and_years() -> None:
    found = _times(
        "Fighting flared yesterday and today, two weeks ago, last month and in 2015, "
        "on Saturday and Sunday, and in November 2011."
    )
    assert found["yesterday"] == ("2018-02-13", "day")
    assert found["today"] == ("2018-02-14", "day")
    assert found["two weeks ago"] == ("2018-W05", "week")
    assert found["last month"] == ("2018-01", "month")
    assert found["2015"] == ("2015", "year")
    assert found["Saturday"] == ("2018-02-10", "day")
    assert found["Sunday"] == ("2018-02-11", "day")
    assert found["November 2011"] == ("2011-11", "month")


def test_bare_weekdays_are_past_unless_the_clause_is_future() -> None:
    assert _times("The convoy was hit on Sunday.")["Sunday"] == ("2018-02-11", "day")
    assert _times("Ministers will meet on Friday.")["Friday"] == ("2018-02-16", "day")
    assert _times("Talks resume next Monday.")["next Monday"] == ("2018-02-19", "day")
    assert _times("He spoke last Wednesday.")["last Wednesday"] == ("2018-02-07", "day")
    # On the weekday of publication itself, a bare weekday is that day.
    assert _times("The strike came Wednesday.")["Wednesday"] == ("2018-02-14", "day")


def test_times_of_day_take_the_day_they_belong_to() -> None:
    found = _times("The shelling began this morning, resumed Monday night and stopped Tuesday at 16:45.")
    assert found["this morning"] == ("2018-02-14TMO", "day")
    assert found["Monday night"] == ("2018-02-12TNI", "day")
    assert found["16:45"] == ("2018-02-13T16:45", "time")
    doc = load_pipeline()("It ended at 3 p.m. Monday.")
    kinds = {expression.text: expression.kind for expression in extract_times(doc, published=SEED_000_PUBLISHED)}
    assert kinds == {"3 p.m. Monday": "TIME"}


def test_news_month_days_are_in_the_publication_year() -> None:
    # A dividend "payable Dec. 1" in an October article is weeks ahead, not a year back.
    published = dt.date(1989, 10, 27)
    found = _times("The company declared a dividend payable Dec. 1 to stock of record Nov. 10.", published)
    assert found == {"Dec. 1": ("1989-12-01", "day"), "Nov. 10": ("1989-11-10", "day")}
    assert _times("The bridge was blown up in late December.", dt.date(2018, 2, 14)) == {
        "late December": ("2017-12", "month")
    }


def test_event_date_gives_the_first_day_and_precision() -> None:
    def expression(value: str) -> TimeExpression:
        return TimeExpression(0, 1, "x", value, precision_of(value))

    assert event_date(expression("2018-02-07")) == ("2018-02-07", "day")
    assert event_date(expression("2018-02-12TNI")) == ("2018-02-12", "day")
    assert event_date(expression("2018-W06")) == ("2018-02-05", "week")
    assert event_date(expression("2011-11")) == ("2011-11-01", "month")
    assert event_date(expression("1989-Q3")) == ("1989-07-01", "year")
    assert event_date(expression("2015")) == ("2015-01-01", "year")
    assert event_date(expression("PAST_REF")) == (None, None)
    assert precision_of("2018-02-12T16:45") == "time"


def test_clock_times_that_look_like_years_are_not_dates() -> None:
    published = dt.date(2017, 4, 15)
    # a Sputnik header as FA-KES keeps it (CC BY 4.0): HHMM before the date
    header = load_pipeline()("Kurdish SDF Kills 23 Daesh Militants REUTERS Rodi Said Middle East 1735 15.04.2017 Get short URL")
    assert "1735" not in {t.value for t in extract_times(header, published=published)}
    gmt = extract_times(load_pipeline()("The strike happened at 1900 GMT on Tuesday."), published=published)
    assert [t.value for t in gmt] == ["2017-04-11"]
    years = extract_times(load_pipeline()("Fighting has raged since 1988, and in 1900 the town was a village."), published=published)
    assert [t.value for t in years] == ["1988", "1900"]
