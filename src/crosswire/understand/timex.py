"""Date and time expressions in news text, resolved against the publication date.

Rules of our own over the clean text (regular expressions for the surface
forms, the spaCy parse for tense), because news needs what general date
parsers get wrong (dateparser's "this weekend" is None, ctparse and
parsedatetime prefer the future). The news rules:

- a bare weekday is the most recent one on or before publication ("Monday"
  in a Wednesday article is two days earlier), unless the clause is in the
  future ("will meet Friday", "until Tuesday") or says "next";
- a bare month-day or month is in the publication year, as news style omits
  only the current year, unless that puts it more than 90 days ahead in a
  clause that is not in the future (then the year before; "Dec. 28" in a
  January article), or long past in a future clause. Measured on TempEval-3,
  where "payable Dec. 15" in an October article is weeks ahead even though
  the main verb ("declared") is past; a strict on-or-before rule scored lower.

Values follow TimeML (TIMEX3): "2018-02-07" (day), "2018-W06" (ISO week),
"2018-W06-WE" (a weekend, precision week: "this weekend" in a Wednesday
article is the weekend just past, Saturday-Sunday of that ISO week),
"2018-02", "2018", "1989-Q3" and "1990-SU" (precision year), "199" (the
1990s), "2018-02-12T16:45" (precision time), "2018-02-12TMO" (Monday
morning, precision day), and PRESENT_REF ("now", precision day) / PAST_REF
("recently", precision year) / FUTURE_REF, which `event_date` maps to None.

Relative expressions counted from another date ("one week later", "a year
earlier", "that day") are resolved from the last date the article named
before them ("Feb. 7 ... one week later" is the week of Feb. 14); "ago"
counts from publication. In earnings reports "a year ago" near a mention of
a quarter is that quarter a year back. Durations ("the past two weeks",
"three years") are not dates and are left out. Without a publication date
only expressions that carry their own year are returned.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Literal

from crosswire.understand.records import DatePrecision, TimeExpression
from crosswire.understand.syntax import governing_verb

if TYPE_CHECKING:
    from spacy.tokens import Doc

Precision = DatePrecision | Literal["time"]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo"})
_FUTURE_HEADS = frozenset({"expect", "schedule", "plan", "set", "due", "go", "intend", "hope", "aim"})

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)(?![a-z])"
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
_YEAR = r"(?:1[6-9]|20)\d\d(?![\d,.]\d)"
_MOD = r"(?:(?:early|late|mid|the (?:beginning|start|end|middle) of|the (?:early|late|mid))[- ])?"
_NUMBER = r"(?:\d{1,3}|" + "|".join(_NUMBERS) + r"|several|a few)"
_AHEAD_DAYS = 90
_BEHIND_DAYS = 240
_PART = r"(?:morning|afternoon|evening|night)"


@dataclass
class _Context:
    """What resolution needs besides the matched words."""

    doc: Any
    anchor: dt.date | None
    last: dt.date | None = None  # the last day-level date mentioned, for "later"/"earlier"
    last_year: int | None = None  # the last year mentioned, for "that year"
    quarter: str | None = None  # the last fiscal quarter mentioned, for "a year earlier"
    last_end: int = -1  # where the last day-level expression ended, for "Monday at 16:45"


Handler = Callable[[re.Match[str], _Context], str | None]


def extract_times(doc: Doc, *, published: dt.date | None) -> tuple[TimeExpression, ...]:
    """DATE and TIME expressions in `doc`, in text order, with TimeML values
    resolved against `published` (only absolute ones when it is None)."""
    anchor = published.date() if isinstance(published, dt.datetime) else published
    context = _Context(doc=doc, anchor=anchor)
    found: list[TimeExpression] = []
    taken_until = 0
    for start, end, handler, match in _candidates(doc.text):
        if start < taken_until:
            continue
        value = handler(match, context)
        if value is None:
            continue
        _remember(context, value, end)
        taken_until = end
        text = doc.text[start:end]
        kind: Literal["DATE", "TIME"] = "TIME" if re.match(r"\d{4}-\d\d-\d\dT", value) else "DATE"
        found.append(TimeExpression(start, end, text, value, precision_of(value), kind))
    return tuple(found)


def precision_of(value: str) -> Precision:
    """The grain of the date a TimeML value gives ("day" for PRESENT_REF)."""
    if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d.*", value):
        return "time"
    if re.fullmatch(r"\d{4}-\d\d-\d\d(T.*)?", value) or value == "PRESENT_REF":
        return "day"
    if re.fullmatch(r"\d{4}-W\d\d(-WE)?", value):
        return "week"
    if re.fullmatch(r"\d{4}-\d\d", value):
        return "month"
    return "year"


def event_date(expression: TimeExpression) -> tuple[str | None, DatePrecision | None]:
    """An ISO calendar date and its precision for an event record: the first
    day of the period the expression names ("2018-W06-WE" -> ("2018-02-10",
    "week"), "2011-11" -> ("2011-11-01", "month"), a quarter or season ->
    its first day with precision "year"); (None, None) for PAST_REF and the
    like."""
    value = expression.value
    if match := re.match(r"(\d{4})-W(\d\d)(-WE)?", value):
        day = 6 if match.group(3) else 1
        return dt.date.fromisocalendar(int(match.group(1)), int(match.group(2)), day).isoformat(), "week"
    if match := re.match(r"(\d{4})-(\d\d)-(\d\d)", value):
        return match.group(0), "day"
    if match := re.fullmatch(r"(\d{4})-(\d\d)", value):
        return f"{match.group(0)}-01", "month"
    if match := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        return f"{match.group(1)}-{3 * int(match.group(2)) - 2:02d}-01", "year"
    if match := re.match(r"(\d{4})", value):
        return f"{match.group(1)}-01-01", "year"
    return None, None


# Resolution helpers -------------------------------------------------------


def _day(day: dt.date) -> str:
    return day.isoformat()


def _week(day: dt.date, *, weekend: bool = False) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}" + ("-WE" if weekend else "")


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _month_number(word: str) -> int:
    return _MONTHS[word.lower()[:3]]


def _governing_verb(context: _Context, start: int, end: int) -> Any:
    return governing_verb(context.doc, start, end, max_steps=4)


def _tense(context: _Context, start: int, end: int) -> int:
    """+1 when the clause around [start, end) speaks of the future ("will
    meet Friday", "is expected to vote Monday"), -1 in the past tense ("said
    Friday", "was killed"), 0 when the parse does not tell."""
    verb = _governing_verb(context, start, end)
    if verb is None:
        return 0
    if _preceded_by(context, start, frozenset({"until", "till", "through"})) and verb.tag_ != "VBD":
        return 1  # a deadline: "has until Tuesday to sign"
    auxiliaries = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    if verb.lower_ in _FUTURE_AUX or any(child.lower_ in _FUTURE_AUX for child in auxiliaries):
        return 1
    if verb.dep_ == "xcomp" and verb.head.lemma_ in _FUTURE_HEADS:
        return 1
    if verb.tag_ == "VBD" or any(child.tag_ == "VBD" or child.lower_ in ("has", "have") for child in auxiliaries):
        return -1
    return 0


def _direction(match: re.Match[str], context: _Context, relation: str | None) -> int:
    """-1 for the past, +1 for the future, 0 for the nearest one."""
    relation = (relation or "").lower()
    if relation in ("next", "coming", "following"):
        return 1
    if relation in ("last", "past", "previous"):
        return -1
    return _tense(context, match.start(), match.end())


def _weekday_date(anchor: dt.date, weekday: int, direction: int, *, strict: bool) -> dt.date:
    """The `weekday` nearest `anchor` in `direction` (the anchor itself unless `strict`)."""
    back = (anchor.weekday() - weekday) % 7 or (7 if strict else 0)
    ahead = (weekday - anchor.weekday()) % 7 or (7 if strict else 0)
    if direction > 0 or (direction == 0 and ahead < back):
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=back)


