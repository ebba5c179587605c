"""Cleaning plain-text articles: furniture out, dateline and headline to metadata.

Text dumps of blog posts start with what a page shows above the body: a
dateline ("Tuesday, February 27, 2018") and a headline. These become
`published` and `title` and leave the text, so that the text holds the
article body only.
"""

from __future__ import annotations

import re
from datetime import date

from crosswire.ingest.furniture import strip_furniture
from crosswire.ingest.metadata import normalise_published
from crosswire.records import CleanArticle, ItemError, SourceItem

MIN_TEXT_CHARS = 25
_MAX_DATELINE_CHARS = 40
_MAX_HEADLINE_CHARS = 250
_MONTH_OR_NUMERIC_DATE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b|\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b",
    re.IGNORECASE,
)
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# An inline dateline opening the text, as news exports keep it: "Sun 16 Apr
# 2017 Death toll...", "Posted on April 19 2017 by ...", "Last updated at Apr
# 232017 ..." (day glued to year), "26.12.2014 The Syrian Army ...".
_DATELINE_PREFIX = (
    r"^(?:(?:posted|published|updated|last updated|date of publication|print this page)(?: on| at)?:?\s+)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
)
_DAY_MONTH_YEAR = re.compile(
    _DATELINE_PREFIX + rf"(\d{{1,2}})\s+({_MONTH}),?\s+(\d{{4}})\b", re.IGNORECASE
)
_MONTH_DAY_YEAR = re.compile(_DATELINE_PREFIX + rf"({_MONTH})\s+(\d{{1,2}}),?\s*(\d{{4}})\b", re.IGNORECASE)
_ISO_DATELINE = re.compile(_DATELINE_PREFIX + r"(\d{4})-(\d{2})-(\d{2})\b", re.IGNORECASE)
# Day first: dotted and dashed numeric dates in these outlets' conventions.
_NUMERIC_DATELINE = re.compile(_DATELINE_PREFIX + r"(\d{1,2})[.-](\d{1,2})[.-](\d{4})", re.IGNORECASE)
_SENTENCE_END = (".", ":", ",", ";", "\u201d", '"')
# A dateline after a headline glued to the body (FA-KES and other exports
# strip the line breaks): "... kills 32 Medical source AFP Monday 3 Oct 2016 A
# suicide bomber ...", "... in Raqqa 21 November 2016 SANA Aircrafts ...",
# "... Middle East 1924 16.05.2017(updated ...". Only the headline zone is
# searched, and a date in running prose ("On August 21 2013 the regime ...")
# is not a dateline: it needs a weekday beside it, a numeric form, or no
# preposition before it and a capitalised word after it.
_HEADLINE_ZONE_CHARS = 300
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\.?,?"
_GLUED_DATE = re.compile(
    rf"(?P<weekday>\b{_WEEKDAY}\s+)?"
    rf"(?:\b(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH}),?\s+(?P<y1>\d{{4}})"
    rf"|\b(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>\d{{4}})"
    rf"|\b(?P<d3>\d{{1,2}})[.-](?P<m3>\d{{1,2}})[.-](?P<y3>(?:19|20)\d{{2}}))(?!\d)",
    re.IGNORECASE,
)
_PROSE_BEFORE_DATE = re.compile(
    r"\b(?:on|in|since|from|until|till|by|of|before|after|between|and|to|at)\s+$", re.IGNORECASE
)


def clean_plain_text(item: SourceItem, *, outlet: str | None = None) -> CleanArticle | ItemError:
    text, removed = strip_furniture(item.body)
    paragraphs = text.split("\n\n") if text else []
    published = normalise_published(item.published)
    title = item.title.strip() if item.title else None
    if published is None and paragraphs and _is_dateline(paragraphs[0]):
        published = normalise_published(paragraphs.pop(0))
    if published is None and paragraphs:
        published = _inline_dateline(paragraphs[0]) or _glued_dateline(paragraphs[0])
    if title is None and len(paragraphs) > 1 and _is_headline(paragraphs[0]):
        title = paragraphs.pop(0)
    body = "\n\n".join(paragraphs)
    if len(body) < MIN_TEXT_CHARS:
        return ItemError(item.origin, item.item, "no article text (empty after removing page furniture)")
    return CleanArticle(
        text=body,
        title=title,
        url=item.url,
        outlet=outlet or item.outlet or "unknown",
        author=item.author,
        published=published,
        removed_furniture=tuple(removed),
        extra=item.extra,
    )


def _is_dateline(paragraph: str) -> bool:
    return (
        len(paragraph) <= _MAX_DATELINE_CHARS
        and "\n" not in paragraph
        and bool(_MONTH_OR_NUMERIC_DATE.search(paragraph))
        and normalise_published(paragraph) is not None
    )


def _inline_dateline(paragraph: str) -> str | None:
    """The date an opening inline dateline gives; the text keeps it.

    The forms are fixed, so they are read here rather than by dateparser,
    which costs a millisecond or more a call.
    """
    if match := _DAY_MONTH_YEAR.match(paragraph):
        day, month_name, year = match.groups()
        return _iso_date(int(year), _MONTHS[month_name[:3].lower()], int(day))
    if match := _MONTH_DAY_YEAR.match(paragraph):
        month_name, day, year = match.groups()
        return _iso_date(int(year), _MONTHS[month_name[:3].lower()], int(day))
    if match := _ISO_DATELINE.match(paragraph):
        year, month, day = (int(part) for part in match.groups())
        return _iso_date(year, month, day)
    if match := _NUMERIC_DATELINE.match(paragraph):
        day, month, year = (int(part) for part in match.groups())
        return _iso_date(year, month, day)
    return None


def _glued_dateline(paragraph: str) -> str | None:
    """The date of a dateline inside the headline zone of a run-on text, if one is there."""
    zone = paragraph[:_HEADLINE_ZONE_CHARS]
    sentence_end = re.search(r"[.!?][\"\u201d]?\s", zone)
    for match in _GLUED_DATE.finditer(zone):
        if sentence_end is not None and match.start() > sentence_end.start():
            break
        if not (match["weekday"] or match["d3"] or _dateline_context(zone, match)):
            continue
        if match["d1"]:
            return _iso_date(int(match["y1"]), _MONTHS[match["m1"][:3].lower()], int(match["d1"]))
        if match["d2"]:
            return _iso_date(int(match["y2"]), _MONTHS[match["m2"][:3].lower()], int(match["d2"]))
        return _iso_date(int(match["y3"]), int(match["m3"]), int(match["d3"]))
    return None


def _dateline_context(zone: str, match: re.Match[str]) -> bool:
    after = zone[match.end() :].lstrip()
    return not _PROSE_BEFORE_DATE.search(zone[: match.start()]) and after[:1].isupper()


def _iso_date(year: int, month: int, day: int) -> str | None:
    try:
        return normalise_published(date(year, month, day).isoformat())
    except ValueError:
        return None


def _is_headline(paragraph: str) -> bool:
    return len(paragraph) <= _MAX_HEADLINE_CHARS and "\n" not in paragraph and not paragraph.endswith(_SENTENCE_END)
