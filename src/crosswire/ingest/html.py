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

# trafilatura's time grows faster than the page: measured here on flat
# markup (<div> or <table> rows of one sentence each), 1 MB takes ~1.8 s, 4 MB
# 6.5-11 s and 8 MB 28-33 s (~500 MB of memory). The 95 real news pages of the
# extraction benchmark are at most 1.09 MB (p90 255 KB), so markup beyond
# 4 M characters is refused: every real page fits with room to spare and no
# page costs more than ~12 s. Script and style contents (inline JSON of
# modern sites, 8 MB of it parses in ~3 s) do not count towards that, but
# the whole page is capped at 16 M characters.
MAX_PAGE_CHARS = 16_000_000
MAX_MARKUP_CHARS = 4_000_000
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
        reason = f"page too large ({len(item.body):,} characters; limit {MAX_PAGE_CHARS:,}); not read"
        return ItemError(item.origin, item.item, reason)
    markup = markup_chars(item.body)
    if markup > MAX_MARKUP_CHARS:
        reason = (
            f"page too large ({markup:,} characters of markup outside scripts and styles; "
            f"limit {MAX_MARKUP_CHARS:,}); not read"
        )
        return ItemError(item.origin, item.item, reason)
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


def markup_chars(page: str) -> int:
    """Characters of `page` outside <script> and <style> elements.

    A linear scan with str.find (no regular expression that a page full of
    unclosed tags could make quadratic); an unclosed element runs to the end.
    """
    lowered = page.lower()
    following = {"<script": lowered.find("<script"), "<style": lowered.find("<style")}
    inside = 0
    while True:
        opened = [(found, tag) for tag, found in following.items() if found >= 0]
        if not opened:
            return len(page) - inside
        start, tag = min(opened)
        end = lowered.find("</" + tag[1:], start)
        end = len(page) if end < 0 else end
        inside += end - start
        for name, found in following.items():
            if 0 <= found <= end:  # look again only past this element
                following[name] = lowered.find(name, end)


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
