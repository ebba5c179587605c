"""Salient people of real reports (ECB+ topic 35, CC BY 3.0): two Chargers players arrested for drink-driving."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from crosswire.evaluate.event_mentions import mentions_of
from crosswire.ingest import ingest
from crosswire.link.event_similarity import MentionTable, date_span, pair_scores
from crosswire.link.participants import Participants, participants, persons_conflict, surname
from crosswire.link.stage_inputs import load_inputs
from crosswire.store import open_store
from crosswire.store.analysis import replace_analysis
from crosswire.understand.article import analyse_doc
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.records import EventFrame

JACKSON = (
    "Chargers' Jackson arrested on suspicion of DUI\n\nChargers wide receiver Vincent Jackson was arrested early "
    "yesterday on suspicion of drunken driving.\n\nJackson failed sobriety tests shortly after 2 a.m. on state Route "
    "52 in San Diego, said California Highway Patrol Officer Ray Scheidnes.\n\nHe said he didn't know Jackson's blood "
    "alcohol level.\n\nJackson was on probation for a previous DUI arrest, Highway Patrol Officer Brad Baehr said."
)
WILLIAMS = (
    "Chargers' Jamal Williams Arrested For DUI\n\nChargers defensive tackle Jamal Williams was arrested early Sunday "
    "for suspicions of driving under the influence.\n\nWilliams was pulled over by the California Highway Patrol for "
    "speeding in a San Diego freeway.\n\nHe was given a blood alcohol test but the results have not been revealed."
    "\n\nWilliams was taken to the County jail where he was booked and released on bail."
)
RECALLS_JACKSON = WILLIAMS + "\n\nEarlier this year, star receiver Vincent Jackson was arrested for drunk driving."


def _people(text: str) -> Participants:
    return participants((e.label_, e.text) for e in load_pipeline()(text).ents)


def test_the_salient_person_is_the_surname_named_most_often_by_a_clear_lead() -> None:
    jackson, williams = _people(JACKSON), _people(WILLIAMS)
    assert jackson.person == "jackson" and {"jackson", "scheidnes", "baehr"} <= set(jackson.persons)
    assert williams.person == "williams"
    assert persons_conflict(jackson.person, jackson.persons, williams.person, williams.persons)
    recalls = _people(RECALLS_JACKSON)
    assert recalls.person == "williams" and "jackson" in recalls.persons
    assert not persons_conflict(jackson.person, jackson.persons, recalls.person, recalls.persons)


def test_no_salient_person_without_enough_mentions_or_lead() -> None:
    assert participants([("PERSON", "Vincent Jackson"), ("PERSON", "Jackson")]).person is None  # twice only
    tied = [("PERSON", "Jackson")] * 4 + [("PERSON", "Ray Scheidnes")] * 3
    assert participants(tied) == Participants(None, ("jackson", "scheidnes"))
    assert participants([("ORG", "Chargers")] * 5).person is None
    assert participants([("PERSON", "Jags")] * 5).person is None  # never written as a full name
    one_word = [("PERSON", "Jags")] * 4 + [("PERSON", "Maurice Jones-Drew")]
    assert participants(one_word).person is None  # a clear lead, but never written in full
    assert surname("Jackson's") == "jackson" and surname("A.J. Butler") == "butler" and surname("") is None


def test_main_mentions_of_the_two_arrests_lose_the_penalty_and_no_other_pair_does() -> None:
    nlp = load_pipeline()
    mentions = [mentions_of(nlp(text), article_id=name, outlet="x", published=None)[0]
                for name, text in (("a", JACKSON), ("b", WILLIAMS), ("c", RECALLS_JACKSON))]
    assert [m.person for m in mentions] == ["jackson", "williams", "williams"] and all(m.main for m in mentions)
    background = replace(mentions[1], position=9, main=False, person=None, persons=())
    mentions.append(background)
    table = MentionTable(mentions, [date_span(m) for m in mentions])
    left, right = np.array([0, 0, 1, 0]), np.array([1, 2, 2, 3])
    cosines = np.full(4, 0.5)
    scores = pair_scores(table, left, right, cosines, agreement_weight=0.0, participant_penalty=0.2)
    assert scores.tolist() == [0.5 - 0.2, 0.5, 0.5, 0.5]


def test_the_link_stage_reads_each_main_mention_its_articles_people_from_the_store(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in (("jackson", JACKSON), ("williams", WILLIAMS)):
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    db = str(tmp_path / "store.sqlite")
    ingest([str(folder)], db=db)
    engine = open_store(db)
    with engine.begin() as connection:
        for row in connection.exec_driver_sql("select id, text from articles").all():
            analysis = analyse_doc(load_pipeline()(row.text), published=None)  # its entities; arrests are no frame
            frames = (EventFrame(0, len(row.text), "Arrests", None, None, None, (), (), main=True),
                      EventFrame(0, 10, "Arrests", None, None, None, (), (), main=False))
            analysis = replace(analysis, frames=frames)
            replace_analysis(connection, article_id=row.id, stage="understand", version="test", analysis=analysis)
        mentions = load_inputs(connection, understand_stage="understand").mentions
    engine.dispose()
    main = sorted((m.person, "scheidnes" in m.persons) for m in mentions if m.main)
    assert main == [("jackson", True), ("williams", False)]
    assert all(m.person is None and m.persons == () for m in mentions if not m.main)