def _year_of(anchor: dt.date, month: int, day: int, direction: int) -> int:
    """The year of "Feb. 7": news style names the year only when it is not
    the current one, so the publication year, unless that puts a past-tense
    (or tenseless) date months ahead, or a future one long past."""
    date = _safe_date(anchor.year, month, min(day, 28) if month == 2 else day) or anchor
    days_ahead = (date - anchor).days
    if days_ahead > _AHEAD_DAYS and direction <= 0:
        return anchor.year - 1
    if days_ahead < -_BEHIND_DAYS and direction >= 0:
        return anchor.year + 1
    return anchor.year


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _add_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _remember(context: _Context, value: str, end: int) -> None:
    if re.match(r"\d{4}", value):
        context.last_year = int(value[:4])
    if match := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value):
        context.last = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        context.last_end = end


def _preceded_by(context: _Context, start: int, words: frozenset[str]) -> bool:
    before = context.doc.text[max(0, start - 20) : start].split()
    return bool(before) and before[-1].lower().strip(",") in words


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


_PREPOSITIONS = frozenset(
    {"in", "since", "until", "till", "by", "of", "from", "to", "through", "during", "before", "after", "and",
     "early", "late", "mid", "between", "last", "next", "this", "that", "each", "every", "around", "for"}
)  # fmt: skip


