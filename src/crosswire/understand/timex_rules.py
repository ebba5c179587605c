"""The time expression rules: one handler per surface form, each turning a
regular-expression match into a TimeML value (or None to reject it), and the
ordered pattern table that `timex.extract_times` runs over the text."""

from __future__ import annotations

import datetime as dt
import re

from crosswire.understand.doc_text import doc_text
from crosswire.understand.timex_calendar import (
    NUMBERS,
    SPELLED_YEAR,
    WEEKDAYS,
    add_months,
    count_of,
    day_value,
    month_number,
    month_value,
    quarter_of,
    safe_date,
    shift_quarter,
    spelled_year,
    week_value,
    weekday_date,
    year_of,
)
from crosswire.understand.timex_context import (
    Context,
    Handler,
    capitalised,
    direction_of,
    mentions_quarter,
    preceded_by,
    tense_of,
)

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)(?![a-z])"
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
_YEAR = r"(?:1[6-9]|20)\d\d(?![\d,.]\d)"
_MOD = r"(?:(?:early|late|mid|the (?:beginning|start|end|middle) of|the (?:early|late|mid))[- ])?"
_NUMBER = r"(?:\d{1,3}|" + "|".join(NUMBERS) + r"|several|a few)"
_PART = r"(?:morning|afternoon|evening|night)"

_PREPOSITIONS = frozenset(
    {"in", "since", "until", "till", "by", "of", "from", "to", "through", "during", "before", "after", "and",
     "early", "late", "mid", "between", "last", "next", "this", "that", "each", "every", "around", "for"}
)  # fmt: skip


_AT = frozenset({"at", "by", "until", "till", "before", "after", "around", "about", "from", "since", "past", "to"})


# Handlers: one per surface form; each returns a TimeML value or None -----


def _full_date(match: re.Match[str], context: Context) -> str | None:
    month, day, year = match.group("month") or match.group("month2"), match.group("day") or match.group(
        "day2"), match.group("year") or match.group("year2")
    if not capitalised(month):
        return None
    date = safe_date(int(year), month_number(month), int(re.sub(r"\D", "", day)))
    return day_value(date) if date else None


def _numeric_date(match: re.Match[str], context: Context) -> str | None:
    if match.group("iso"):
        year, month, day = (int(part) for part in match.group("iso").split("-"))
    else:
        month, day, year = int(match.group("m")), int(match.group("d")), int(match.group("y"))
        year += 1900 if year < 100 and year > 30 else 2000 if year < 100 else 0
    date = safe_date(year, month, day)
    return day_value(date) if date else None


def _month_day(match: re.Match[str], context: Context) -> str | None:
    month, day = match.group("month") or match.group("month2"), match.group("day") or match.group("day2")
    if context.anchor is None or not capitalised(month):
        return None
    number, day_number = month_number(month), int(re.sub(r"\D", "", day))
    year = year_of(context.anchor, number, day_number, direction_of(match, context, None))
    date = safe_date(year, number, day_number)
    return day_value(date) if date else None


def _month_year(match: re.Match[str], context: Context) -> str | None:
    if not capitalised(match.group("month")):
        return None
    return month_value(int(match.group("year")), month_number(match.group("month")))


def _month_alone(match: re.Match[str], context: Context) -> str | None:
    word, relation = match.group("month"), match.group("rel")
    if context.anchor is None or not capitalised(word):
        return None
    number = month_number(word)
    if len(word) <= 4 and word.lower() not in ("may", "june", "july") and not word.endswith("."):
        return None  # "Jan Kavan", "Sept" without a day or year
    if word.lower().startswith(("may", "mar")) and not (
        relation or match.group(0) != word or preceded_by(context, match.start(), _PREPOSITIONS)
    ):
        return None
    anchor, relation = context.anchor, (relation or "").lower()
    if relation in ("last", "past"):  # "last May": before this month, and not the month just gone
        return month_value(anchor.year - (number >= anchor.month - 1), number)
    if relation in ("next", "coming"):
        return month_value(anchor.year + (number <= anchor.month), number)
    if number == anchor.month or relation == "this":
        return month_value(anchor.year, number)
    return month_value(year_of(anchor, number, 15, direction_of(match, context, None)), number)


