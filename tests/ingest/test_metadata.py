from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from crosswire.ingest.metadata import normalise_published, outlet_from_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Tuesday, February 27, 2018", "2018-02-27"),
        ("2018-02-27", "2018-02-27"),
        ("  27 February 2018 ", "2018-02-27"),
        ("2017-04-16T10:00:00Z", "2017-04-16T10:00:00+00:00"),
        ("Mon, 12 Mar 2019 10:00:00 GMT", "2019-03-12T10:00:00+00:00"),
        ("2019-03-12 10:00", "2019-03-12T10:00:00"),
        ("12 mars 2019", "2019-03-12"),
    ],
)
def test_dates_become_iso_dates_or_datetimes(raw: str, expected: str) -> None:
    assert normalise_published(raw) == expected


def test_a_datetime_keeps_its_time_and_zone() -> None:
    published = normalise_published("2017-04-16T10:00:00Z")
    assert published is not None
    assert datetime.fromisoformat(published) == datetime(2017, 4, 16, 10, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "raw",
    [None, "", "   ", "not a date", "2 hours ago", "yesterday", "February 2018", "2018", "2018-02-30",
     "1850-06-01", "March 3, 2999", "x" * 1000],
)
def test_missing_vague_or_implausible_dates_are_none(raw: str | None) -> None:
    assert normalise_published(raw) is None


def test_dates_more_than_a_day_ahead_are_refused_but_today_is_kept() -> None:
    now = datetime.now(timezone.utc)
    assert normalise_published((now + timedelta(days=3)).date().isoformat()) is None
    assert normalise_published(now.date().isoformat()) == now.date().isoformat()


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.bloomberg.com/news/x", "bloomberg.com"),
        ("https://edition.cnn.com/2018/02/27/middleeast/x.html", "cnn.com"),
        ("https://www.bbc.co.uk/news/world-43215617", "bbc.co.uk"),
        ("HTTPS://WWW.Reuters.COM:443/article", "reuters.com"),
        ("reuters.com/article/x", "reuters.com"),
        ("http://10.0.0.7/page", "10.0.0.7"),
        ("http://localhost:8000/page", "localhost"),
    ],
)
def test_outlet_is_the_registered_domain(url: str, outlet: str) -> None:
    assert outlet_from_url(url) == outlet


@pytest.mark.parametrize("url", [None, "", "not a url", "https://"])
def test_no_outlet_without_a_usable_host(url: str | None) -> None:
    assert outlet_from_url(url) is None
