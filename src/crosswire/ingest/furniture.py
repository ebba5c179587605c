"""Remove page furniture from article text.

Furniture is text a site wraps around every article: comment policies,
"Post a Comment", share prompts, separators, "Developing story". trafilatura
drops most of it from HTML, but blog copies and plain-text dumps keep it, so
the same rules run on every article's text. A paragraph is removed only when
it is short and matches a rule as a whole, so real sentences that happen to
mention comments or sharing stay.
"""

from __future__ import annotations

import re
import unicodedata

# Longest paragraph that may be judged furniture; longer ones are article text.
_MAX_FURNITURE_CHARS = 400

_FURNITURE_PATTERNS = [
    r"comment policy\b.*",
    r"warning:.*\b(ad ?blockers?|comment section)\b.*",
    r"(please )?(read|see) our (new )?comment policy\b.*",
    r"(no|\d+) comments?:?",
    r"post a comment\.?",
    r"(leave a (comment|reply)|comments are closed)\.?",
    r"(developing( story)?|this (is a )?(story|article) is developing.*|more to come)\.?",
    r"[*•·\-–—_=~#.\s]{3,}",
    r"(share|tweet|email|print|pin)( (this|it))?( (article|story|post|page))?( (on|via|to) [\w ]+)?[:.!]?",
    r"(share|send) (on|to|via) (facebook|twitter|x|linkedin|whatsapp|telegram|reddit|email|pinterest)\b.*",
    r"email this\s*blogthis!.*",
    r"newer post\s*older post\s*home",
    r"subscribe to:? post comments \(atom\)",
    r"(advertisement|advertisements|sponsored( content)?|ad)",
    r"(read more|related( articles| posts| stories| coverage)?|you (may|might) also like|recommended( for you)?|more from [\w ]+)\s*:?",
    r"(follow|like) us on\b.*",
    r"(sign up|subscribe) (for|to) (our|the) [\w ]*newsletter\b.*",
    r"click here to (subscribe|sign up|comment|share)\b.*",
    r"posted by .{1,80} at \d{1,2}:\d{2}.*",
    r"labels?: .{1,200}",
    r"(©|\(c\)|copyright)\s*(\d{4})?.{0,150}(all rights reserved)?\.?",
    r"all rights reserved\.?",
    r"(image|photo|video) (source|credit):? .{0,80}",
    r"(just in|breaking)\s*:?",
]
_FURNITURE = re.compile(r"^(?:" + "|".join(_FURNITURE_PATTERNS) + r")$", re.IGNORECASE | re.DOTALL)
_BLANK_RUN = re.compile(r"\n\s*\n+")
_INLINE_SPACE = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def normalise_text(text: str) -> str:
    """Canonical clean text: NFC, unified line ends and spaces, one blank
    line between paragraphs, no leading or trailing blank space."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _BLANK_RUN.sub("\n\n", text).strip()


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of normalised text (separated by blank lines)."""
    return [part for part in normalise_text(text).split("\n\n") if part]


def is_furniture(paragraph: str) -> bool:
    """True when the whole paragraph is page furniture."""
    candidate = " ".join(paragraph.split())
    return len(candidate) <= _MAX_FURNITURE_CHARS and bool(_FURNITURE.match(candidate))


def strip_furniture(text: str) -> tuple[str, list[str]]:
    """Return the text without furniture paragraphs, and what was removed.

    Each line of a paragraph is judged too, so that "No comments:" followed
    on the next line by "Post a Comment" is caught even without a blank line.
    """
    kept: list[str] = []
    removed: list[str] = []
    for paragraph in split_paragraphs(text):
        if is_furniture(paragraph):
            removed.append(paragraph)
            continue
        lines = paragraph.split("\n")
        kept_lines = [line for line in lines if not is_furniture(line)]
        removed.extend(line for line in lines if is_furniture(line))
        if kept_lines:
            kept.append("\n".join(kept_lines))
    return "\n\n".join(kept), removed
