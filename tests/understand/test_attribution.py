"""The attribution finder on real sentences and on PolNeAR fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crosswire.understand.attribution import Attribution, find_attributions
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.quotes import quote_spans
from crosswire.understand.sources import source_span

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "claims" / "polnear"


def _parse(text: str) -> Any:
    return load_pipeline()(text)


def _text(doc: Any, span: tuple[int, int] | None) -> str | None:
    return None if span is None else str(doc.text[span[0] : span[1]])


def _only(doc: Any, lemma: str) -> Attribution:
    found = [a for a in find_attributions(doc) if a.lemma == lemma]
    assert len(found) == 1, found
    return found[0]


def test_said_with_that_clause() -> None:
    doc = _parse("Russia's military said it had nothing to do with the attack.")
    relation = _only(doc, "say")
    assert _text(doc, relation.source) == "Russia's military"
    assert _text(doc, relation.cue) == "said"
    assert [doc.text[s:e] for s, e in relation.content] == ["it had nothing to do with the attack"]


def test_inverted_order_after_the_content() -> None:
    doc = _parse(
        "More than 200 contract soldiers died in a failed attack on a base held by U.S. forces, "
        "two of the Russians said."
    )
    relation = _only(doc, "say")
    assert _text(doc, relation.source) == "two of the Russians"
    content = " ".join(doc.text[s:e] for s, e in relation.content)
    assert content.startswith("More than 200 contract soldiers died")
    assert "two of the Russians" not in content


def test_according_to_takes_the_clause_it_modifies() -> None:
    doc = _parse(
        "U.S. forces killed scores of Russian mercenaries in Syria last week, "
        "according to one U.S. official and three Russians familiar with the matter."
    )
    relation = _only(doc, "according to")
    assert _text(doc, relation.cue) == "according to"
    assert _text(doc, relation.source) == "one U.S. official and three Russians familiar with the matter"
    assert doc.text[relation.content[0][0] :].startswith("U.S. forces killed scores")


def test_quote_across_sentences_is_one_content() -> None:
    doc = _parse('"We were not there. We never were," Veale said.')
    relation = _only(doc, "say")
    assert _text(doc, relation.source) == "Veale"
    assert [doc.text[s:e] for s, e in relation.content] == ['"We were not there. We never were,"']


def test_declined_to_comment_and_put_the_toll_at() -> None:
    doc = _parse(
        "Dmitry Peskov declined to comment on reports of Russian casualties. "
        "The U.S. official put the death toll at about 100."
    )
    refusal = _only(doc, "decline")
    assert _text(doc, refusal.cue) == "declined to comment"
    assert _text(doc, refusal.source) == "Dmitry Peskov"
    toll = _only(doc, "put")
    assert _text(doc, toll.cue) == "put the death toll at"
    assert [doc.text[s:e] for s, e in toll.content] == ["about 100"]


def test_transcript_turn() -> None:
    doc = _parse("WALLACE: Will she be there tomorrow night?\n\nPENCE: She will not be attending.")
    turns = [a for a in find_attributions(doc) if a.kind == "transcript"]
    assert [_text(doc, a.source) for a in turns] == ["WALLACE", "PENCE"]
    assert doc.text[turns[1].content[0][0] : turns[1].content[0][1]] == "She will not be attending."


def test_straight_quote_typed_for_an_apostrophe_does_not_open_a_quote() -> None:
    text = 'Prigozhin, known as "Putin"s Chef." He said "no".'
    assert [text[s:e] for s, e in quote_spans(text)] == ['"Putin"s Chef."', '"no"']


def test_fixture_contents_are_mostly_gold() -> None:
    """On real PolNeAR articles most predicted content is gold, and most gold is found (floors)."""
    from crosswire.evaluate.polnear import characters, predict_spans, read_ann

    hits = predicted_total = gold_total = 0
    for path in sorted((FIXTURES / "text").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        ann = next((FIXTURES / "attributions").glob(f"{path.stem}*.ann"))
        gold = characters(read_ann(ann.read_text(encoding="utf-8"))["content"], text)
        predicted = characters(predict_spans(_parse(text))["content"], text)
        hits += len(gold & predicted)
        predicted_total += len(predicted)
        gold_total += len(gold)
    assert hits / predicted_total > 0.85
    assert hits / gold_total > 0.5


def test_nyt_double_apostrophe_quotes() -> None:
    text = "His words had been ''misconstrued,'' he said."
    assert [text[s:e] for s, e in quote_spans(text)] == ["''misconstrued,''"]


def test_cue_interrupting_its_content() -> None:
    doc = _parse("Mr. Obama, officials said, has become increasingly skeptical about the plan.")
    relation = _only(doc, "say")
    assert _text(doc, relation.source) == "officials"
    content = " ".join(doc.text[s:e] for s, e in relation.content)
    assert "Mr. Obama" in content and "skeptical about the plan" in content


def test_prepositional_cue_keeps_its_preposition() -> None:
    doc = _parse("Senator Warren called for a full investigation of the bank.")
    relation = _only(doc, "call for")
    assert _text(doc, relation.cue) == "called for"
    assert _text(doc, relation.source) == "Senator Warren"
    assert [doc.text[s:e] for s, e in relation.content] == ["a full investigation of the bank"]


def test_passive_subject_is_not_the_speaker() -> None:
    doc = _parse("The senator was told that the vote would be delayed.")
    assert all(_text(doc, a.source) != "The senator" for a in find_attributions(doc))


def test_source_stops_at_a_paragraph_break() -> None:
    doc = _parse("7:45 a.m.\n\nHillary Clinton says she will visit Ohio next week.")
    relation = _only(doc, "say")
    assert _text(doc, relation.source) == "Hillary Clinton"


# From PolNeAR dev, politico_2016-09-25_poll-clinton-and-trump-in-dead-h (see tests/data/claims/polnear).
_MAJORITY = (
    "A majority of voters expect Clinton to win Monday's debate, the first of the presidential general "
    "election, at Hofstra University on Long Island."
)


def test_source_is_one_unbroken_phrase_when_the_parse_is_not_projective() -> None:
    # The parser hangs "the first of ..." (after the verb) on "majority" as an apposition.
    doc = _parse(_MAJORITY)
    assert doc[13].dep_ == "appos" and doc[13].head.text == "majority"
    assert _text(doc, _only(doc, "expect").source) == "A majority of voters"


def test_a_clause_handed_over_as_a_source_gives_its_subject() -> None:
    doc = _parse(_MAJORITY)
    assert _text(doc, source_span(list(doc[:8]))) == "A majority of voters"
    assert _text(doc, source_span(list(doc[:4]))) == "A majority of voters"


def test_a_time_phrase_hung_on_the_source_is_left_out() -> None:
    doc = _parse("A Bloomberg poll in June found that most voters want change.")
    assert _text(doc, _only(doc, "find").source) == "A Bloomberg poll"