_AT = frozenset({"at", "by", "until", "till", "before", "after", "around", "about", "from", "since", "past", "to"})


# Handlers: one per surface form; each returns a TimeML value or None -----


def _full_date(match: re.Match[str], context: _Context) -> str | None:
    month, day, year = match.group("month") or match.group("month2"), match.group("day") or match.group(
        "day2"), match.group("year") or match.group("year2")
    if not _capitalised(month):
        return None
    date = _safe_date(int(year), _month_number(month), int(re.sub(r"\D", "", day)))
    return _day(date) if date else None


def _numeric_date(match: re.Match[str], context: _Context) -> str | None:
    if match.group("iso"):
        year, month, day = (int(part) for part in match.group("iso").split("-"))
    else:
        month, day, year = int(match.group("m")), int(match.group("d")), int(match.group("y"))
        year += 1900 if year < 100 and year > 30 else 2000 if year < 100 else 0
    date = _safe_date(year, month, day)
    return _day(date) if date else None


def _month_day(match: re.Match[str], context: _Context) -> str | None:
    month, day = match.group("month") or match.group("month2"), match.group("day") or match.group("day2")
    if context.anchor is None or not _capitalised(month):
        return None
    number, day_number = _month_number(month), int(re.sub(r"\D", "", day))
    year = _year_of(context.anchor, number, day_number, _direction(match, context, None))
    date = _safe_date(year, number, day_number)
    return _day(date) if date else None


def _month_year(match: re.Match[str], context: _Context) -> str | None:
    if not _capitalised(match.group("month")):
        return None
    return _month(int(match.group("year")), _month_number(match.group("month")))


def _month_alone(match: re.Match[str], context: _Context) -> str | None:
    word, relation = match.group("month"), match.group("rel")
    if context.anchor is None or not _capitalised(word):
        return None
    number = _month_number(word)
    if len(word) <= 4 and word.lower() not in ("may", "june", "july") and not word.endswith("."):
        return None  # "Jan Kavan", "Sept" without a day or year
    if word.lower().startswith(("may", "mar")) and not (
        relation or match.group(0) != word or _preceded_by(context, match.start(), _PREPOSITIONS)
    ):
        return None
    anchor, relation = context.anchor, (relation or "").lower()
    if relation in ("last", "past"):  # "last May": before this month, and not the month just gone
        return _month(anchor.year - (number >= anchor.month - 1), number)
    if relation in ("next", "coming"):
        return _month(anchor.year + (number <= anchor.month), number)
    if number == anchor.month or relation == "this":
        return _month(anchor.year, number)
    return _month(_year_of(anchor, number, 15, _direction(match, context, None)), number)


def _year(match: re.Match[str], context: _Context) -> str | None:
    span = context.doc.char_span(match.start("year"), match.end("year"), alignment_mode="expand")
    if span is not None and span.root.ent_type_ in ("CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORG"):
        return None
    if context.doc.text[max(0, match.start() - 1) : match.start()] in ("$", "#", "-", "/"):
        return None
    return match.group("year")


