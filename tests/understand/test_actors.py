from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crosswire.ingest.plaintext import clean_plain_text
from crosswire.records import CleanArticle, SourceItem
from crosswire.understand.actors import CATEGORY_OF_NAME, ActorMention, extract_actors
from crosswire.understand.nlp import load_pipeline
from tests.paths import SEED_000, SEED_004

GOVERNMENT = "syrian government or russian troops"
COALITION = "international coalition forces"


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_pipeline()


def actors(nlp: Any, text: str) -> list[tuple[str, str, str]]:
    """(text, name, role) of each mention."""
    return [(m.text, m.name, m.role) for m in extract_actors(nlp(text))]


def seed_doc(nlp: Any, path: Path) -> Any:
    cleaned = clean_plain_text(SourceItem(str(path), "", path.read_text(encoding="utf-8"), "text"))
    assert isinstance(cleaned, CleanArticle)
    return nlp(cleaned.text)


def in_sentence(doc: Any, words: str) -> tuple[ActorMention, ...]:
    sentence = next(sentence for sentence in doc.sents if words in sentence.text)
    return extract_actors(sentence)


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("Regime forces", "Syrian government forces"),
        ("The Syrian army", "Syrian government forces"),
        ("The SAA", "Syrian government forces"),
        ("Pro-Assad forces", "pro-government militias"),
        ("Russian warplanes", "Russian forces"),
        ("Russian jets", "Russian forces"),
        ("Wagner", "Wagner Group / Russian contractors"),
        ("Russian mercenaries", "Wagner Group / Russian contractors"),
        ("Contract soldiers", "Wagner Group / Russian contractors"),
        ("ISIS", "Islamic State"),
        ("ISIL", "Islamic State"),
        ("IS fighters", "Islamic State"),
        ("Daesh", "Islamic State"),
        ("The Islamic State group", "Islamic State"),
        ("The US-led coalition", "US-led coalition"),
        ("Coalition warplanes", "US-led coalition"),
        ("The SDF", "Syrian Democratic Forces"),
        ("The YPG", "Kurdish YPG"),
        ("The Kurdish militia", "Kurdish YPG"),
        ("Rebels", "armed opposition"),
        ("The FSA", "armed opposition"),
        ("The Free Syrian Army", "armed opposition"),
        ("Jaish al-Islam", "armed opposition"),
        ("Ahrar al-Sham", "armed opposition"),
        ("Nusra", "Hayat Tahrir al-Sham / al-Nusra Front"),
        ("Jabhat Fateh al-Sham", "Hayat Tahrir al-Sham / al-Nusra Front"),
        ("HTS", "Hayat Tahrir al-Sham / al-Nusra Front"),
        ("Hezbollah", "Hezbollah"),
        ("Turkish troops", "Turkish forces"),
    ],
)
def test_aliases_name_the_attacker(nlp: Any, alias: str, name: str) -> None:
    assert actors(nlp, f"{alias} attacked the village on Monday.")[0] == (alias.removeprefix("The "), name, "initiator")


def test_every_canonical_name_has_a_fakes_class() -> None:
    classes = {
        "syrian government or russian troops", "the organization of the islamic state in iraq and the levant - isis",
        "international coalition forces", "armed opposition groups", "self administration forces",
        "al-nusra front", "unknown",
    }
    assert set(CATEGORY_OF_NAME.values()) <= classes


def test_nationality_adjectives_name_actors_only_next_to_military_nouns(nlp: Any) -> None:
    assert actors(nlp, "Syrian warplanes bombed Douma.") == [
        ("Syrian warplanes", "Syrian government forces", "initiator"),
    ]
    assert actors(nlp, "Syrian civilians fled to Turkey.") == [("civilians", "civilians", "other")]
    assert actors(nlp, "The Syrian Observatory for Human Rights said 20 died.") == []


