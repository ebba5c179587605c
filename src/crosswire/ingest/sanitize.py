"""Make any string safe to store and to show.

Hostile or broken inputs carry characters that either cannot be stored or
act when shown: lone UTF-16 surrogates (a JSON "\\ud800" escape, a file name
with undecodable bytes) make SQLite's UTF-8 encoding raise; NUL truncates
text in some tools; ESC and the C1 controls (U+009B is a one-character CSI)
drive a terminal that prints a title. None of them is text a reader sees, so
surrogates become U+FFFD and control characters other than tab and newline
are dropped, in the article and in every string stored beside it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from crosswire.records import CleanArticle, ItemError, SourceItem

_SURROGATES = re.compile("[\ud800-\udfff]")
# C0 controls except \t and \n; \r is normalised to \n first. DEL and C1.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MAX_REASON_CHARS = 300


def safe_text(value: str) -> str:
    """`value` without control characters (tab and newline kept) or lone surrogates."""
    if value.isprintable():  # the common case, checked at C speed
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROLS.sub("", value)
    return _SURROGATES.sub("\ufffd", value)


def safe_optional(value: str | None) -> str | None:
    return None if value is None else safe_text(value)


def safe_article(article: CleanArticle) -> CleanArticle:
    return replace(
        article,
        text=safe_text(article.text),
        title=safe_optional(article.title),
        url=safe_optional(article.url),
        outlet=safe_text(article.outlet),
        author=safe_optional(article.author),
        published=safe_optional(article.published),
        removed_furniture=tuple(safe_text(part) for part in article.removed_furniture),
        extra={safe_text(key): safe_text(value) for key, value in article.extra.items()},
    )


def safe_source(item: SourceItem) -> SourceItem:
    """The item with a storable origin and locator (its body is cleaned later)."""
    return replace(item, origin=safe_text(item.origin), item=safe_text(item.item))


def safe_error(error: ItemError) -> ItemError:
    """The error with storable strings and a reason of one line of at most
    `MAX_REASON_CHARS` (reasons quote input, such as a garbage CSV header)."""
    reason = " ".join(safe_text(error.reason).split())
    if len(reason) > MAX_REASON_CHARS:
        reason = reason[: MAX_REASON_CHARS - 1] + "\u2026"
    return ItemError(origin=safe_text(error.origin), item=safe_text(error.item), reason=reason)
