"""Normalise article metadata: publication dates and outlet names.

Dates arrive as whatever a page, feed or CSV said ("Tuesday, February 27,
2018", "2017-04-16T10:00:00Z", "27/02/2018 14:05"); they are stored as an ISO
date, or an ISO datetime when a time of day was given. Relative dates ("2
hours ago") are refused because they are relative to when the page was
saved, which crosswire does not know, and so are dates without a day, month
and year, dates before 1900 and dates more than a day in the future.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from dateparser.date import DateDataParser
from tld import get_fld

_EARLIEST_YEAR = 1900
_FUTURE_TOLERANCE = timedelta(days=1)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}|\dT\d{2}")
# Every accepted date has a year: four digits, or two after a numeric day and month.
_YEAR_LIKE = re.compile(r"\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}")
_HOST = re.compile(r"[a-z0-9.-]+|\[?[0-9a-f:.]+\]?")
# Longest string worth handing to dateparser; longer ones are not a date.
_MAX_DATE_CHARS = 100
_DATEPARSER_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
    "PARSERS": ["custom-formats", "absolute-time"],
}


def normalise_published(raw: str | None) -> str | None:
    """ISO date ("2018-02-27") or datetime for a publication date as written,
    or None when it is missing, unparseable or implausible."""
    if raw is None or not raw.strip() or len(raw) > _MAX_DATE_CHARS:
        return None
    text = raw.strip()
    if not _YEAR_LIKE.search(text):
        # Saves dateparser's slow try of every language on text that cannot qualify.
        return None
    parsed = _parse_iso(text) or _parse_natural(text)
    if parsed is None or not _plausible(parsed):
        return None
    if _TIME_OF_DAY.search(text):
        return parsed.isoformat()
    return parsed.date().isoformat()


def outlet_from_url(url: str | None) -> str | None:
    """Registered domain of `url` without "www." ("bloomberg.com" for
    "https://www.bloomberg.com/news/x", "bbc.co.uk" for a BBC page), or None."""
    if not url or not url.strip():
        return None
    url = url.strip()
    domain = get_fld(url, fail_silently=True, fix_protocol=True)
    if isinstance(domain, str) and domain:
        return domain.lower()
    # Hosts outside the public suffix list (IP addresses, intranet names).
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    if not host or not _HOST.fullmatch(host.lower()):
        return None
    return host.lower().removeprefix("www.") or None


def _parse_iso(text: str) -> datetime | None:
    if not _ISO_DATE.match(text):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _parse_natural(text: str) -> datetime | None:
    try:
        parsed = _date_parser().get_date_data(text).date_obj
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed if isinstance(parsed, datetime) else None


@cache
def _date_parser() -> Any:
    """One dateparser parser, built on first use (building it loads locale data)."""
    return DateDataParser(settings=_DATEPARSER_SETTINGS)


def _plausible(moment: datetime) -> bool:
    if moment.year < _EARLIEST_YEAR:
        return False
    if moment.tzinfo is None:
        # Naive times are compared as if UTC; a day's tolerance covers any zone.
        latest = datetime.now(timezone.utc).replace(tzinfo=None) + _FUTURE_TOLERANCE
        return moment <= latest
    return moment <= datetime.now(timezone.utc) + _FUTURE_TOLERANCE
