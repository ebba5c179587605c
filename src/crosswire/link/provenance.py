"""Provenance: whom each article takes its information from.

Three kinds of edge, each with the evidence span in the citing article:
- copies: text republished from another stored article (a shared passage,
  or a near-duplicate linked at ingest by `copy_of`);
- relays: a wire credit or dateline ("BLOOMBERG – ...", "BEIRUT (Reuters) -"):
  the paragraphs after it are the wire's text;
- cites: the article names a report as its source ("the Washington Post
  reported", "according to Al Jazeera", "sources quoted by the Washington
  Post", "told AFP", "the Syrian state news agency SANA said").

Outlet names are normalised with `data/outlets.tsv` (one canonical name per
outlet: "BLOOMBERG", "Bloomberg News" -> "Bloomberg"), which also reads the
article's own outlet label, so that an article never cites itself. Generic
reports ("reports in Russian media", "the unconfirmed report") name no outlet
and give no edge. One edge is kept per (article, kind, target), with the
first evidence span; copies keep one edge per shared passage.

`target_article_id` is set when the cited report is in the input: the
article of that outlet the citing one shares a passage with, or else the
only article of that outlet published within two days before it (or on an
unknown date) that shares at least a third of its distinctive words.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import date
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Mapping, Sequence

from crosswire.link.records import ArticleText, ProvenanceEdge, SharedPassage
from crosswire.understand.records import Claim

OUTLETS_FILE = "outlets.tsv"
_CITE_BEFORE = re.compile(
    r"\b(according to|told|quoted by|cited by|reported by|interview with|speaking to|citing|quoting|"
    r"reports? (?:by|from|in|on)|published by|aired by|broadcast by|carried by|said to)\b[^.;:!?\n]{0,40}$",
    re.IGNORECASE,
)
_CITE_AFTER = re.compile(
    r"^(?:'s|’s)?[^.;:!?\n]{0,50}?\b(reported|reports|said|says|quoted|quotes|cited|cites|wrote|published|"
    r"aired|broadcast|described|stated|claimed|announced|learned|revealed)\b",
    re.IGNORECASE,
)
_DATELINE = r"^\s*(?:[A-Z][\w .,'’-]{0,40}?\s)?\(?(?:{alias})\)?\s*[–—-]\s"
_MAX_CANDIDATES = 50
_CREDIT_WINDOW = 300  # a "(Reuters)" credit counts within this many characters of a paragraph's start


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    kind: str  # wire | agency | outlet
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Table:
    by_alias: dict[str, str]  # lower-cased alias -> canonical name
    by_label: dict[str, str]  # compact lower-cased label -> canonical name
    insensitive: re.Pattern[str]
    sensitive: re.Pattern[str]


def load_outlets() -> list[Outlet]:
    """The outlet table shipped in `crosswire/link/data/outlets.tsv`."""
    text = resources.files("crosswire.link").joinpath("data", OUTLETS_FILE).read_text(encoding="utf-8")
    outlets = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        name, kind, aliases = line.split("\t")
        outlets.append(Outlet(name, kind, tuple(a.strip() for a in aliases.split("|") if a.strip())))
    return outlets


@lru_cache(maxsize=1)
def _table() -> _Table:
    by_alias: dict[str, str] = {}
    by_label: dict[str, str] = {}
    sensitive: list[str] = []
    insensitive: list[str] = []
    for outlet in load_outlets():
        for alias in (outlet.name, *outlet.aliases):
            by_label[_compact(alias)] = outlet.name
            if alias.islower():
                continue  # a data set's label, never looked for in running text
            by_alias[alias.lower()] = outlet.name
            short_caps = len(alias) <= 4 and alias.isupper()
            (sensitive if short_caps else insensitive).append(re.escape(alias))
    return _Table(by_alias, by_label, _alternation(insensitive, re.IGNORECASE), _alternation(sensitive, 0))


def _alternation(aliases: list[str], flags: int) -> re.Pattern[str]:
    ordered = sorted(set(aliases), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(ordered) + r")(?![\w-])", flags)


def _compact(label: str) -> str:
    return re.sub(r"[^a-z0-9]", "", label.lower().removeprefix("the "))


def outlet_mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical name) of every outlet named in `text`, in order."""
    table = _table()
    found = [(m.start(), m.end(), table.by_alias[m.group().lower()]) for m in table.insensitive.finditer(text)]
    found += [(m.start(), m.end(), table.by_alias[m.group().lower()]) for m in table.sensitive.finditer(text)]
    found.sort(key=lambda item: (item[0], -item[1]))
    kept: list[tuple[int, int, str]] = []
    for mention in found:
        if not kept or mention[0] >= kept[-1][1]:
            kept.append(mention)
    return kept


def outlet_name(phrase: str | None) -> str | None:
    """The canonical outlet a phrase or outlet label names ("the Syrian state news agency SANA" -> "SANA")."""
    if not phrase:
        return None
    label = _table().by_label.get(_compact(phrase))
    if label:
        return label
    mentions = outlet_mentions(phrase)
    return max(mentions, key=lambda m: m[1] - m[0])[2] if mentions else None


