"""Credibility signals read from a real store: the two seed blog posts, a
near copy of one, and FA-KES articles about one convoy bombing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from crosswire.assess.credibility import (
    ArticleCredibility,
    article_signals,
    credibility_signals,
    distinct_sources,
    load_model,
    model_features,
)
from crosswire.ingest import ingest
from crosswire.store import open_store
from crosswire.store.schema import articles, claims, event_frames, event_mentions, events, figures
from crosswire.understand import analyze
from tests.paths import SEED_000, SEED_004

CONVOY = Path(__file__).resolve().parents[1] / "data" / "credibility" / "convoy.csv"


def _signals(db: str) -> dict[str, ArticleCredibility]:
    engine = open_store(db)
    with engine.connect() as connection:
        found = credibility_signals(connection)
    engine.dispose()
    return found


def _ids_by_title(db: str) -> dict[str, str]:
    engine = open_store(db)
    with engine.connect() as connection:
        found = {str(row.title): str(row.id) for row in connection.execute(select(articles.c.id, articles.c.title))}
    engine.dispose()
    return found


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The two seeds and a repost of seed 004 with one line added (a near copy)."""
    folder = tmp_path_factory.mktemp("seeds")
    for seed in (SEED_000, SEED_004):
        shutil.copy(seed, folder / seed.name)
        shutil.copy(seed.with_suffix(".meta.json"), folder / seed.with_suffix(".meta.json").name)
    text = SEED_004.read_text(encoding="utf-8")
    (folder / "zz_repost.txt").write_text(text + "\n\nShared from our friends.\n", encoding="utf-8")
    db = str(folder / "store.sqlite")
    ingest([str(folder)], db=db)
    analyze(db=db)
    return db


@pytest.fixture(scope="module")
def seed_signals(seeds_db: str) -> dict[str, ArticleCredibility]:
    found = _signals(seeds_db)
    engine = open_store(seeds_db)
    with engine.connect() as connection:
        outlets = {str(row.id): str(row.outlet) for row in connection.execute(select(articles.c.id, articles.c.outlet))}
    engine.dispose()
    keys = {"US partisan blog (seed 000)": "000", "blog repost (seed 004)": "004"}
    return {keys.get(outlet, "repost"): found[article_id] for article_id, outlet in outlets.items()}


@pytest.fixture(scope="module")
def convoy_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("convoy") / "store.sqlite")
    ingest([str(CONVOY)], db=db)
    analyze(db=db)
    return db


def test_seed_000_author_opinion_and_speculation(seed_signals: dict[str, ArticleCredibility]) -> None:
    signals = seed_signals["000"].signals
    # "My guess would be they were sent by Russia", "Clearly these Russian mercenaries..."
    assert signals.opinion_share > 0 and signals.speculation_share > 0
    # "Why would he depend on a bunch of Russian mercenaries?"
    assert signals.question_share > 0
    # "one U.S. official and three Russians familiar with the matter", relayed through Bloomberg.
    assert signals.anonymous_share is not None and signals.anonymous_share > 0
    assert signals.relayed_share > 0.3
    assert signals.named_sources >= 5
    # Its casualty figures are all given by someone: the Russians, the U.S. official, the Defense Ministry.
    assert signals.figures >= 4 and signals.attributed_figure_share is not None and signals.attributed_figure_share >= 0.8


def test_seed_004_relays_state_news_and_unconfirmed_reports(
    seed_signals: dict[str, ArticleCredibility], seeds_db: str
) -> None:
    signals = seed_signals["004"].signals
    # "the Kremlin" denies; "The coalition described its action as..."
    assert signals.government_share is not None and signals.government_share > 0
    # "Unnamed US intelligence sources quoted by the Washington Post"
    assert signals.anonymous_share is not None and 0 < signals.anonymous_share < 0.5
    # "According to the unconfirmed report", "amid unconfirmed reports"
    assert signals.hedged_share > 0 and signals.denial_share > 0
    assert not signals.is_copy
    article_id = seed_signals["004"].article_id
    engine = open_store(seeds_db)
    with engine.connect() as connection:
        names = [row.source_name for row in connection.execute(
            select(claims.c.source_name).where(claims.c.article_id == article_id, claims.c.source_type != "anonymous")
        )]
    engine.dispose()
    sources = distinct_sources(names)
    assert "syrian state news agency sana" in sources and "kremlin" in sources
    assert signals.named_sources == len(sources)


