"""An export whose every article-derived string tries to run code or restyle the page.

Shared by the report, web-app and browser tests: the pages must show all of
it as text. Spans are computed from the text, as the export would give them.
"""

from __future__ import annotations

from typing import Any

HOSTILE_TEXT = (
    "Attack on <script>alert('xss-text')</script> the town.\n\n"
    "<img src=x onerror=\"alert('img')\"> More than 200 people were killed, officials said.\n\n"
    "<a href=\"javascript:alert('js-link')\">Read more</a> <style>body{display:none}</style> "
    "<div style=\"background:url(javascript:alert('css'))\">styled</div>.\n\n"
    "\"></span></mark><script>alert('break-out')</script> <svg onload=\"alert('svg')\"></svg> "
    "<iframe src=\"https://example.org/\"></iframe> <meta http-equiv=\"refresh\" content=\"0;url=https://example.org/\">."
)
MARKERS = ("<script>alert('xss-text')</script>", "onerror=\"alert('img')\"", "javascript:alert('js-link')")

ARTICLE_ID = "a0b1c2d3e4f50617"
EVENT_ID = f"{ARTICLE_ID}:ev0"


def _span(text: str, needle: str) -> dict[str, Any]:
    start = HOSTILE_TEXT.index(needle)
    return {"article_id": ARTICLE_ID, "start": start, "end": start + len(needle)}


def hostile_export() -> dict[str, Any]:
    """One article, its claims, a figure, an event and a story, all carrying markup as data."""
    sentences = HOSTILE_TEXT.split("\n\n")
    claims = []
    for position, sentence in enumerate(sentences):
        attributed = "officials said" in sentence
        claims.append({
            "id": f"{ARTICLE_ID}:c{position}", "article_id": ARTICLE_ID, "text": sentence,
            "kind": "attributed" if attributed else ("opinion" if position == 2 else "reported"),
            "source": {"name": "officials\"><script>alert('source')</script>", "type": "government"} if attributed else None,
            "via": "javascript:alert('via')" if attributed else None,
            "cue": "said" if attributed else None, "hedged": False, "event_id": EVENT_ID,
            "evidence": _span(HOSTILE_TEXT, sentence),
        })
    figure = {
        "id": f"{ARTICLE_ID}:f0", "article_id": ARTICLE_ID, "claim_id": f"{ARTICLE_ID}:c1", "event_id": EVENT_ID,
        "category": "killed", "group": "people<img src=x onerror=alert('group')>", "low": 201, "high": None,
        "text": "More than 200", "hedged": False, "evidence": _span(HOSTILE_TEXT, "More than 200"),
    }
    event = {
        "id": EVENT_ID, "type": "Battles<script>alert('type')</script>", "sub_event": "Armed clash\" onmouseover=\"alert('sub')",
        "date": "2018-02-07", "date_precision": "day",
        "location": {"name": "</text><script>alert('place')</script>", "admin1": "Deir ez-Zor", "country": "Syria",
                     "lat": 35.3, "lon": 40.1},
        "actors": [{"name": "<b onclick=alert('actor')>militia</b>", "role": "initiator"}],
        "article_ids": [ARTICLE_ID],
        "figures": {"killed": {"low": 201, "best": 201, "high": None, "origins": 1, "contested": False}},
        "corroboration": "single-source", "main": True,
    }
    article = {
        "id": ARTICLE_ID, "outlet": "<b onmouseover=alert('outlet')>Evil Outlet</b>", "url": "javascript:alert('url')",
        "title": "<script>alert('title')</script> Town attacked", "published": "2018-02-08", "word_count": 60,
        "copy_of": None, "removed_furniture": [], "author": "<img src=x onerror=alert('author')>", "text": HOSTILE_TEXT,
    }
    story = {"id": "story<script>", "title": "<script>alert('story')</script>Hostile story", "event_ids": [EVENT_ID],
             "article_ids": [ARTICLE_ID]}
    return {"schema_version": "1", "articles": [article], "claims": claims, "figures": [figure], "events": [event],
            "stories": [story]}