def article_outlet(article: ArticleText) -> str:
    """The article's outlet, canonical when the table knows it, else its label as stored."""
    return outlet_name(article.outlet) or article.outlet


def provenance_edges(
    articles: Sequence[ArticleText],
    claims: Mapping[str, Sequence[Claim]],
    passages: Sequence[SharedPassage],
) -> list[ProvenanceEdge]:
    """Copies, relays and cites edges of every article, deduplicated per (article, kind, target)."""
    index = ArticleIndex.of(articles, passages)
    edges: list[ProvenanceEdge] = list(_copy_edges(articles, passages, index.by_id))
    for article in articles:
        edges.extend(credited_edges(article, claims.get(article.id, ()), index))
    return _dedupe(edges)


@dataclass(frozen=True, slots=True)
class ArticleIndex:
    """What resolving a credit to a stored article needs: articles by id and by outlet (each outlet's by
    publication day too), and the articles each one shares a passage with or copies.

    Looking a credit's candidates up by day, not reading every article of the outlet, keeps the cost of a
    credit bounded: at 100,000 articles an outlet has thousands."""

    by_id: Mapping[str, ArticleText]
    by_outlet: Mapping[str, list[ArticleText]]
    linked: Mapping[str, set[str]]  # article id -> ids of the articles it shares passages with, either way
    by_day: Mapping[str, _OutletDays]

    @classmethod
    def of(cls, articles: Sequence[ArticleText], passages: Sequence[SharedPassage]) -> ArticleIndex:
        by_outlet: dict[str, list[ArticleText]] = {}
        for article in articles:
            by_outlet.setdefault(article_outlet(article), []).append(article)
        by_day = {outlet: _OutletDays.of(found) for outlet, found in by_outlet.items()}
        return cls({a.id: a for a in articles}, by_outlet, _linked_pairs(passages, articles), by_day)


@dataclass(frozen=True, slots=True)
class _OutletDays:
    """One outlet's articles: where each is in the outlet's list, the dated ones by day, the undated ones."""

    place: Mapping[str, int]  # article id -> position in the outlet's list (ingest order)
    days: list[int]  # publication days (ordinals), ascending
    dated: list[ArticleText]  # in the order of `days`
    undated: list[ArticleText]  # no date, or one that does not parse: "shortly before" anything

    @classmethod
    def of(cls, articles: Sequence[ArticleText]) -> _OutletDays:
        days, undated = [], []
        for position, article in enumerate(articles):
            day = _day(article)
            if day is None:
                undated.append(article)
            else:
                days.append((day, position, article))
        days.sort(key=lambda found: (found[0], found[1]))
        return cls({a.id: i for i, a in enumerate(articles)}, [d for d, _, _ in days], [a for _, _, a in days],
                   undated)

    def shortly_before(self, article: ArticleText, day: int) -> list[ArticleText]:
        """The articles published 0 to 2 days before `day`, or undated, in the outlet's order."""
        found = self.dated[bisect_left(self.days, day - 2) : bisect_right(self.days, day)] + self.undated
        return sorted((a for a in found if a.id != article.id), key=lambda a: self.place[a.id])


def credited_edges(article: ArticleText, claims: Sequence[Claim], index: ArticleIndex) -> list[ProvenanceEdge]:
    """The article's relays and cites edges (not its copies), each pointing at a stored article of the
    named outlet when one is the likely source; credits to the article's own outlet are dropped."""
    own = article_outlet(article)
    found = [*_relay_edges(article), *_claim_edges(article, claims), *_cite_edges(article)]
    return [_with_target(edge, _target_article(article, edge.target_name, index)) for edge in found
            if edge.target_name != own]


def _copy_edges(
    articles: Sequence[ArticleText], passages: Sequence[SharedPassage], by_id: Mapping[str, ArticleText]
) -> Iterable[ProvenanceEdge]:
    for passage in passages:
        origin = by_id.get(passage.origin_article_id)
        if origin is not None and passage.article_id in by_id:
            yield ProvenanceEdge(
                passage.article_id, "copies", article_outlet(origin), origin.id, passage.start, passage.end
            )
    for article in articles:
        origin = by_id.get(article.copy_of or "")
        if origin is not None and origin.id != article.id:
            yield ProvenanceEdge(article.id, "copies", article_outlet(origin), origin.id, None, None)


def _relay_edges(article: ArticleText) -> Iterable[ProvenanceEdge]:
    """Datelines and wire credits at the start of a paragraph."""
    for start in _paragraph_starts(article.text):
        head = article.text[start : start + _CREDIT_WINDOW]
        for m_start, m_end, name in outlet_mentions(head):
            before, after = head[:m_start], head[m_end:]
            if _is_dateline(before, after) or _is_credit(before, after):
                yield ProvenanceEdge(article.id, "relays", name, None, start + m_start, start + m_end)
                break