def _year(match: re.Match[str], context: Context) -> str | None:
    span = context.doc.char_span(match.start("year"), match.end("year"), alignment_mode="expand")
    if span is not None and span.root.ent_type_ in ("CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORG"):
        return None
    if doc_text(context.doc)[max(0, match.start() - 1) : match.start()] in ("$", "#", "-", "/"):
        return None
    if _CLOCK_AFTER.match(doc_text(context.doc), match.end("year")) or _early_clock_time(match.group("year")):
        return None  # "at 1900 GMT", "Middle East 1735 15.04.2017": a time of day, not a year
    return match.group("year")


_CLOCK_AFTER = re.compile(r"\s*(?:GMT|UTC|Z\b|hours\b|hrs\b|local time|[ap]\.?m\b)", re.IGNORECASE)


def _early_clock_time(digits: str) -> bool:
    """A four-digit number before 1800 that reads as HHMM is a clock time in today's news."""
    return int(digits) < 1800 and int(digits[:2]) <= 23 and int(digits[2:]) <= 59


def _spelled(match: re.Match[str], context: Context) -> str | None:
    year = spelled_year(match.group("spelled"))
    month = match.group("month")
    if month and capitalised(month):
        return month_value(year, month_number(month))
    return str(year) if not month else None


def _month_of_year(match: re.Match[str], context: Context) -> str | None:
    relation = match.group("rel").lower()
    if context.anchor is None or not capitalised(match.group("month")):
        return None
    step = 1 if relation == "next" else -1 if relation == "last" else 0
    return month_value(context.anchor.year + step, month_number(match.group("month")))


def _decade(match: re.Match[str], context: Context) -> str | None:
    if match.group("short"):
        return "19" + match.group("short")
    return match.group("year")[:3]


def _season(match: re.Match[str], context: Context) -> str | None:
    code, relation, year = _SEASONS[match.group("season").lower()], match.group("rel"), match.group("year")
    if year:
        return f"{year}-{code}"
    anchor = context.anchor
    if anchor is None or not (relation or preceded_by(context, match.start(), frozenset({"in", "during", "the"}))):
        return None
    first_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    direction = direction_of(match, context, relation)
    if direction < 0 and relation:
        return f"{anchor.year - (anchor.month < first_month + 3)}-{code}"
    if direction > 0:
        return f"{anchor.year + (anchor.month >= first_month)}-{code}"
    return f"{anchor.year}-{code}"


def _quarter(match: re.Match[str], context: Context) -> str | None:
    """Fiscal quarters: "the third quarter" is the last one of that number to
    have begun; "the quarter" the one the article is about (the last named,
    else the last completed); "year-ago" and "last year's" shift a year back."""
    ordinal, relation = match.group("ord"), (match.group("rel") or "").lower().replace("'s", "")
    year = match.group("year") or match.group("year2") or match.group("year3")
    shift = -1 if relation in ("year-ago", "year-earlier", "last year", "comparable year-ago") else 0
    shift = 1 if relation == "next year" else shift
    if ordinal:
        number = _ORDINALS[ordinal.lower()]
        if year:
            return f"{year}-Q{number}"
        if context.anchor is None:
            return None
        base = f"{context.anchor.year - (3 * number - 2 > context.anchor.month)}-Q{number}"
        if shift == 0:
            context.quarter = base
        if relation.endswith("year"):  # "last year's third quarter"
            return f"{context.anchor.year + shift}-Q{number}"
        return shift_quarter(base, shift)
    if year:  # "the 1988 quarter": the quarter being discussed, in that year
        return f"{year}-{context.quarter[-2:]}" if context.quarter else None
    if context.anchor is None or not (relation or match.group(0).lower().startswith("the quarter")):
        return None
    if relation in ("current", "this"):
        return quarter_of(context.anchor)
    if relation in ("last", "previous", "past", "latest") or context.quarter is None:
        return shift_quarter(quarter_of(context.anchor, -1), shift)
    return shift_quarter(context.quarter, shift)


def _half(match: re.Match[str], context: Context) -> str | None:
    year = match.group("year") or (str(context.anchor.year) if context.anchor else None)
    return f"{year}-H{1 if match.group('ord').lower() == 'first' else 2}" if year else None


