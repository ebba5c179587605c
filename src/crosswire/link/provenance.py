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
    """What resolving a credit to a stored article needs: articles by id and by outlet, and copy pairs."""

    by_id: Mapping[str, ArticleText]
    by_outlet: Mapping[str, list[ArticleText]]
    linked: set[tuple[str, str]]

    @classmethod
    def of(cls, articles: Sequence[ArticleText], passages: Sequence[SharedPassage]) -> ArticleIndex:
        by_outlet: dict[str, list[ArticleText]] = {}
        for article in articles:
            by_outlet.setdefault(article_outlet(article), []).append(article)
        return cls({a.id: a for a in articles}, by_outlet, _linked_pairs(passages, articles))


def credited_edges(article: ArticleText, claims: Sequence[Claim], index: ArticleIndex) -> list[ProvenanceEdge]:
    """The article's relays and cites edges (not its copies), each pointing at a stored article of the
    named outlet when one is the likely source; credits to the article's own outlet are dropped."""
    own = article_outlet(article)
    found = [*_relay_edges(article), *_claim_edges(article, claims), *_cite_edges(article)]
    return [
        _with_target(edge, _target_article(article, index.by_outlet.get(edge.target_name, []), index.linked))
        for edge in found if edge.target_name != own
    ]


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


def _linked_pairs(passages: Sequence[SharedPassage], articles: Sequence[ArticleText]) -> set[tuple[str, str]]:
    pairs = {(p.article_id, p.origin_article_id) for p in passages}
    pairs |= {(a.id, a.copy_of) for a in articles if a.copy_of}
    return pairs | {(b, a) for a, b in pairs}


def _target_article(
    article: ArticleText, outlet_articles: Sequence[ArticleText], linked: set[tuple[str, str]]
) -> str | None:
    candidates = [a for a in outlet_articles if a.id != article.id]
    for candidate in candidates:
        if (article.id, candidate.id) in linked:
            return candidate.id
    close = [c for c in candidates if _shortly_before(c, article)]
    if len(close) > _MAX_CANDIDATES:
        return None  # an outlet with this many recent articles: which one is meant cannot be told from words
    words = _distinctive(article.text)
    close = [c for c in close if _overlap(words, _distinctive(c.text)) >= 1 / 3]
    return close[0].id if len(close) == 1 else None


def _shortly_before(candidate: ArticleText, article: ArticleText) -> bool:
    if not candidate.published or not article.published:
        return True
    try:
        days = (date.fromisoformat(article.published[:10]) - date.fromisoformat(candidate.published[:10])).days
    except ValueError:
        return True
    return 0 <= days <= 2


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
