"""First-hand origins: which report first carried a claim, and who inside it said it.

Two outlets repeating one wire report are one origin, not two; two
claimants inside one report are two origins. The rule, per claim:

1. Copied text (inside a shared passage, or an article linked by `copy_of`)
   takes the origin of the same claim in the article it was copied from
   (matched by wording; passages already point to the first article of a
   copy chain). When the copied claim cannot be matched, the report is
   the copied article's.
2. Otherwise the report is, in order: the outlet the claim is relayed
   `via` (a dateline "BLOOMBERG –", "sources quoted by the Washington
   Post"); the outlet that is the claim's source ("Al Jazeera reported");
   for "the report" / "the newspaper" the outlet last cited before it in
   the article; else the article's own outlet (its unattributed reporting,
   its opinions).
3. The claimant is the claim's source inside that report, normalised so
   that wording does not split one claimant: determiners and "one" go
   ("a U.S. official", "one US official", "the U.S. official" ->
   "us official"), counts stay ("two of the Russians" is not "the U.S.
   official"), a named person is keyed by surname ("Colonel Thomas F.
   Veale, a spokesman ..." and "Veale" -> "veale"). A source that is the
   report itself gives no claimant.

The key is "report|claimant" ("Bloomberg|us official"; "Al Jazeera|").
A claimant coordinating claimants that each stand on their own ("one U.S.
official and three Russians familiar with the matter") keeps one key per
claim, and `origin_parts` gives its independent origins, one per claimant
("Bloomberg|us official", "Bloomberg|three russians familiar with the
matter"): those are what ranges and grades count, so that the U.S. official
is one origin whether quoted alone or together with others.
Figures take the origin of the claim that contains them (`figure_origin`),
or of its report alone when they lie outside what the claimant is said to say.
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from crosswire.link.provenance import article_outlet, outlet_name
from crosswire.link.records import ArticleText, Origin, ProvenanceEdge, SharedPassage
from crosswire.understand.demonyms import demonym_country
from crosswire.understand.records import Claim, Figure, Source

ClaimKey = tuple[str, int]

_DETERMINERS = frozenset({"a", "an", "the", "one", "this", "that", "another", "said"})
_REPORT_WORDS = frozenset(
    "report reports newspaper paper agency channel broadcaster daily network outlet website site wire "
    "media publication magazine".split()
)
_ANAPHORIC = frozenset({"the", "this", "that"})
_SAME_WORDING = 0.8  # share of words a copied claim must have in common with the original
_COORDINATION = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s+as well as\s+", re.IGNORECASE)
_COORDINATOR = re.compile(r"\s(?:and|as well as)\s", re.IGNORECASE)
# Words that make a phrase a claimant on its own ("three Russians", "local activists", "the ministry").
_CLAIMANT_HEADS = frozenset(
    "official officials source sources spokesman spokeswoman spokesperson spokesmen diplomat diplomats witness "
    "witnesses resident residents activist activists commander commanders officer officers analyst analysts "
    "expert experts monitor monitors observer observers member members people person citizen citizens "
    "journalist journalists reporter reporters medic medics doctor doctors worker workers fighter fighters "
    "soldier soldiers survivor survivors minister ministers leader leaders ministry government military army "
    "police agency observatory organisation organization council committee command authorities".split()
)


def assign_origins(
    articles: Sequence[ArticleText],
    claims: Mapping[str, Sequence[Claim]],
    edges: Sequence[ProvenanceEdge],
    *,
    passages: Sequence[SharedPassage] = (),
) -> dict[ClaimKey, Origin]:
    """The origin of every claim, keyed by (article id, claim position)."""
    ordered = sorted(articles, key=lambda a: (0 if a.published else 1, (a.published or "")[:10], a.seq))
    by_id = {article.id: article for article in articles}
    copied = _copied_spans(edges, passages)
    cited_by: dict[str, list[tuple[int, str]]] = {}
    for edge in edges:
        if edge.kind != "copies" and edge.start is not None:
            cited_by.setdefault(edge.article_id, []).append((edge.start, edge.target_name))
    origins: dict[ClaimKey, Origin] = {}
    for article in ordered:
        cited = sorted(cited_by.get(article.id, []))
        names = _person_names(claims.get(article.id, ()))
        for position, claim in enumerate(claims.get(article.id, ())):
            origin = _from_copy(article, claim, copied, by_id, claims, origins)
            if origin is None:
                origin = _origin(claim, article_outlet(_copy_source(article, claim, copied, by_id)), cited, names)
            origins[(article.id, position)] = origin
    return origins


def figure_origin(
    article_id: str, figure: Figure, claims: Sequence[Claim], origins: Mapping[ClaimKey, Origin]
) -> Origin | None:
    """The origin of the claim containing `figure` (the store's `claim_position`).

    A figure outside what the claimant is said to say ("amid unconfirmed
    reports that more than 100 Russians had been killed, the Kremlin denied
    that ...") is the report's, not the claimant's.
    """
    position = next((i for i, c in enumerate(claims) if c.start <= figure.start and figure.end <= c.end), None)
    origin = None if position is None else origins.get((article_id, position))
    if origin is None or position is None:
        return None
    claim = claims[position]
    if origin.claimant is None or not outside_content(figure.start, figure.end, claim.content_start, claim.content_end):
        return origin
    return Origin(key=f"{origin.report}|", report=origin.report, claimant=None)


def origin_parts(origin: Origin) -> tuple[Origin, ...]:
    """The independent origins inside `origin`: one per coordinated claimant when each part is a claimant
    on its own ("U.S. official and three Russians familiar with the matter"), else `origin` alone.

    "Syrian and Russian officials" stays whole ("Syrian" says no one), and so does a named person."""
    if origin.claimant is None or not _COORDINATOR.search(origin.claimant):
        return (origin,)  # commas alone are appositions ("Veale, a spokesman"), not lists
    parts = [_display(part) for part in _COORDINATION.split(origin.claimant) if part.strip()]
    if len(parts) < 2 or not all(_stands_alone(part) for part in parts):
        return (origin,)
    keys = [claimant_key(Source(part, "anonymous")) or "" for part in parts]
    unique = dict.fromkeys(zip(keys, parts))
    return tuple(Origin(key=f"{origin.report}|{key}", report=origin.report, claimant=part) for key, part in unique)


def _stands_alone(part: str) -> bool:
    words = _words(part)
    return any(word in _CLAIMANT_HEADS or (word.endswith("s") and demonym_country(word)) for word in words)


def outside_content(start: int, end: int, content_start: int | None, content_end: int | None) -> bool:
    """A figure at [start, end) lies outside what the claimant is said to say (a claim without
    a content span says all of its sentence)."""
    if content_start is None or content_end is None:
        return False
    return not (content_start <= start and end <= content_end)


def claimant_key(source: Source | None) -> str | None:
    """The normalised identity of a claimant ("one U.S. official" -> "us official")."""
    if source is None:
        return None
    if source.type == "person":
        return _surname(source.name)
    words = _words(source.name)
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    return " ".join(words) or None


def _words(text: str) -> list[str]:
    text = text.lower().replace("’", "'")
    text = re.sub(r"\b([a-z])\.(?=[a-z]\b\.?)", r"\1", text).replace(".", "")  # U.S. -> us
    return re.findall(r"[\w'-]+", text)


def _surname(name: str) -> str | None:
    """The last capitalised word of the name part ("President Vladimir Putin's spokesman, Dmitry Peskov" -> peskov)."""
    parts = [p.strip() for p in name.split(",") if p.strip()]
    named = [p for p in parts if re.search(r"\b[A-Z][\w'’-]*$", p)] or parts
    tokens = re.findall(r"[A-Z][\w-]*", named[0]) if named else []
    return tokens[-1].lower() if tokens else claimant_key(Source(name, "organisation"))


def _person_names(claims: Sequence[Claim]) -> dict[str, str]:
    """Surname -> the fullest way the article writes that person, for display."""
    names: dict[str, str] = {}
    for claim in claims:
        if claim.source is not None and claim.source.type == "person":
            key = _surname(claim.source.name) or ""
            if len(claim.source.name) > len(names.get(key, "")):
                names[key] = claim.source.name
    return names


def _origin(claim: Claim, default_report: str, cited: list[tuple[int, str]], names: Mapping[str, str]) -> Origin:
    source = claim.source
    report = outlet_name(claim.via) or _strip_the(claim.via)
    if report is None and source is not None and source.type == "outlet":
        report = outlet_name(source.name) or _anaphoric_report(source, claim, cited)
        if report is not None:
            source = None  # the report is the claimant
    report = report or default_report
    key = claimant_key(source)
    claimant = None if source is None else names.get(key or "", _display(source.name))
    return Origin(key=f"{report}|{key or ''}", report=report, claimant=claimant)


def _anaphoric_report(source: Source, claim: Claim, cited: list[tuple[int, str]]) -> str | None:
    """ "the report", "the newspaper": the outlet cited last before the claim."""
    words = _words(source.name)
    if not words or words[0] not in _ANAPHORIC or words[-1] not in _REPORT_WORDS:
        return None
    before = [name for start, name in cited if start < claim.start]
    return before[-1] if before else None


def _display(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


def _strip_the(via: str | None) -> str | None:
    return _display(via) if via else None


def _copied_spans(
    edges: Sequence[ProvenanceEdge], passages: Sequence[SharedPassage]
) -> dict[str, list[tuple[int | None, int | None, str]]]:
    """Article -> (start, end, origin article) of what it copies; (None, None, ...) is the whole text."""
    spans: dict[str, list[tuple[int | None, int | None, str]]] = {}
    for passage in passages:
        spans.setdefault(passage.article_id, []).append((passage.start, passage.end, passage.origin_article_id))
    for edge in edges:
        if edge.kind == "copies" and edge.target_article_id is not None:
            spans.setdefault(edge.article_id, []).append((edge.start, edge.end, edge.target_article_id))
    return spans


def _copy_source(
    article: ArticleText, claim: Claim, copied: Mapping[str, list[tuple[int | None, int | None, str]]],
    by_id: Mapping[str, ArticleText],
) -> ArticleText:
    """The article this claim's text was copied from (itself when it is not copied)."""
    middle = (claim.start + claim.end) // 2
    for start, end, origin in copied.get(article.id, ()):
        inside = start is None or end is None or start <= middle < end
        if inside and origin in by_id and origin != article.id:
            return by_id[origin]
    return article


def _from_copy(
    article: ArticleText,
    claim: Claim,
    copied: Mapping[str, list[tuple[int | None, int | None, str]]],
    by_id: Mapping[str, ArticleText],
    claims: Mapping[str, Sequence[Claim]],
    origins: Mapping[ClaimKey, Origin],
) -> Origin | None:
    source = _copy_source(article, claim, copied, by_id)
    if source is article:
        return None
    words = set(_words(claim.text))
    for position, other in enumerate(claims.get(source.id, ())):
        theirs = set(_words(other.text))
        if words and theirs and len(words & theirs) / max(len(words), len(theirs)) >= _SAME_WORDING:
            return origins.get((source.id, position))
    return None
