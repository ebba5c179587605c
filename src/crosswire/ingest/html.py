"""Extract an article's main text and metadata from an HTML page.

trafilatura finds the main text (without comments, navigation or other
boilerplate) and the page's own metadata; the shared furniture rules then
cut what blog templates leave inside the text ("Post a Comment", share
buttons). Metadata the item brought with it (a CSV column, a feed entry, a
WARC header) wins over what the page says: the container was filled in by
someone who knew which article it meant, while page metadata is often
generic (a site title, a "last modified" date).

Every failure, including hostile markup, becomes an `ItemError` with a
reason; nothing here raises for a bad page.
"""

from __future__ import annotations

from typing import Any

import trafilatura

from crosswire.ingest.furniture import strip_furniture
from crosswire.ingest.metadata import normalise_published, outlet_from_url
from crosswire.records import CleanArticle, ItemError, SourceItem

# Pages larger than this are not articles (or are attacks); refused unread.
MAX_PAGE_CHARS = 50_000_000
# Less text than this after cleaning is not an article (under one sentence).
MIN_TEXT_CHARS = 25

# Chosen on the article-extraction-benchmark (crosswire.evaluate.extraction,
# 95 pages): favor_precision F1 0.967, default 0.962, favor_recall 0.957,
# favor_precision with fast 0.958; tables made no difference there but keep
# the figures news tables carry.
_TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": True,
    "favor_recall": False,
}


def extract_html(item: SourceItem) -> CleanArticle | ItemError:
    """Clean article text and normalised metadata of an HTML item."""
    if len(item.body) > MAX_PAGE_CHARS:
        return ItemError(item.origin, item.item, f"page too large ({len(item.body):,} characters)")
    # lxml and trafilatura raise many unrelated types on hostile markup
    # (ParserError, ValueError, RecursionError, ...); one page must never abort a run.
    try:
        document = trafilatura.bare_extraction(item.body, url=item.url, with_metadata=True, **_TRAFILATURA_OPTIONS)
    except Exception as error:  # noqa: BLE001
        reason = f"HTML could not be parsed: {type(error).__name__}: {error}"
        return ItemError(item.origin, item.item, reason[:300])
    page_text = getattr(document, "text", None) or ""
    # trafilatura ends each block with one newline; crosswire separates paragraphs by a blank line.
    text, removed = strip_furniture(page_text.replace("\n", "\n\n"))
    if len(text) < MIN_TEXT_CHARS:
        return ItemError(item.origin, item.item, "no article text found in HTML")
    return _article(item, document, text=text, removed=removed)


def _article(item: SourceItem, document: Any, *, text: str, removed: list[str]) -> CleanArticle:
    """The article with merged metadata: the item's own title, URL, outlet,
    author and date when it has them, else the page's; the outlet falls back
    to the URL's domain."""
    url = item.url or _page_field(document, "url")
    return CleanArticle(
        text=text,
        title=item.title or _page_field(document, "title"),
        url=url,
        outlet=item.outlet or _page_field(document, "sitename") or outlet_from_url(url) or "unknown",
        author=item.author or _page_field(document, "author"),
        published=normalise_published(item.published or _page_field(document, "date")),
        removed_furniture=tuple(removed),
        extra=dict(item.extra),
    )


def _page_field(document: Any, name: str) -> str | None:
    value = getattr(document, name, None)
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