def test_near_copy_is_flagged(seed_signals: dict[str, ArticleCredibility]) -> None:
    assert seed_signals["repost"].signals.is_copy
    assert not seed_signals["000"].signals.is_copy


def test_score_is_a_probability_from_the_shipped_model(seed_signals: dict[str, ArticleCredibility]) -> None:
    model = load_model()
    assert model is not None and "FA-KES" in model["trained_on"]
    assert set(model["features"]) <= set(model_features(seed_signals["000"].signals))
    for found in seed_signals.values():
        assert found.score is not None and 0.0 < found.score < 1.0
        record = found.as_dict()
        assert record["score_model"] and "weak" in record["score_model"]
        assert record["opinion_share"] == round(found.signals.opinion_share, 3)


def test_distinct_sources_merges_articles_and_surnames_not_possessives() -> None:
    names = ["the Kremlin", "Kremlin", "Colonel Thomas F. Veale, a spokesman for the U.S. military", "Veale",
             "Putin", "President Vladimir Putin\u2019s spokesman, Dmitry Peskov", ""]
    assert distinct_sources(names) == {
        "kremlin", "colonel thomas f veale a spokesman for the u s military", "putin",
        "president vladimir putin\u2019s spokesman dmitry peskov",
    }


def test_article_without_claims_or_figures_has_empty_shares() -> None:
    signals = article_signals([], [], is_copy=False)
    assert signals.claims == 0 and signals.opinion_share == 0.0
    assert signals.anonymous_share is None and signals.attributed_figure_share is None
    assert signals.figure_agreement is None


def test_no_link_data_means_no_agreement(convoy_db: str) -> None:
    found = _signals(convoy_db)
    assert len(found) == 7
    assert all(item.signals.figure_agreement is None for item in found.values())


def test_agreement_with_independent_outlets(convoy_db: str, tmp_path: Path) -> None:
    """Four outlets' main events linked as one: 43 dead (Ahram) against 112 and 126 from the others."""
    db = str(tmp_path / "linked.sqlite")
    shutil.copy(convoy_db, db)
    titles = _ids_by_title(db)
    linked = {key: next(i for t, i in titles.items() if t.startswith(key)) for key in (
        "Death toll in bomb attack on Syria evacuees hits 43", "Death toll in bomb attack on Syria evacuees rises to 112",
        "Death toll from Aleppo bomb attack at least 112", "Death toll from Aleppo bus convoy bomb attack at least 126",
    )}
    engine = open_store(db)
    with engine.begin() as connection:
        connection.execute(insert(events).values(id="convoy", type="Explosions/Remote violence", origins=4,
                                                 corroboration="contested"))
        for article_id in linked.values():
            main = connection.execute(select(event_frames.c.position).where(
                event_frames.c.article_id == article_id, event_frames.c.main == 1)).scalar_one()
            connection.execute(insert(event_mentions).values(article_id=article_id, frame_position=main, event_id="convoy"))
        killed = {row.article_id: row.low for row in connection.execute(select(figures).where(
            figures.c.category == "killed", figures.c.frame_position.is_not(None)))}
    engine.dispose()
    assert killed[linked["Death toll in bomb attack on Syria evacuees hits 43"]] == 43
    found = _signals(db)
    agreement = {key: found[article_id].signals.figure_agreement for key, article_id in linked.items()}
    low = agreement.pop("Death toll in bomb attack on Syria evacuees hits 43")
    assert low is not None and 0.2 < low < 0.6  # 43 against a consensus above 100
    assert all(value is not None and value >= 0.8 for value in agreement.values()), agreement
    unlinked = [item for article_id, item in found.items() if article_id not in linked.values()]
    assert unlinked and all(item.signals.figure_agreement is None for item in unlinked)


def test_export_carries_each_article_credibility(seeds_db: str, seed_signals: dict[str, ArticleCredibility]) -> None:
    from crosswire.present.export import build_export

    engine = open_store(seeds_db)
    with engine.connect() as connection:
        exported = {record["id"]: record for record in build_export(connection)["articles"]}
    engine.dispose()
    record = exported[seed_signals["000"].article_id]["credibility"]
    assert record["opinion_share"] > 0 and record["relayed_share"] > 0.3
    assert record["figure_agreement"] is None and 0 < record["score"] < 1