def _relative_day(match: re.Match[str], context: Context) -> str | None:
    if context.anchor is None:
        return None
    word = re.sub(r"\s+", " ", match.group("word").lower())
    offsets = {"the day before yesterday": -2, "the day after tomorrow": 2, "yesterday": -1, "tomorrow": 1,
               "last night": -1}  # fmt: skip
    day = day_value(context.anchor + dt.timedelta(days=offsets.get(word, 0)))
    part = match.group("part") or ("night" if word in ("tonight", "last night") else None)
    return day + "T" + _PARTS_OF_DAY[part.lower()] if part else day


def _part_of_day(match: re.Match[str], context: Context) -> str | None:
    day = context.anchor if match.group("rel").lower() == "this" else context.last or context.anchor
    return day_value(day) + "T" + _PARTS_OF_DAY[match.group("part").lower()] if day else None


def _relative_unit(match: re.Match[str], context: Context) -> str | None:
    relation, unit = match.group("rel").lower(), match.group("unit").lower()
    base = context.anchor
    if match.group(0).lower().startswith("the") and relation not in ("previous", "following", "current", "present"):
        return None  # "the last year", "the next month": durations
    if relation in ("previous", "following"):
        base = context.last or context.anchor
    if base is None:
        return None
    step = 1 if relation in ("next", "coming", "following") else -1 if relation in ("last", "previous") else 0
    if unit == "week":
        return week_value(base + dt.timedelta(weeks=step))
    if unit == "weekend":
        return _weekend(match, context, base, step)
    if unit == "month":
        return month_value(*add_months(base, step))
    return str(base.year + step)


def _weekend(match: re.Match[str], context: Context, base: dt.date, step: int) -> str:
    """The weekend meant: "this weekend" in a Wednesday article is the one
    just past unless the clause is in the future; on Saturday or Sunday it is
    the current one."""
    if base.weekday() >= 5:
        return week_value(base + dt.timedelta(weeks=step), weekend=True)
    if step == 0 and tense_of(context, match.start(), match.end()) > 0:
        step = 1
    if step > 0:
        return week_value(base + dt.timedelta(days=5 - base.weekday()), weekend=True)
    return week_value(base - dt.timedelta(days=base.weekday() + 2), weekend=True)


def _ago(match: re.Match[str], context: Context) -> str | None:
    count, unit, way = count_of(match.group("num")), match.group("unit").lower(), match.group("dir").lower()
    anaphoric = way in ("earlier", "later", "before", "after")
    base = (context.last or context.anchor) if anaphoric else context.anchor
    if count is None or base is None:
        return None
    sign = 1 if way in ("later", "after", "from now", "hence") else -1
    if unit == "year" and count == 1 and context.quarter and mentions_quarter(context, match.start()):
        return shift_quarter(context.quarter, -1)
    if unit == "day":
        return day_value(base + dt.timedelta(days=sign * count))
    if unit == "week":
        return week_value(base + dt.timedelta(weeks=sign * count))
    if unit == "month":
        return month_value(*add_months(base, sign * count))
    if unit == "decade":
        return str(base.year + sign * 10 * count)[:3]
    return str(base.year + sign * count)


def _anaphoric(match: re.Match[str], context: Context) -> str | None:
    """"that day", "the next day", "later that year": counted from the last
    day the article named, else from publication."""
    base = context.last or context.anchor
    if base is None:
        return None
    words = re.sub(r"\s+", " ", match.group(0).lower())
    if words.endswith("year") or words.endswith("year's end") or words.startswith("year"):
        if "that" in words or "same" in words:
            return str(context.last_year or base.year)
        return str((context.anchor or base).year)
    step = 1 if ("next" in words or "following" in words) else -1 if (
        "previous" in words) else 0
    day = day_value(base + dt.timedelta(days=step))
    return day + "T" + _PARTS_OF_DAY[match.group("part").lower()] if match.group("part") else day


def _year_earlier(match: re.Match[str], context: Context) -> str | None:
    if context.quarter and mentions_quarter(context, match.start()):
        return shift_quarter(context.quarter, -1)
    return str(context.anchor.year - 1) if context.anchor else None


def _weekday(match: re.Match[str], context: Context) -> str | None:
    word, relation = match.group("weekday"), match.group("rel")
    if context.anchor is None or not capitalised(word):
        return None
    direction = direction_of(match, context, relation)
    strict = bool(relation) and relation.lower() in ("last", "next", "past")
    date = weekday_date(context.anchor, WEEKDAYS.index(word.lower()), direction or -1, strict=strict)
    part = match.group("part")
    return day_value(date) + "T" + _PARTS_OF_DAY[part.lower()] if part else day_value(date)


