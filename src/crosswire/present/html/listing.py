"""The story list: full-text search (SQLite FTS5) and filters over an index built once.

The summaries of all stories are computed when the index is built, so a list
request is a filter over a Python list plus one FTS5 query: milliseconds at
tens of thousands of stories, with no export rebuilt per request.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass, field

from crosswire.understand.timex_calendar import first_day
from crosswire.present.site_data import GRADES, Record, SiteData, place_name, story_summary

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class StoryFilter:
    q: str = ""
    outlet: str = ""
    place: str = ""
    grade: str = ""
    date_from: str = ""
    date_to: str = ""
    page: int = 1

    def as_params(self) -> dict[str, str]:
        fields = ("q", "outlet", "place", "grade", "date_from", "date_to")
        return {name: getattr(self, name) for name in fields if getattr(self, name)}


class ArticleSearch:
    """An in-memory FTS5 index of article titles, outlets and texts."""

    def __init__(self, articles: list[Record]) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute("CREATE VIRTUAL TABLE articles USING fts5(id UNINDEXED, title, outlet, text, tokenize='unicode61')")
        self._db.executemany(
            "INSERT INTO articles VALUES (?, ?, ?, ?)",
            ((a["id"], a.get("title") or "", a.get("outlet") or "", a.get("text") or "") for a in articles),
        )
        self._db.commit()

    def matching(self, words: str, *, limit: int = 5000) -> list[str]:
        """Ids of articles containing every word (prefix match on the last), best match first."""
        query = fts_query(words)
        if not query:
            return []
        with self._lock:
            rows = self._db.execute(
                "SELECT id FROM articles WHERE articles MATCH ? ORDER BY bm25(articles, 0, 5.0, 2.0, 1.0) LIMIT ?",
                (query, limit),
            ).fetchall()
        return [row[0] for row in rows]


def fts_query(words: str) -> str:
    """The user's words as a safe FTS5 query: each a quoted term, all required, the last as a prefix."""
    terms = re.findall(r"\w+", words)
    if not terms:
        return ""
    quoted = [f'"{term}"' for term in terms]
    quoted[-1] += "*"
    return " AND ".join(quoted)


@dataclass(slots=True)
class StoryIndex:
    """All story summaries, ranked, with the options the filters offer."""

    site: SiteData
    summaries: list[Record]
    search: ArticleSearch
    outlets: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    by_article: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, site: SiteData) -> StoryIndex:
        summaries = [story_summary(site, story) for story in site.stories]
        summaries.sort(key=_rank)
        by_article: dict[str, list[int]] = {}
        for index, summary in enumerate(summaries):
            for article in summary["articles"]:
                by_article.setdefault(article["id"], []).append(index)
        return cls(
            site=site,
            summaries=summaries,
            search=ArticleSearch(list(site.articles.values())),
            outlets=sorted({a.get("outlet") or "unknown" for a in site.articles.values()}, key=str.lower),
            places=sorted({p for e in site.events.values() if (p := _admin_place(e))}),
            by_article=by_article,
        )

    def select(self, story_filter: StoryFilter) -> list[Record]:
        """The summaries passing every filter, in rank order (search relevance does not reorder)."""
        candidates: list[Record] = self.summaries
        if story_filter.q.strip():
            hits = sorted({i for a in self.search.matching(story_filter.q) for i in self.by_article.get(a, [])})
            candidates = [self.summaries[i] for i in hits]
        return [s for s in candidates if _passes(s, story_filter)]

    def options(self) -> dict[str, list[str]]:
        return {"outlets": self.outlets, "places": self.places, "grades": list(GRADES)}


def _rank(summary: Record) -> tuple[int, int, int, str]:
    """Widely reported first, then stories with figures, then the most recent."""
    date = summary["first_date"] or ""
    return (-len(summary["outlets"]), -len(summary["figures"]), -len(summary["articles"]), _invert(date))


def _invert(text: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


def _admin_place(event: Record) -> str | None:
    location = event.get("location") or {}
    parts = [p for p in (location.get("admin1"), location.get("country")) if p]
    if len(parts) == 2 and parts[0] == parts[1]:
        parts = parts[:1]
    return ", ".join(parts) or None


def _passes(summary: Record, f: StoryFilter) -> bool:
    if f.outlet and f.outlet not in summary["outlets"]:
        return False
    if f.grade and not any(e.get("corroboration") == f.grade for e in summary["events"]):
        return False
    if f.place and not any(f.place == _admin_place(e) or f.place == place_name(e) for e in summary["events"]):
        return False
    days = [first_day(e.get("date")) for e in summary["events"]] or [
        first_day(a.get("published")) for a in summary["articles"]]
    dates = [day.isoformat() for day in days if day]
    if f.date_from and not any(d[:10] >= f.date_from for d in dates):
        return False
    if f.date_to and not any(d[:10] <= f.date_to for d in dates):
        return False
    return True
