"""Shared passages on real FA-KES articles that lift sentences from each other."""

from __future__ import annotations

import json
from dataclasses import replace

from crosswire.link.copies import find_shared_passages
from crosswire.link.records import ArticleText
from tests.paths import REPO

FIXTURE = REPO / "tests" / "data" / "link" / "fakes_copies.jsonl"


def _articles() -> list[ArticleText]:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    return [ArticleText(r["id"], r["outlet"], r["published"], None, r["text"], seq) for seq, r in enumerate(rows)]


def test_an_edited_copy_is_found_with_spans_in_both_texts() -> None:
    articles = _articles()
    by_id = {a.id: a for a in articles}
    passages = [p for p in find_shared_passages(articles) if p.article_id == "1926479264"]
    assert {p.origin_article_id for p in passages} == {"1926479354"}
    texts = [
        (by_id[p.article_id].text[p.start : p.end], by_id[p.origin_article_id].text[p.origin_start : p.origin_end])
        for p in passages
    ]
    # The copy calls him "President Bashar al-Assad" where the original says "Assad": one passage all the same.
    killed = next((copy, origin) for copy, origin in texts if "More than 170000 people have been killed" in copy)
    assert "against President Bashar al-Assad a member" in killed[0]
    assert "against Assad a member" in killed[1]
    assert killed[0].startswith("he said. More than") and killed[1].startswith("he said. More than")


def test_a_copy_of_a_copy_points_to_the_first_article() -> None:
    articles = _articles()
    by_id = {a.id: a for a in articles}
    passages = [p for p in find_shared_passages(articles) if p.article_id == "1923102890"]
    idlib = next(p for p in passages if "Idlib province is controlled" in by_id["1923102890"].text[p.start : p.end])
    assert idlib.origin_article_id == "1923848285"  # ahram, 24 Oct, not the alaraby article of 26 Oct that also has it
    school = next(p for p in passages if "One rocket hit the entrance" in by_id["1923102890"].text[p.start : p.end])
    assert school.origin_article_id == "1923102891"


def test_direction_follows_publication_date_then_ingest_order() -> None:
    first, second = _articles()[3], _articles()[4]
    forward = find_shared_passages([first, second])
    assert forward and {p.article_id for p in forward} == {second.id}
    undated_later = find_shared_passages([replace(first, published=None), second])
    assert {p.article_id for p in undated_later} == {first.id}
    same_day = find_shared_passages([replace(first, published="2014-01-01", seq=7), replace(second, published="2014-01-01", seq=3)])
    assert {p.article_id for p in same_day} == {first.id}


def test_short_overlaps_and_unrelated_articles_give_nothing() -> None:
    articles = _articles()
    assert find_shared_passages([articles[0], articles[3]]) == []
    assert find_shared_passages(articles[1:3], min_words=60) == []
    assert find_shared_passages([]) == []


def test_near_duplicates_linked_at_ingest_get_passages_even_as_boilerplate() -> None:
    original = _articles()[0]
    copy = ArticleText("dup", "other", None, None, original.text, 9, copy_of=original.id)
    # max_df=1: every fingerprint is "boilerplate", so only the copy_of link makes them a candidate pair.
    passages = find_shared_passages([original, copy], max_df=1)
    assert len(passages) == 1 and passages[0].article_id == "dup" and passages[0].origin_article_id == original.id
    assert (passages[0].end - passages[0].start) > 0.95 * len(original.text)