def _is_dateline(before: str, after: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:[A-Z][\w .,'’-]{0,40}?\s)?\(?", before)) and bool(
        re.match(r"\)?\s*[–—-]\s", after)
    )


def _is_credit(before: str, after: str) -> bool:
    return before.endswith("(") and bool(re.match(r"\)\s*[–—-]", after))


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]


def _claim_edges(article: ArticleText, claims: Sequence[Claim]) -> Iterable[ProvenanceEdge]:
    """A claim relayed `via` an outlet, or said by one."""
    for claim in claims:
        via = outlet_name(claim.via)
        if via is not None:
            kind = "relays" if _dateline_named(article.text, claim, via) else "cites"
            yield ProvenanceEdge(article.id, kind, via, None, *_mention_span(article.text, claim, via))
        source = claim.source
        name = outlet_name(source.name) if source is not None and source.type == "outlet" else None
        if name is not None and source is not None:
            yield ProvenanceEdge(article.id, "cites", name, None, source.start, source.end)


def _dateline_named(text: str, claim: Claim, outlet: str) -> bool:
    """True when a paragraph at or before the claim opens with the outlet's dateline."""
    for start in _paragraph_starts(text):
        if start > claim.start:
            break
        head = text[start : start + _CREDIT_WINDOW]
        for m_start, m_end, name in outlet_mentions(head):
            before, after = head[:m_start], head[m_end:]
            if name == outlet and (_is_dateline(before, after) or _is_credit(before, after)):
                return True
    return False


def _mention_span(text: str, claim: Claim, outlet: str) -> tuple[int | None, int | None]:
    for start, end, name in outlet_mentions(text[claim.start : claim.end]):
        if name == outlet:
            return claim.start + start, claim.start + end
    return claim.start, claim.end


def _cite_edges(article: ArticleText) -> Iterable[ProvenanceEdge]:
    """Outlets named next to a reporting cue, found in the text itself (what claims may miss)."""
    text = article.text
    for start, end, name in outlet_mentions(text):
        before = text[max(0, start - 60) : start]
        after = text[end : end + 60]
        if _CITE_BEFORE.search(before) or _CITE_AFTER.match(after):
            yield ProvenanceEdge(article.id, "cites", name, None, start, end)


def _linked_pairs(passages: Sequence[SharedPassage], articles: Sequence[ArticleText]) -> dict[str, set[str]]:
    linked: dict[str, set[str]] = {}
    pairs = [(p.article_id, p.origin_article_id) for p in passages]
    pairs += [(a.id, a.copy_of) for a in articles if a.copy_of]
    for first, second in pairs:
        linked.setdefault(first, set()).add(second)
        linked.setdefault(second, set()).add(first)
    return linked


def _target_article(article: ArticleText, outlet: str, index: ArticleIndex) -> str | None:
    """The stored article of `outlet` the credit most likely points at: the first it shares a passage with,
    else the only one published shortly before it (two days) that shares a third of its distinctive words."""
    days = index.by_day.get(outlet)
    if days is None:
        return None
    partners = [i for i in index.linked.get(article.id, ()) if i in days.place and i != article.id]
    if partners:
        return min(partners, key=lambda i: days.place[i])
    day = _day(article)
    if day is None:  # an undated article: every article of the outlet is "shortly before" it
        close = [a for a in index.by_outlet[outlet] if a.id != article.id]
    else:
        close = days.shortly_before(article, day)
    if len(close) > _MAX_CANDIDATES:
        return None  # an outlet with this many recent articles: which one is meant cannot be told from words
    words = _distinctive(article.text)
    close = [c for c in close if _overlap(words, _distinctive(c.text)) >= 1 / 3]
    return close[0].id if len(close) == 1 else None


def _day(article: ArticleText) -> int | None:
    """The article's publication day (an ordinal), None when it has none or one that does not parse."""
    if not article.published:
        return None
    try:
        return date.fromisoformat(article.published[:10]).toordinal()
    except ValueError:
        return None


def _distinctive(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z-]{5,}", text.lower())}


def _overlap(first: set[str], second: set[str]) -> float:
    return len(first & second) / min(len(first), len(second)) if first and second else 0.0


def _with_target(edge: ProvenanceEdge, target: str | None) -> ProvenanceEdge:
    return ProvenanceEdge(edge.article_id, edge.kind, edge.target_name, target, edge.start, edge.end)


def _dedupe(edges: Iterable[ProvenanceEdge]) -> list[ProvenanceEdge]:
    kept: dict[tuple[str, str, str, str | None, int | None], ProvenanceEdge] = {}
    for edge in edges:
        # Every copied passage keeps its edge: origins look up copied claims by these spans.
        span = edge.start if edge.kind == "copies" else None
        key = (edge.article_id, edge.kind, edge.target_name, edge.target_article_id, span)
        previous = kept.get(key)
        if previous is None or previous.start is None and edge.start is not None:
            kept[key] = edge
    return list(kept.values())
