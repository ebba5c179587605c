"""What the export says about the two seed articles: the numbers, who gives
them, through whom, the author's opinions and the 7 February event."""

from __future__ import annotations

from typing import Any

import pytest



@pytest.fixture(scope="module")
def export(seeds_export: dict[str, Any]) -> dict[str, Any]:
    return seeds_export


def _article_id(export: dict[str, Any], title_start: str) -> str:
    return next(a["id"] for a in export["articles"] if a["title"].startswith(title_start))


def _figures_with_claims(export: dict[str, Any], article_id: str) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    claims = {claim["id"]: claim for claim in export["claims"]}
    return [(f, claims.get(f["claim_id"])) for f in export["figures"] if f["article_id"] == article_id]


def _find(pairs: list[tuple[dict[str, Any], dict[str, Any] | None]], category: str, low: int, high: int | None) -> dict[str, Any] | None:
    matches = [claim for figure, claim in pairs if (figure["category"], figure["low"], figure["high"]) == (category, low, high)]
    assert len(matches) == 1, f"no single {category} figure {low}-{high}: {pairs}"
    return matches[0]


def test_seed_000_figures_with_their_claimants_and_bloomberg(export: dict[str, Any]) -> None:
    pairs = _figures_with_claims(export, _article_id(export, "JUST IN"))
    more_than_200 = _find(pairs, "killed", 201, None)
    assert more_than_200 and more_than_200["source"]["name"] == "two of the Russians"
    assert more_than_200["via"] == "Bloomberg"
    about_100 = _find(pairs, "killed", 90, 110)
    injured_200_300 = _find(pairs, "injured", 200, 300)
    for claim in (about_100, injured_200_300):
        assert claim and "U.S. official" in claim["source"]["name"] and claim["source"]["type"] == "anonymous"
        assert claim["via"] == "Bloomberg"
    injured_25 = _find(pairs, "injured", 25, 25)
    assert injured_25 and injured_25["source"] == {"name": "Russia\u2019s Defense Ministry", "type": "government"}


def test_seed_000_author_opinion_is_not_reporting(export: dict[str, Any]) -> None:
    kinds = {c["text"][:26]: c["kind"] for c in export["claims"]}
    assert kinds["My guess would be they wer"] in ("opinion", "speculation")
    assert kinds["Clearly these Russian merc"] in ("opinion", "speculation")
    denial = next(c for c in export["claims"] if "nothing to do with the attack" in c["text"])
    assert denial["kind"] == "denial" and denial["source"]["name"] == "Russia\u2019s military"


def test_seed_004_kremlin_several_dozen_and_hedged_more_than_100(export: dict[str, Any]) -> None:
    pairs = _figures_with_claims(export, _article_id(export, "US-Led Coalition"))
    several_dozen = _find(pairs, "casualties", 36, 99)
    assert several_dozen and several_dozen["source"]["name"] == "the Kremlin"
    more_than_100 = next(f for f, _ in pairs if (f["category"], f["low"], f["high"]) == ("killed", 101, None))
    assert more_than_100["hedged"] is True
    assert more_than_100["text"] == "more than 100"


def test_the_7_february_attack_in_deir_ezzor_is_an_event_of_both_seeds(export: dict[str, Any]) -> None:
    # Each article's own frames (the understand stage), as the linked events carry them in "mentions".
    frames = [(event, mention) for event in export["events"] for mention in event["mentions"]]
    feb_7 = [(e, m) for e, m in frames if m["date"] == "2018-02-07" and m["date_precision"] == "day"]
    assert len({m["article_id"] for _, m in feb_7}) == 2
    for _, mention in feb_7:
        assert mention["location"]["admin1"] == "Deir ez-Zor" and mention["location"]["country"] == "Syria"
    assert any(e["figures"]["killed"]["contested"] for e, m in feb_7 if m["article_id"] == _article_id(export, "JUST IN"))
    dates = {(m["article_id"][:4], m["date"]) for _, m in frames}
    assert (_article_id(export, "US-Led")[:4], "2018-02-27") in dates  # the coalition strike the blog reports
    assert (_article_id(export, "JUST IN")[:4], "2018-02-10") in dates  # "another attack this weekend": the tank


def test_every_record_points_at_its_words(export: dict[str, Any]) -> None:
    texts = {a["id"]: a["text"] for a in export["articles"]}
    for figure in export["figures"]:
        evidence = figure["evidence"]
        assert texts[evidence["article_id"]][evidence["start"] : evidence["end"]] == figure["text"]
    for claim in export["claims"]:
        evidence = claim["evidence"]
        assert texts[evidence["article_id"]][evidence["start"] : evidence["end"]] == claim["text"]


def test_each_seed_leads_with_the_deir_ezzor_toll(export: dict[str, Any]) -> None:
    """The lead summary a monitor would log: both seeds lead with the dead of
    the 7 February attack near Deir Ezzor, seed 000 with "more than 200"
    (FA-KES's convention: the number written), seed 004 with "more than 100"."""
    leads = {article["title"][:20]: article["lead"] for article in export["articles"]}
    assert {title: (lead["death_toll"], lead["place"]["admin1"]) for title, lead in leads.items()} == {
        "JUST IN: U.S. jet de": (200, "Deir ez-Zor"),
        "US-Led Coalition War": (100, "Deir ez-Zor"),
    }