def _clock(match: re.Match[str], context: Context) -> str | None:
    """"16:45", "3 p.m.", "noon", with the day that follows ("10 p.m. Wednesday",
    "5 p.m. EST Nov. 9") or else the publication date."""
    day = _named_day(match.group("dayword"), match, context) if match.group("dayword") else context.anchor
    gap = doc_text(context.doc)[context.last_end : match.start()] if context.last_end >= 0 else "-"
    if context.last and re.fullmatch(r",?\s*(?:at\s+)?", gap) and not match.group("dayword"):
        day = context.last  # "next Monday at 16:45"
    if day is None:
        return None
    if (word := match.group("word")) and not match.group("dayword") and not preceded_by(context, match.start(), _AT):
        return None  # "High Noon"
    if word:
        hour, minute = (24, 0) if word.lower() == "midnight" else (12, 0)
    else:
        hour, minute = int(match.group("h") or match.group("h2")), int(match.group("m") or match.group("m2") or 0)
        ampm = (match.group("ampm") or "").lower()
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
    return f"{day_value(day)}T{hour:02d}:{minute:02d}" if hour < 24 else f"{day_value(day)}T24"


def _named_day(words: str, match: re.Match[str], context: Context) -> dt.date | None:
    """The date of "Wednesday", "yesterday" or "Nov. 9" next to a clock time."""
    anchor, words = context.anchor, words.lower()
    if anchor is None:
        return None
    offsets = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
    if words in offsets:
        return anchor + dt.timedelta(days=offsets[words])
    if words in WEEKDAYS:
        return weekday_date(anchor, WEEKDAYS.index(words), direction_of(match, context, None) or -1, strict=False)
    month, day = words.split()[0], int(re.sub(r"\D", "", words.split()[-1]))
    return safe_date(year_of(anchor, month_number(month), day, direction_of(match, context, None)),
                      month_number(month), day)


def _reference(match: re.Match[str], context: Context) -> str | None:
    word = match.group(0).lower()
    if context.anchor is None:
        return None
    if word.startswith(("recent", "lately")):
        return "PAST_REF"
    if word.endswith("future"):
        return "FUTURE_REF"
    return "PRESENT_REF"


def _holiday(match: re.Match[str], context: Context) -> str | None:
    name = re.sub(r"\W+", " ", match.group("name").lower())
    if not match.group("year") and context.anchor is None:
        return None
    fixed = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "new year s day": (1, 1),
             "new year s eve": (12, 31), "independence day": (7, 4), "halloween": (10, 31)}  # fmt: skip
    month, day = fixed.get(name, (11, 25))
    if match.group("year"):
        year = int(match.group("year"))
    elif context.anchor is not None:
        year = year_of(context.anchor, month, day, direction_of(match, context, None))
    else:
        return None
    if name in fixed:
        return day_value(dt.date(year, month, day))
    november_first = dt.date(year, 11, 1)
    return day_value(november_first + dt.timedelta(days=(3 - november_first.weekday()) % 7 + 21))


# The rules, most specific first: at equal spans the earlier rule wins -----

