"""First-hand origins of the seeds' casualty claims: Bloomberg's two claimants, copies and citations."""

from __future__ import annotations

from datetime import date

import pytest

from crosswire.assess.origins import assign_origins, claimant_key, figure_origin, origin_parts
from crosswire.link.copies import find_shared_passages
from crosswire.link.provenance import provenance_edges
from crosswire.link.records import ArticleText, Origin
from crosswire.understand.article import analyse_doc
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.records import ArticleAnalysis, Source
from tests.paths import SEED_000, SEED_004

Seeds = tuple[list[ArticleText], dict[str, ArticleAnalysis]]


def _copy_of_bloomberg_paragraph() -> str:
    """A later repost of seed 000's second Bloomberg paragraph, without the dateline."""
    text = SEED_000.read_text(encoding="utf-8")
    start = text.index("More than 200 contract soldiers")
    end = text.index("200 to 300 injured.") + len("200 to 300 injured.")
    return "Russian contractors died in Syria\n\n" + text[start:end] + "\n"


@pytest.fixture(scope="module")
def seeds() -> Seeds:
    nlp = load_pipeline()
    inputs = [
        ("000", SEED_000.read_text(encoding="utf-8"), "2018-02-14"),
        ("004", SEED_004.read_text(encoding="utf-8"), "2018-02-27"),
        ("rep", _copy_of_bloomberg_paragraph(), "2018-02-15"),
    ]
    articles, analyses = [], {}
    for seq, (article_id, text, published) in enumerate(inputs):
        articles.append(ArticleText(article_id, f"blog {article_id}", published, None, text, seq))
        analyses[article_id] = analyse_doc(nlp(text), published=date.fromisoformat(published))
    return articles, analyses


def _figure_origins(seeds: Seeds) -> dict[tuple[str, str], Origin | None]:
    articles, analyses = seeds
    claims = {article_id: analysis.claims for article_id, analysis in analyses.items()}
    passages = find_shared_passages(articles)
    origins = assign_origins(articles, claims, provenance_edges(articles, claims, passages))
    return {
        (article_id, figure.text): figure_origin(article_id, figure, analysis.claims, origins)
        for article_id, analysis in analyses.items()
        for figure in analysis.figures
    }


def test_bloombergs_us_official_and_the_russians_are_two_origins_in_one_report(seeds: Seeds) -> None:
    found = _figure_origins(seeds)
    about_100, more_than_200 = found[("000", "about 100")], found[("000", "More than 200")]
    assert about_100 is not None and more_than_200 is not None
    assert (about_100.report, about_100.key) == ("Bloomberg", "Bloomberg|us official")
    assert (more_than_200.report, more_than_200.key) == ("Bloomberg", "Bloomberg|two of the russians")
    assert found[("000", "200 to 300")] == about_100  # the same official's injured count


def test_a_repost_of_the_bloomberg_paragraph_is_the_same_origin_not_a_new_one(seeds: Seeds) -> None:
    found = _figure_origins(seeds)
    # The repost names no outlet: only the copied passage leads back to Bloomberg's official.
    assert "Bloomberg" not in _copy_of_bloomberg_paragraph() and "BLOOMBERG" not in _copy_of_bloomberg_paragraph()
    assert found[("rep", "about 100")] == found[("000", "about 100")]
    assert found[("rep", "More than 200")] == found[("000", "More than 200")]


def test_seed_004_figures_are_the_blogs_own_or_the_kremlins(seeds: Seeds) -> None:
    found = _figure_origins(seeds)
    several_dozen, more_than_100 = found[("004", "several dozen")], found[("004", "more than 100")]
    assert several_dozen is not None and several_dozen.key == "blog 004|kremlin"
    # "amid unconfirmed reports that more than 100 Russians had been killed, the Kremlin denied ...":
    # the number is outside what the Kremlin is said to say.
    assert more_than_100 is not None and more_than_100.claimant is None and more_than_100.report == "blog 004"


def test_seed_004_citations_are_origins_of_their_outlets(seeds: Seeds) -> None:
    articles, analyses = seeds
    claims = {article_id: analysis.claims for article_id, analysis in analyses.items()}
    origins = assign_origins(articles, claims, provenance_edges(articles, claims, []))
    by_text = {claims["004"][p].text[:30]: o for (a, p), o in origins.items() if a == "004"}
    assert by_text["Unnamed US intelligence source"].key == "The Washington Post|unnamed us intelligence sources"
    assert by_text["According to the unconfirmed r"].key == "The Washington Post|"  # "the report" just cited
    assert by_text["because moments ago, Al Jazeer"].key == "Al Jazeera|"


def test_claimant_keys_join_wordings_of_one_claimant_only() -> None:
    keys = {claimant_key(Source(name, "anonymous")) for name in ("a U.S. official", "one U.S. official", "the US official")}
    assert keys == {"us official"}
    assert claimant_key(Source("two of the Russians", "anonymous")) != claimant_key(Source("the U.S. official", "anonymous"))
    veale = claimant_key(Source("Colonel Thomas F. Veale, a spokesman for the U.S. military", "person"))
    assert veale == claimant_key(Source("Veale", "person")) == "veale"
    assert claimant_key(Source("President Vladimir Putin’s spokesman, Dmitry Peskov", "person")) == "peskov"


def test_a_coordinated_claimant_is_one_origin_per_claimant(seeds: Seeds) -> None:
    articles, analyses = seeds
    claims = {article_id: analysis.claims for article_id, analysis in analyses.items()}
    origins = assign_origins(articles, claims, provenance_edges(articles, claims, find_shared_passages(articles)))
    joint = next(origins[("000", i)] for i, c in enumerate(claims["000"]) if "killed scores of Russian" in c.text)
    official = next(origins[("000", i)] for i, c in enumerate(claims["000"]) if "put the death toll" in c.text)
    parts = origin_parts(joint)
    assert [p.key for p in parts] == ["Bloomberg|us official", "Bloomberg|three russians familiar with the matter"]
    assert parts[0].key == official.key  # the U.S. official quoted alone and together is one origin
    for whole in ("Syrian and Russian officials", "Colonel Thomas F. Veale, a spokesman for the U.S. military"):
        origin = Origin(key="x|y", report="x", claimant=whole)
        assert origin_parts(origin) == (origin,)