def test_roles_come_from_the_parse(nlp: Any) -> None:
    assert actors(nlp, "Russian jets bombed a hospital, killing 12 civilians.") == [
        ("Russian jets", "Russian forces", "initiator"), ("civilians", "civilians", "target"),
    ]
    assert actors(nlp, "Twenty ISIS fighters were killed by the YPG near Kobane.") == [
        ("ISIS", "Islamic State", "target"), ("YPG", "Kurdish YPG", "initiator"),
    ]
    assert actors(nlp, "The coalition carried out strikes against Daesh positions.") == [
        ("coalition", "US-led coalition", "initiator"), ("Daesh", "Islamic State", "target"),
    ]
    assert actors(nlp, "Regime airstrikes on Idlib killed five.") == [
        ("Regime", "Syrian government forces", "initiator"),
    ]
    assert actors(nlp, "Ten soldiers were killed in clashes with Nusra in Hama.")[0][1:] == (
        "Hayat Tahrir al-Sham / al-Nusra Front", "initiator",
    )


def test_unnamed_terrorists_are_an_unknown_actor_and_give_way_to_a_named_group(nlp: Any) -> None:
    mentions = extract_actors(nlp("Terrorists fired rocket shells on Aleppo."))
    assert [(m.name, m.category, m.role, m.generic) for m in mentions] == [
        ("armed opposition", "unknown", "initiator", True),
    ]
    assert actors(nlp, "ISIS militants stormed the town.") == [("ISIS", "Islamic State", "initiator")]


def test_mention_offsets_point_at_the_words(nlp: Any) -> None:
    text = "On Monday Russian air-strikes hit a market held by the Free Syrian Army."
    for mention in extract_actors(nlp(text)):
        assert text[mention.start : mention.end] == mention.text


def test_seed_000_pro_assad_forces_attacked_the_coalition_which_responded(nlp: Any) -> None:
    doc = seed_doc(nlp, SEED_000)
    first = [(m.text, m.category, m.role) for m in in_sentence(doc, "pro-Assad forces attacked the US coalition")]
    assert first == [("pro-Assad forces", GOVERNMENT, "initiator"), ("US coalition", COALITION, "target")]
    again = {(m.name, m.role) for m in in_sentence(doc, "first attack against the US coalition by pro-Assad")}
    assert again == {("US-led coalition", "target"), ("pro-government militias", "initiator")}
    # The base held by U.S. and mainly Kurdish forces was the target of the 7 February attack.
    base = {(m.name, m.role) for m in in_sentence(doc, "died in a failed attack on a base held by")}
    assert ("US-led coalition", "target") in base and ("Kurdish YPG", "target") in base
    assert ("Wagner Group / Russian contractors", "other") in base
    killed = [(m.name, m.role) for m in in_sentence(doc, "U.S. forces killed scores of Russian mercenaries")]
    assert ("US-led coalition", "initiator") in killed
    assert ("Wagner Group / Russian contractors", "target") in killed
    fired = {(m.name, m.role) for m in in_sentence(doc, "when pro-Assad forces fired rounds")}
    assert ("pro-government militias", "initiator") in fired
    assert [(m.name, m.role) for m in in_sentence(doc, "The Russian assault")][0] == ("Russian forces", "initiator")
    response = [(m.name, m.role) for m in in_sentence(doc, "responded with aircraft and artillery fire")]
    assert response == [("US-led coalition", "initiator"), ("Syrian Democratic Forces", "other")]


def test_seed_004_coalition_warplanes_struck_a_regime_unit(nlp: Any) -> None:
    doc = seed_doc(nlp, SEED_004)
    mentions = in_sentence(doc, "the US-led coalition warplanes struck a Syrian regime unit")
    by_text = {m.text: (m.name, m.category, m.role) for m in mentions}
    assert by_text["US-led coalition"] == ("US-led coalition", COALITION, "initiator")
    assert by_text["Syrian regime"] == ("Syrian government forces", GOVERNMENT, "target")
    assert by_text["pro-regime forces"][2] == "target"
    first = {(m.name, m.role) for m in in_sentence(doc, "conducted air and artillery strikes against pro-regime")}
    assert ("US-led coalition", "initiator") in first
    assault = {(m.name, m.role) for m in in_sentence(doc, "Feb 7 assault on the Syrian Democratic Forces base")}
    assert ("Syrian Democratic Forces", "target") in assault
