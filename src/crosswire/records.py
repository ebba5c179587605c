"""Typed records passed between stages.

A reader yields `SourceItem` (raw text or HTML with whatever metadata the
container had) or `ItemError`; extraction turns a `SourceItem` into a
`CleanArticle`; the store keeps that as an article row with its source rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Mapping

BodyFormat = Literal["text", "html"]


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One article as a reader found it, before cleaning.

    `origin` is the file path or URL read; `item` locates the article inside
    it ("" for a whole file, "row 12", "line 3", "record <WARC-Record-ID>").
    Metadata fields hold what the container said, as written; extraction
    normalises them.
    """

    origin: str
    item: str
    body: str
    body_format: BodyFormat
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ItemError:
    """An input item that could not be read, with a one-line reason."""

    origin: str
    item: str
    reason: str


@dataclass(frozen=True, slots=True)
class CleanArticle:
    """An article's clean text and normalised metadata, ready to store.

    `published` is an ISO date ("2018-02-27") or datetime; `removed_furniture`
    lists the page furniture (comment policies, share prompts, ...) that was
    cut from the text, in reading order.
    """

    text: str
    title: str | None
    url: str | None
    outlet: str
    author: str | None
    published: str | None
    removed_furniture: tuple[str, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)
