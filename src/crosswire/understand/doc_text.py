"""The text of a spaCy Doc, built once per Doc.

`Doc.text` is not stored: every access joins the text of all tokens again,
making a Python Token object for each (about 0.13 ms for a 330-token news
article). The extractors need the text dozens of times per article (a
slice per claim, place and time expression), which cost about a fifth of
the understand stage's own time, so the first access keeps it in the Doc's
`user_data`, spaCy's storage for what users attach to a Doc. A Doc's text
never changes (retokenising keeps it), so the kept copy cannot go stale.
"""

from __future__ import annotations

from typing import Any

_KEY = "crosswire.text"


def doc_text(doc: Any) -> str:
    """`doc.text`, computed on the first call for this Doc only."""
    text: str | None = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text


def span_text(span: Any) -> str:
    """`span.text` of a Span, sliced from its Doc's kept text instead of
    joined token by token (the same string: tokens cover the text exactly)."""
    return doc_text(span.doc)[span.start_char : span.end_char]