RULES: tuple[tuple[str, Handler], ...] = (
    (rf"(?:{_WEEKDAY},? )?{_MOD}(?P<month>{_MONTH}) (?P<day>{_DAY}),? (?P<year>{_YEAR})"
     rf"|(?:{_WEEKDAY},? )?(?:the )?(?P<day2>{_DAY}) (?:of )?(?P<month2>{_MONTH}),? (?P<year2>{_YEAR})", _full_date),
    (r"(?P<iso>\d{4}-\d\d-\d\d)|(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>\d{4}|\d\d)(?![/\d])", _numeric_date),
    (rf"(?:{_WEEKDAY},? )?{_MOD}(?P<month>{_MONTH}) (?P<day>{_DAY})(?! ?(?:%|percent|,\d))"
     rf"|(?:{_WEEKDAY},? )?(?:the )?(?P<day2>{_DAY}) (?:of )?(?P<month2>{_MONTH})", _month_day),
    (rf"{_MOD}(?P<month>{_MONTH}),? (?:of )?(?P<year>{_YEAR})", _month_year),
    (rf"{_MOD}(?P<month>{_MONTH}),? (?:of )?(?P<rel>last|this|next) year", _month_of_year),
    (rf"(?:(?:the year|{_MOD}(?P<month>{_MONTH}),?) )?(?P<spelled>{SPELLED_YEAR})", _spelled),
    (rf"{_MOD}(?:(?P<rel>last|this|next|past|coming) )?(?P<month>{_MONTH})", _month_alone),
    (rf"{_MOD}(?:(?:fiscal|calendar) )?(?P<year>{_YEAR})(?!'?s\b|-\d)", _year),
    (rf"(?:the )?{_MOD}(?:(?P<year>(?:1[6-9]|20)\d0)|'(?P<short>\d)0)'?s", _decade),
    (rf"{_MOD}(?:(?P<rel>last|this|next|past|coming) )?(?P<season>spring|summer|fall|autumn|winter)"
     rf"(?:,? (?:of )?(?P<year>{_YEAR}))?", _season),
    (rf"(?:the )?(?:(?P<rel>latest|current|this|last|past|previous|comparable year-ago|year-ago|year-earlier|same"
     rf"|(?:last|this|next) year's) |(?P<year3>{_YEAR}) )?"
     rf"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[- ])?(?:fiscal[- ])?(?:quarter|period)"
     rf"(?:,? (?:of )?(?:fiscal )?(?P<year>{_YEAR})|,? (?P<year2>{_YEAR}))?", _quarter),
    (rf"the (?P<ord>first|second) half(?: of (?:fiscal )?(?P<year>{_YEAR}))?", _half),
    (rf"{_MOD}(?P<word>the day before yesterday|the day after tomorrow|yesterday|today|tomorrow|tonight"
     rf"|last night)(?:'s)?(?: (?P<part>{_PART}))?", _relative_day),
    (r"(?P<rel>this|that) (?P<part>morning|afternoon|evening)", _part_of_day),
    (r"{_MOD}(?:(?:earlier|later) )?(?:the )?(?P<rel>last|this|next|coming|previous|following|current|present)"
     r"(?: fiscal)? (?P<unit>week|weekend|month|year)"
     .replace("{_MOD}", _MOD), _relative_unit),
    (r"the (?P<rel>weekend)(?P<unit>)", lambda match, context: _weekend(match, context, context.anchor, 0)
     if context.anchor else None),
    (rf"(?P<num>{_NUMBER})[- ](?P<unit>day|week|month|year|decade)s? (?P<dir>ago|earlier|later|from now|hence)", _ago),
    (r"(?:a )?year-(?:earlier|ago)(?! (?:quarter|period))", _year_earlier),
    (r"(?:(?:earlier|later) )?(?:that|the same|that same) (?:day|year)|the (?:next|following|previous) day"
     r"|the (?:next|following) (?P<part>morning|afternoon|evening)"
     r"|(?:the end of )?(?:the|this) (?:fiscal |calendar )?year(?:'s end)?(?! \w)|year-end|year's end", _anaphoric),
    (rf"{_MOD}(?:(?P<rel>last|this|next|coming|past) )?(?P<weekday>{_WEEKDAY})(?:'s)?(?: (?P<part>{_PART}))?",
     _weekday),
    (r"(?:(?P<h>1[0-2]|0?[1-9])(?::(?P<m>[0-5]\d))? ?(?P<ampm>[ap]\.?m\b\.?)|(?P<h2>[01]?\d|2[0-3]):(?P<m2>[0-5]\d)"
     r"|(?P<word>noon|midday|midnight))(?: (?:[A-Z][DS]T|GMT|UTC|local time))?"
     rf"(?:,? (?:on )?(?P<dayword>{_WEEKDAY}|yesterday|today|tonight|tomorrow|{_MONTH} {_DAY}))?", _clock),
    # Measured on TempEval-3: "previously", "soon", "the past", "future" and a
    # bare "recent" are marked far less often than they occur; left out.
    (r"now|currently|nowadays|at present|current|recently|lately|in the future"
     r"|recent years", _reference),
    (rf"(?P<name>christmas(?: day| eve)?|new year's (?:day|eve)|independence day|halloween|thanksgiving(?: day)?)"
     rf"(?: (?P<year>{_YEAR}))?", _holiday),
)
