"""Who the seed articles and FA-KES articles copy, relay and cite."""

from __future__ import annotations

import json
from datetime import date

import pytest

from crosswire.link.copies import find_shared_passages
from crosswire.link.provenance import outlet_mentions, outlet_name, provenance_edges
from crosswire.link.records import ArticleText, ProvenanceEdge
from crosswire.understand.article import analyse_doc
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.records import Claim
from tests.paths import REPO, SEED_000, SEED_004

FIXTURE = REPO / "tests" / "data" / "link" / "fakes_copies.jsonl"


@pytest.fixture(scope="module")
def seeds() -> tuple[list[ArticleText], dict[str, tuple[Claim, ...]]]:
    nlp = load_pipeline()
    articles, claims = [], {}
    for seq, (path, published) in enumerate(((SEED_000, "2018-02-14"), (SEED_004, "2018-02-27"))):
        text = path.read_text(encoding="utf-8")
        article = ArticleText(path.name[:3], f"blog {path.name[:3]}", published, None, text, seq)
        articles.append(article)
        claims[article.id] = analyse_doc(nlp(text), published=date.fromisoformat(published)).claims
    return articles, claims


def _edges(seeds: tuple[list[ArticleText], dict[str, tuple[Claim, ...]]]) -> list[ProvenanceEdge]:
    articles, claims = seeds
    return provenance_edges(articles, claims, find_shared_passages(articles))


def test_seed_000_relays_bloomberg_from_its_dateline(seeds: tuple[list[ArticleText], dict[str, tuple[Claim, ...]]]) -> None:
    edges = [e for e in _edges(seeds) if e.article_id == "000"]
    assert [(e.kind, e.target_name) for e in edges] == [("relays", "Bloomberg")]
    text = seeds[0][0].text
    assert edges[0].start is not None and text[edges[0].start : edges[0].end] == "BLOOMBERG"


def test_seed_004_cites_the_washington_post_al_jazeera_and_sana(
    seeds: tuple[list[ArticleText], dict[str, tuple[Claim, ...]]]
) -> None:
    edges = [e for e in _edges(seeds) if e.article_id == "004"]
    assert {e.target_name for e in edges} == {"The Washington Post", "Al Jazeera", "SANA"}
    assert all(e.kind == "cites" and e.target_article_id is None for e in edges)
    text = seeds[0][1].text
    spans = {e.target_name: text[e.start or 0 : e.end or 0] for e in edges}
    assert spans["SANA"].endswith("news agency SANA") and spans["The Washington Post"] == "the Washington Post"
    # Seed 004 retells the Bloomberg story ("it was revealed that ... hundreds of Russian mercenaries")
    # without naming Bloomberg: no edge can say so from its text.
    assert "Bloomberg" not in text and "bloomberg" not in text.lower()


def test_outlet_names_are_normalised_and_short_names_need_their_capitals() -> None:
    assert outlet_name("BLOOMBERG") == "Bloomberg"
    assert outlet_name("the Syrian state news agency SANA") == "SANA"
    assert outlet_name("Unnamed sources quoted by the Washington Post") == "The Washington Post"
    assert outlet_name("ahram") == "Ahram Online"  # a FA-KES outlet label
    assert outlet_name("Reports in Russian media") is None
    assert outlet_mentions("Sana'a, Yemen, and an app called sana") == []
    assert [m[2] for m in outlet_mentions("he told AFP, not the ap")] == ["Agence France-Presse"]


def test_fakes_copies_and_citations_with_the_copied_article_as_target() -> None:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    articles = [ArticleText(r["id"], r["outlet"], r["published"], None, r["text"], i) for i, r in enumerate(rows)]
    passages = find_shared_passages(articles)
    edges = provenance_edges(articles, {}, passages)
    copies = {(e.article_id, e.target_article_id, e.target_name) for e in edges if e.kind == "copies"}
    assert ("1923102890", "1923848285", "Ahram Online") in copies
    assert ("1923102890", "1923102891", "The New Arab") in copies
    assert len([e for e in edges if e.kind == "copies"]) == len(passages)
    cited = {(e.article_id, e.target_name) for e in edges if e.kind == "cites"}
    assert ("1923102890", "Agence France-Presse") in cited  # "speaking to AFP", "told AFP"
    # "Reuters cannot independently verify" in a Reuters article is no citation.
    assert not any(e.target_name == "Reuters" and e.kind != "copies" for e in edges if e.article_id == "1926479264")
