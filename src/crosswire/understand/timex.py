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
from typing import TYPE_CHECKING, Literal

from crosswire.understand.doc_text import doc_text
from crosswire.understand.records import DatePrecision, TimeExpression
from crosswire.understand.timex_context import Context, Handler
from crosswire.understand.timex_rules import RULES

if TYPE_CHECKING:
    from spacy.tokens import Doc

Precision = DatePrecision | Literal["time"]


def extract_times(doc: Doc, *, published: dt.date | None) -> tuple[TimeExpression, ...]:
    """DATE and TIME expressions in `doc`, in text order, with TimeML values
    resolved against `published` (only absolute ones when it is None)."""
    anchor = published.date() if isinstance(published, dt.datetime) else published
    context = Context(doc=doc, anchor=anchor)
    found: list[TimeExpression] = []
    taken_until = 0
    text_of_doc = doc_text(doc)
    for start, end, handler, match in _candidates(text_of_doc):
        if start < taken_until:
            continue
        value = handler(match, context)
        if value is None:
            continue
        _remember(context, value, end)
        taken_until = end
        text = text_of_doc[start:end]
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


def _remember(context: Context, value: str, end: int) -> None:
    if re.match(r"\d{4}", value):
        context.last_year = int(value[:4])
    if match := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value):
        context.last = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        context.last_end = end


_COMPILED = tuple(
    (re.compile(r"(?<![\w'-])(?:" + pattern.replace(" ", r"\s+") + r")(?![\w-])", re.IGNORECASE), handler)
    for pattern, handler in RULES
)


def _candidates(text: str) -> list[tuple[int, int, Handler, re.Match[str]]]:
    """Every rule match, leftmost-longest first (rule order breaks ties)."""
    found = []
    for order, (pattern, handler) in enumerate(_COMPILED):
        for match in pattern.finditer(text):
            found.append((match.start(), -match.end(), order, handler, match))
    found.sort(key=lambda item: item[:3])
    return [(start, -negative_end, handler, match) for start, negative_end, _, handler, match in found]
