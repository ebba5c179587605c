"""Calendar arithmetic for the time expression rules: TimeML values for a
day, week or month, the year news style leaves out, weekdays, quarters and
spelled numbers. Pure functions of dates and words, kept apart from the
parse-dependent rules so they can be reasoned about (and tested) alone."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_AHEAD_DAYS = 90
_BEHIND_DAYS = 240


def day_value(day: dt.date) -> str:
    return day.isoformat()


def week_value(day: dt.date, *, weekend: bool = False) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}" + ("-WE" if weekend else "")


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def month_number(word: str) -> int:
    return _MONTHS[word.lower()[:3]]


def weekday_date(anchor: dt.date, weekday: int, direction: int, *, strict: bool) -> dt.date:
    """The `weekday` nearest `anchor` in `direction` (the anchor itself unless `strict`)."""
    back = (anchor.weekday() - weekday) % 7 or (7 if strict else 0)
    ahead = (weekday - anchor.weekday()) % 7 or (7 if strict else 0)
    if direction > 0 or (direction == 0 and ahead < back):
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=back)


def year_of(anchor: dt.date, month: int, day: int, direction: int) -> int:
    """The year of "Feb. 7": news style names the year only when it is not
    the current one, so the publication year, unless that puts a past-tense
    (or tenseless) date months ahead, or a future one long past."""
    date = safe_date(anchor.year, month, min(day, 28) if month == 2 else day) or anchor
    days_ahead = (date - anchor).days
    if days_ahead > _AHEAD_DAYS and direction <= 0:
        return anchor.year - 1
    if days_ahead < -_BEHIND_DAYS and direction >= 0:
        return anchor.year + 1
    return anchor.year


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def add_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def quarter_of(day: dt.date, offset: int = 0) -> str:
    index = day.year * 4 + (day.month - 1) // 3 + offset
    return f"{index // 4}-Q{index % 4 + 1}"


def shift_quarter(value: str, years: int) -> str:
    return f"{int(value[:4]) + years}{value[4:]}"


TENS = ("ten", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
SPELLED_YEAR = (rf"(?:nineteen[- ](?:{'|'.join(TENS)})(?:[- ](?:{'|'.join(UNITS)}))?"
                rf"|two thousand(?: and)?(?: (?:{'|'.join(UNITS)}))?)")


def spelled_year(words: str) -> int:
    """1997 for "nineteen ninety-seven" (as broadcast transcripts write years)."""
    parts = re.findall(r"[a-z]+", words.lower())
    if parts[0] == "two":
        return 2000 + (UNITS.index(parts[-1]) + 1 if parts[-1] in UNITS else 0)
    tens = 10 * (TENS.index(parts[1]) + 1)
    return 1900 + tens + (UNITS.index(parts[2]) + 1 if len(parts) > 2 else 0)


def count_of(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBERS.get(word)


def first_day(value: str | None) -> dt.date | None:
    """The first day a TimeML date value stands for: 2018-02-07, 2018-02 (the 1st),
    2018-W06 (its Monday), 2018 (1 January); None for anything else."""
    if not value:
        return None
    try:
        if "-W" in value:
            year, week = value.split("-W")
            return dt.date.fromisocalendar(int(year), int(week[:2]), 1)
        parts = [int(part) for part in value[:10].split("-")]
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def readable_date(value: str | None, precision: str | None) -> str | None:
    """A date as precisely as it is known: "2013-08-21", "August 2013", "2014", "week of 2018-02-05"
    (`value` is its first day, ISO, or a TimeML value)."""
    day = first_day(value)
    if day is None:
        return value
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{_MONTH_NAMES[day.month - 1]} {day.year}"
    if precision == "week":
        return f"week of {day.isoformat()}"
    return day.isoformat()


_MONTH_NAMES = (
    "January February March April May June July August September October November December".split()
)