_TENS = ("ten", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_SPELLED_YEAR = (rf"(?:nineteen[- ](?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_UNITS)}))?"
                 rf"|two thousand(?: and)?(?: (?:{'|'.join(_UNITS)}))?)")


def _spelled_year(words: str) -> int:
    """1997 for "nineteen ninety-seven" (as broadcast transcripts write years)."""
    parts = re.findall(r"[a-z]+", words.lower())
    if parts[0] == "two":
        return 2000 + (_UNITS.index(parts[-1]) + 1 if parts[-1] in _UNITS else 0)
    tens = 10 * (_TENS.index(parts[1]) + 1)
    return 1900 + tens + (_UNITS.index(parts[2]) + 1 if len(parts) > 2 else 0)


def _spelled(match: re.Match[str], context: _Context) -> str | None:
    year = _spelled_year(match.group("spelled"))
    month = match.group("month")
    if month and _capitalised(month):
        return _month(year, _month_number(month))
    return str(year) if not month else None


def _month_of_year(match: re.Match[str], context: _Context) -> str | None:
    relation = match.group("rel").lower()
    if context.anchor is None or not _capitalised(match.group("month")):
        return None
    step = 1 if relation == "next" else -1 if relation == "last" else 0
    return _month(context.anchor.year + step, _month_number(match.group("month")))


def _decade(match: re.Match[str], context: _Context) -> str | None:
    if match.group("short"):
        return "19" + match.group("short")
    return match.group("year")[:3]


def _season(match: re.Match[str], context: _Context) -> str | None:
    code, relation, year = _SEASONS[match.group("season").lower()], match.group("rel"), match.group("year")
    if year:
        return f"{year}-{code}"
    anchor = context.anchor
    if anchor is None or not (relation or _preceded_by(context, match.start(), frozenset({"in", "during", "the"}))):
        return None
    first_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    direction = _direction(match, context, relation)
    if direction < 0 and relation:
        return f"{anchor.year - (anchor.month < first_month + 3)}-{code}"
    if direction > 0:
        return f"{anchor.year + (anchor.month >= first_month)}-{code}"
    return f"{anchor.year}-{code}"


def _quarter_of(day: dt.date, offset: int = 0) -> str:
    index = day.year * 4 + (day.month - 1) // 3 + offset
    return f"{index // 4}-Q{index % 4 + 1}"


def _shift_quarter(value: str, years: int) -> str:
    return f"{int(value[:4]) + years}{value[4:]}"


def _quarter(match: re.Match[str], context: _Context) -> str | None:
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
        return _shift_quarter(base, shift)
    if year:  # "the 1988 quarter": the quarter being discussed, in that year
        return f"{year}-{context.quarter[-2:]}" if context.quarter else None
    if context.anchor is None or not (relation or match.group(0).lower().startswith("the quarter")):
        return None
    if relation in ("current", "this"):
        return _quarter_of(context.anchor)
    if relation in ("last", "previous", "past", "latest") or context.quarter is None:
        return _shift_quarter(_quarter_of(context.anchor, -1), shift)
    return _shift_quarter(context.quarter, shift)


def _half(match: re.Match[str], context: _Context) -> str | None:
    year = match.group("year") or (str(context.anchor.year) if context.anchor else None)
    return f"{year}-H{1 if match.group('ord').lower() == 'first' else 2}" if year else None


def _relative_day(match: re.Match[str], context: _Context) -> str | None:
    if context.anchor is None:
        return None
    word = re.sub(r"\s+", " ", match.group("word").lower())
    offsets = {"the day before yesterday": -2, "the day after tomorrow": 2, "yesterday": -1, "tomorrow": 1,
               "last night": -1}  # fmt: skip
    day = _day(context.anchor + dt.timedelta(days=offsets.get(word, 0)))
    part = match.group("part") or ("night" if word in ("tonight", "last night") else None)
    return day + "T" + _PARTS_OF_DAY[part.lower()] if part else day


def _part_of_day(match: re.Match[str], context: _Context) -> str | None:
    day = context.anchor if match.group("rel").lower() == "this" else context.last or context.anchor
    return _day(day) + "T" + _PARTS_OF_DAY[match.group("part").lower()] if day else None


def _relative_unit(match: re.Match[str], context: _Context) -> str | None:
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
        return _week(base + dt.timedelta(weeks=step))
    if unit == "weekend":
        return _weekend(match, context, base, step)
    if unit == "month":
        return _month(*_add_months(base, step))
    return str(base.year + step)


def _weekend(match: re.Match[str], context: _Context, base: dt.date, step: int) -> str:
    """The weekend meant: "this weekend" in a Wednesday article is the one
    just past unless the clause is in the future; on Saturday or Sunday it is
    the current one."""
    if base.weekday() >= 5:
        return _week(base + dt.timedelta(weeks=step), weekend=True)
    if step == 0 and _tense(context, match.start(), match.end()) > 0:
        step = 1
    if step > 0:
        return _week(base + dt.timedelta(days=5 - base.weekday()), weekend=True)
    return _week(base - dt.timedelta(days=base.weekday() + 2), weekend=True)


def _count(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBERS.get(word)


def _ago(match: re.Match[str], context: _Context) -> str | None:
    count, unit, way = _count(match.group("num")), match.group("unit").lower(), match.group("dir").lower()
    anaphoric = way in ("earlier", "later", "before", "after")
    base = (context.last or context.anchor) if anaphoric else context.anchor
    if count is None or base is None:
        return None
    sign = 1 if way in ("later", "after", "from now", "hence") else -1
    if unit == "year" and count == 1 and context.quarter and _mentions_quarter(context, match.start()):
        return _shift_quarter(context.quarter, -1)
    if unit == "day":
        return _day(base + dt.timedelta(days=sign * count))
    if unit == "week":
        return _week(base + dt.timedelta(weeks=sign * count))
    if unit == "month":
        return _month(*_add_months(base, sign * count))
    if unit == "decade":
        return str(base.year + sign * 10 * count)[:3]
    return str(base.year + sign * count)


def _mentions_quarter(context: _Context, start: int) -> bool:
    sentence = context.doc.char_span(start, start + 1, alignment_mode="expand")
    if sentence is None:
        return False
    sent = sentence.sent
    previous = context.doc[sent.start - 1].sent.text if sent.start > 0 else ""
    pattern = r"quarter|period|three months"
    return re.search(pattern, (sent.text + previous).lower()) is not None


def _anaphoric(match: re.Match[str], context: _Context) -> str | None:
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
    day = _day(base + dt.timedelta(days=step))
    return day + "T" + _PARTS_OF_DAY[match.group("part").lower()] if match.group("part") else day


def _year_earlier(match: re.Match[str], context: _Context) -> str | None:
    if context.quarter and _mentions_quarter(context, match.start()):
        return _shift_quarter(context.quarter, -1)
    return str(context.anchor.year - 1) if context.anchor else None


def _weekday(match: re.Match[str], context: _Context) -> str | None:
    word, relation = match.group("weekday"), match.group("rel")
    if context.anchor is None or not _capitalised(word):
        return None
    direction = _direction(match, context, relation)
    strict = bool(relation) and relation.lower() in ("last", "next", "past")
    date = _weekday_date(context.anchor, _WEEKDAYS.index(word.lower()), direction or -1, strict=strict)
    part = match.group("part")
    return _day(date) + "T" + _PARTS_OF_DAY[part.lower()] if part else _day(date)


def _clock(match: re.Match[str], context: _Context) -> str | None:
    """"16:45", "3 p.m.", "noon", with the day that follows ("10 p.m. Wednesday",
    "5 p.m. EST Nov. 9") or else the publication date."""
    day = _named_day(match.group("dayword"), match, context) if match.group("dayword") else context.anchor
    gap = context.doc.text[context.last_end : match.start()] if context.last_end >= 0 else "-"
    if context.last and re.fullmatch(r",?\s*(?:at\s+)?", gap) and not match.group("dayword"):
        day = context.last  # "next Monday at 16:45"
    if day is None:
        return None
    if (word := match.group("word")) and not match.group("dayword") and not _preceded_by(context, match.start(), _AT):
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
    return f"{_day(day)}T{hour:02d}:{minute:02d}" if hour < 24 else f"{_day(day)}T24"


def _named_day(words: str, match: re.Match[str], context: _Context) -> dt.date | None:
    """The date of "Wednesday", "yesterday" or "Nov. 9" next to a clock time."""
    anchor, words = context.anchor, words.lower()
    if anchor is None:
        return None
    offsets = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
    if words in offsets:
        return anchor + dt.timedelta(days=offsets[words])
    if words in _WEEKDAYS:
        return _weekday_date(anchor, _WEEKDAYS.index(words), _direction(match, context, None) or -1, strict=False)
    month, day = words.split()[0], int(re.sub(r"\D", "", words.split()[-1]))
    return _safe_date(_year_of(anchor, _month_number(month), day, _direction(match, context, None)),
                      _month_number(month), day)


def _reference(match: re.Match[str], context: _Context) -> str | None:
    word = match.group(0).lower()
    if context.anchor is None:
        return None
    if word.startswith(("recent", "lately")):
        return "PAST_REF"
    if word.endswith("future"):
        return "FUTURE_REF"
    return "PRESENT_REF"


def _holiday(match: re.Match[str], context: _Context) -> str | None:
    name = re.sub(r"\W+", " ", match.group("name").lower())
    if not match.group("year") and context.anchor is None:
        return None
    fixed = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "new year s day": (1, 1),
             "new year s eve": (12, 31), "independence day": (7, 4), "halloween": (10, 31)}  # fmt: skip
    month, day = fixed.get(name, (11, 25))
    if match.group("year"):
        year = int(match.group("year"))
    elif context.anchor is not None:
        year = _year_of(context.anchor, month, day, _direction(match, context, None))
    else:
        return None
    if name in fixed:
        return _day(dt.date(year, month, day))
    november_first = dt.date(year, 11, 1)
    return _day(november_first + dt.timedelta(days=(3 - november_first.weekday()) % 7 + 21))


# The rules, most specific first: at equal spans the earlier rule wins -----

_RULES: tuple[tuple[str, Handler], ...] = (
    (rf"(?:{_WEEKDAY},? )?{_MOD}(?P<month>{_MONTH}) (?P<day>{_DAY}),? (?P<year>{_YEAR})"
     rf"|(?:{_WEEKDAY},? )?(?:the )?(?P<day2>{_DAY}) (?:of )?(?P<month2>{_MONTH}),? (?P<year2>{_YEAR})", _full_date),
    (r"(?P<iso>\d{4}-\d\d-\d\d)|(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>\d{4}|\d\d)(?![/\d])", _numeric_date),
    (rf"(?:{_WEEKDAY},? )?{_MOD}(?P<month>{_MONTH}) (?P<day>{_DAY})(?! ?(?:%|percent|,\d))"
     rf"|(?:{_WEEKDAY},? )?(?:the )?(?P<day2>{_DAY}) (?:of )?(?P<month2>{_MONTH})", _month_day),
    (rf"{_MOD}(?P<month>{_MONTH}),? (?:of )?(?P<year>{_YEAR})", _month_year),
    (rf"{_MOD}(?P<month>{_MONTH}),? (?:of )?(?P<rel>last|this|next) year", _month_of_year),
    (rf"(?:(?:the year|{_MOD}(?P<month>{_MONTH}),?) )?(?P<spelled>{_SPELLED_YEAR})", _spelled),
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

_COMPILED = tuple(
    (re.compile(r"(?<![\w'-])(?:" + pattern.replace(" ", r"\s+") + r")(?![\w-])", re.IGNORECASE), handler)
    for pattern, handler in _RULES
)


def _candidates(text: str) -> list[tuple[int, int, Handler, re.Match[str]]]:
    """Every rule match, leftmost-longest first (rule order breaks ties)."""
    found = []
    for order, (pattern, handler) in enumerate(_COMPILED):
        for match in pattern.finditer(text):
            found.append((match.start(), -match.end(), order, handler, match))
    found.sort(key=lambda item: item[:3])
    return [(start, -negative_end, handler, match) for start, negative_end, _, handler, match in found]
