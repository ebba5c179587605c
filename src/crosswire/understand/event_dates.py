"""Which of a sentence's time expressions dates the event the sentence tells.

A sentence names more dates than the day its event happened on, and news
style marks most of the others on the surface or in the parse:

- the dateline repeated at the top of the text ("Published July 5 2016");
- a date before a noun names another event ("the Feb. 7 assault", "last
  week's offensive");
- the day something was said ("a monitor said on Sunday", "Russia said
  Wednesday it had hit ..."), whether or not the parse attaches the date to
  the reporting verb;
- the date closing a photo caption ("... in Aleppo Syria July 1 2016. (AFP
  Photo)"): the day the picture was taken, often a file picture;
- the start of a period ("killed since Wednesday afternoon", "Since Tuesday
  air strikes have killed 66"): the toll runs up to the report, it did not
  happen on that day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Sequence

from crosswire.understand.doc_text import doc_text
from crosswire.understand.records import DatePrecision, TimeExpression
from crosswire.understand.syntax import governing_verb
from crosswire.understand.timex_calendar import safe_date

SPECIFICITY = {"day": 0, "time": 0, "week": 1, "month": 2, "year": 3}

# A date governed by one of these verbs dates a report, not the event reported
# ("it was revealed one week later that ...").
_REPORTING_LEMMAS = frozenset(
    {"say", "reveal", "report", "announce", "tell", "confirm", "state", "disclose", "publish", "learn", "claim", "add"}
)
# Words allowed between a reporting verb and its date: "said late on Monday".
_BEFORE_REPORT_DATE = frozenset({"on", "late", "early", "earlier", "later"})
_DATELINE_CHARS = 40
# "2016. (AFP Photo)", "2015 (Reuters)", "2016. (TRT World and Agencies)": a picture credit after a date.
_CAPTION_CREDIT = re.compile(
    r"\.?\s*\((?:[^()]{0,40}?\b)?(?:photos?|reuters|afp|ap|agencies|getty|epa|file|anadolu)\b", re.IGNORECASE
)
_PERIOD_STEPS = 6


@dataclass(frozen=True, slots=True)
class DateSpan:
    """The days a date covers, with the grain it was given in."""

    first: date
    last: date
    precision: DatePrecision

    def overlaps(self, other: DateSpan) -> bool:
        return self.first <= other.last and other.first <= self.last


def sentence_date(sentence: Any, times: Sequence[TimeExpression], *, published: date | None) -> DateSpan | None:
    """The date of the sentence's own event: its most specific date that
    dates neither the article, another event, a report, a photo nor the
    start of a period (see the module docstring)."""
    doc = sentence.doc
    candidates = [
        interval
        for expression in times
        if sentence.start_char <= expression.start < sentence.end_char
        and not _is_dateline(expression, published)
        and not _closes_a_caption(doc_text(doc), expression)
        and not _starts_a_period(doc, expression)
        and not _modifies_a_noun(doc, expression)
        and not _dates_a_report(doc, expression)
        and (interval := date_interval(expression.value)) is not None
    ]
    return min(candidates, key=lambda d: SPECIFICITY[d.precision], default=None)


def _is_dateline(expression: TimeExpression, published: date | None) -> bool:
    """The publication date opening the text ("Published July 5 2016 ...")."""
    return published is not None and expression.start < _DATELINE_CHARS and expression.value == published.isoformat()


def _closes_a_caption(text: str, expression: TimeExpression) -> bool:
    """A full date (with its year) followed by a picture credit."""
    return bool(re.search(r"\d{4}$", expression.text)) and bool(_CAPTION_CREDIT.match(text, expression.end))


def _starts_a_period(doc: Any, expression: TimeExpression) -> bool:
    """A date inside a "since" phrase or clause ("since Tuesday", "since
    launching an assault on Thursday", "since they went on the offensive on
    Thursday"); a "since" clause elsewhere in the sentence does not count."""
    span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    for _ in range(_PERIOD_STEPS):
        if token.lower_ == "since" or any(c.dep_ == "mark" and c.lower_ == "since" for c in token.children):
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _modifies_a_noun(doc: Any, expression: TimeExpression) -> bool:
    """A date before a noun names another event ("the Feb. 7 assault", "last
    week's offensive") rather than dating the sentence's own."""
    span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
    if span is None:
        return False
    head, dep = span.root.head, span.root.dep_
    return head.pos_ == "NOUN" and head.i >= span.end and dep in ("compound", "amod", "nmod", "nummod", "poss")


def _dates_a_report(doc: Any, expression: TimeExpression) -> bool:
    """A date governed by a reporting verb, or right after one ("said on
    Wednesday it had ..." where the parser hangs the date on the reported verb)."""
    token = governing_verb(doc, expression.start, expression.end, max_steps=3)
    if token is not None and token.pos_ == "VERB" and token.lemma_.lower() in _REPORTING_LEMMAS:
        return True
    span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
    if span is None:
        return False
    i = span.start - 1
    while i >= 0 and doc[i].lower_ in _BEFORE_REPORT_DATE:
        i -= 1
    return i >= 0 and doc[i].pos_ == "VERB" and doc[i].lemma_.lower() in _REPORTING_LEMMAS


def date_interval(value: str) -> DateSpan | None:
    """The days a TimeML value covers: "2018-02-07", "2018-W06", "2018-W06-WE", "2018-02", "2018"."""
    if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(T.*)?", value):
        day = safe_date(int(match[1]), int(match[2]), int(match[3]))
        return DateSpan(day, day, "day") if day else None
    if match := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
        try:
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            return None
        if match[3]:
            return DateSpan(monday + timedelta(days=5), monday + timedelta(days=6), "week")
        return DateSpan(monday, monday + timedelta(days=6), "week")
    if match := re.fullmatch(r"(\d{4})-(\d{2})", value):
        first = safe_date(int(match[1]), int(match[2]), 1)
        if first is None:
            return None
        following = safe_date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return DateSpan(first, (following or first) - timedelta(days=1), "month")
    if match := re.fullmatch(r"(\d{4})", value):
        return DateSpan(date(int(match[1]), 1, 1), date(int(match[1]), 12, 31), "year")
    return None
