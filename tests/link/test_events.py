"""Cross-article event linking on the seeds' event frames (hand-built from
`crosswire export` of samples/corpus) and on small synthetic collections."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from crosswire.link.blocking import MAX_CANDIDATES, candidate_pairs
from crosswire.link.event_similarity import compatible, date_span, pair_score
from crosswire.link.event_text import mention_vectors
from crosswire.link.events import link_event_mentions
from crosswire.link.records import EventMention, MentionFigure
from tests.paths import SEED_000, SEED_004

S000, S004 = "seed000", "seed004"
COALITION, WAGNER, MILITIAS = "US-led coalition", "Wagner Group / Russian contractors", "pro-government militias"


def _mention(article: str, position: int, **fields: object) -> EventMention:
    base = EventMention(
        article_id=article, position=position, outlet=article, published=None, type="Battles",
        sub_event="Armed clash", date=None, date_precision=None, place_name=None, admin1=None, country=None,
        lat=None, lon=None, actors=(), figures=(), text="", main=position == 0,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


DEIR = dict(place_name="Deir ez-Zor", admin1="Deir ez-Zor", country="Syria", lat=35.33588, lon=40.14084)

SEED_FRAMES = [
    _mention(
        S000, 0, published="2018-02-14", date="2018-02-07", date_precision="day", **DEIR,
        actors=((MILITIAS, "initiator"), (COALITION, "target"), (COALITION, "initiator"), (WAGNER, "target")),
        figures=(MentionFigure("killed", 100, None), MentionFigure("injured", 200, 300)),
        text="U.S. forces killed scores of Russian mercenaries in Syria last week in what may be the deadliest "
        "clash between citizens of the former foes since the Cold War. More than 200 contract soldiers, mostly "
        "Russians fighting on behalf of Syrian leader Bashar al-Assad, died in a failed attack on a base held by "
        "U.S. and mainly Kurdish forces in the oil-rich Deir Ezzor region. Last week's offensive began about 8 "
        "kilometers east of the Euphrates River de-confliction line late Feb. 7, when pro-Assad forces fired "
        "rounds and advanced in a battalion-sized formation supported by artillery, tanks, multiple-launch rocket "
        "systems and mortars. Reports in Russian media have said Wagner was hired by Assad or his allies.",
    ),
    _mention(
        S000, 1, published="2018-02-14", date="2018-02-10", date_precision="week",
        actors=((COALITION, "other"), ("Russian forces", "target")),
        text="But apparently there was another attack this weekend and the US was forced to destroy a Russian "
        "tank: This sounds like a much, much smaller attack than the first one we reported on.",
    ),
    _mention(
        S004, 0, published="2018-02-27", type="Explosions/Remote violence",
        sub_event="Shelling/artillery/missile attack", date="2018-02-07", date_precision="day", **DEIR,
        actors=((COALITION, "initiator"), (MILITIAS, "target"), (WAGNER, "other")),
        figures=(MentionFigure("killed", 101, None),),
        text="The last time the US-led coalition fighting ISIS in Syria conducted air and artillery strikes "
        "against pro-regime forces in Syria, in the oil-rich Deir Ezzor region, was on Feb. 7, when hundreds of "
        "pro-regime fighters were killed. In a bombshell update one week later, it was revealed that among the "
        "casualties were hundreds of Russian mercenaries working on behalf of the Assad regime, and hired by the "
        "Wagner PMC. Prigozhin was in close contact with the Kremlin in the run-up to the Feb 7 assault on the "
        "Syrian Democratic Forces base in Deir Ezzor region.",
    ),
    _mention(
        S004, 1, published="2018-02-27", type="Explosions/Remote violence", sub_event="Air/drone strike",
        date="2018-02-27", date_precision="day", **DEIR,
        actors=((COALITION, "initiator"), ("Syrian government forces", "target"), (WAGNER, "other")),
        text="Al Jazeera reported that less than three weeks after the Feb. 7 US-coalition attack on Syrian "
        "pro-regime forces, among them dozens of Russian mercenaries, the US-led coalition warplanes struck a "
        "Syrian regime unit, once again in the northern Deir Ezzor province. So far there has been no further "
        "information on the number of casualties or any details of the attack.",
    ),
]
FEB7_ATTACK = [(S000, 0), (S004, 0)]


def _article_texts() -> dict[str, str]:
    return {S000: SEED_000.read_text(encoding="utf-8"), S004: SEED_004.read_text(encoding="utf-8")}


def test_the_seeds_feb7_attack_is_one_event_and_the_later_strikes_stay_apart() -> None:
    for texts in (None, _article_texts()):
        groups = link_event_mentions(SEED_FRAMES, article_texts=texts)
        assert groups == [FEB7_ATTACK, [(S000, 1)], [(S004, 1)]], texts is None


def test_every_mention_is_in_exactly_one_group_whatever_the_input_order() -> None:
    forward = link_event_mentions(SEED_FRAMES, article_texts=_article_texts())
    backward = link_event_mentions(list(reversed(SEED_FRAMES)) + SEED_FRAMES[:1], article_texts=_article_texts())
    assert forward == backward
    keys = [key for group in forward for key in group]
    assert sorted(keys) == sorted(m.key for m in SEED_FRAMES) and len(keys) == len(set(keys))
    assert link_event_mentions([]) == []


def test_dates_respect_their_precision() -> None:
    week = date_span(_mention("a", 0, date="2018-W06", date_precision="week", published="2018-02-12"))
    feb7 = date_span(_mention("b", 0, date="2018-02-07", date_precision="day", published="2018-02-08"))
    feb8 = date_span(_mention("b", 0, date="2018-02-08", date_precision="day", published="2018-02-08"))
    feb27 = date_span(_mention("c", 0, date="2018-02-27", date_precision="day", published="2018-02-28"))
    weekend = date_span(_mention("d", 0, date="2018-02-10", date_precision="week", published="2018-02-14"))
    assert all(span is not None and span.anchored for span in (week, feb7, feb8, feb27, weekend))
    assert compatible(week, feb7) and compatible(feb7, feb8)
    assert not compatible(feb7, feb27) and not compatible(week, feb27) and not compatible(weekend, feb27)
    undated = date_span(_mention("e", 0, published="2018-02-28"))
    assert undated is not None and undated.guessed and compatible(undated, feb7)  # a guess never forbids


def test_only_dates_near_publication_gate_others_cost_a_penalty() -> None:
    attack = _mention("a", 0, date="2018-02-07", date_precision="day", published="2018-02-08", type="Battles")
    recalled = replace(attack, article_id="b", published="2018-03-20")  # six weeks later: background or trial date
    no_dateline = replace(attack, article_id="c", published=None)
    later = _mention("d", 0, date="2018-02-27", date_precision="day", published="2018-02-27", type="Battles")
    spans = {m.article_id: date_span(m) for m in (attack, recalled, no_dateline, later)}
    assert [spans[k].anchored for k in "abcd"] == [True, False, False, True]  # type: ignore[union-attr]
    assert pair_score(0.5, attack, later, spans["a"], spans["d"], agreement_weight=0.0) is None
    for unanchored in "bc":  # a conflict with an unanchored date lowers the score, it does not forbid
        score = pair_score(0.5, later, attack, spans["d"], spans[unanchored], agreement_weight=0.0, date_penalty=0.1)
        assert score == pytest.approx(0.4)
    assert pair_score(0.5, attack, recalled, spans["a"], spans["b"], agreement_weight=0.0) == pytest.approx(0.5)


def test_the_same_words_on_days_three_weeks_apart_are_two_events() -> None:
    text = "Coalition warplanes struck a Syrian regime unit in the Deir Ezzor province, killing 12 fighters."
    a = _mention("x", 0, date="2018-02-07", date_precision="day", published="2018-02-07", text=text, **DEIR)
    b = _mention("y", 0, date="2018-02-27", date_precision="day", published="2018-02-28", text=text, **DEIR)
    c = _mention("z", 0, date="2018-02-08", date_precision="day", published="2018-02-09", text=text, **DEIR)
    assert link_event_mentions([a, b, c]) == [[("x", 0), ("z", 0)], [("y", 0)]]
    # Undated articles: the dates may be datelines, so the same words still make one event; other words do not.
    undated = [replace(m, published=None) for m in (a, b, c)]
    assert link_event_mentions(undated) == [[("x", 0), ("y", 0), ("z", 0)]]
    other = replace(undated[1], text="Coalition warplanes struck a Syrian oil field near Mayadin.")
    assert link_event_mentions([undated[0], other, undated[2]]) == [[("x", 0), ("z", 0)], [("y", 0)]]
    assert len(link_event_mentions([undated[0], other, undated[2]], date_penalty=0.0)) == 1  # the dates split them


def test_two_events_of_one_article_stay_apart_unless_told_the_same_way() -> None:
    attack = SEED_FRAMES[0]
    other = _mention(S000, 1, text="Putin talked with U.S. President Donald Trump by phone Monday.")
    assert link_event_mentions([attack, other], article_texts=_article_texts()) == [[(S000, 0)], [(S000, 1)]]
    repeated = replace(other, text=attack.text)
    assert link_event_mentions([attack, repeated]) == [[(S000, 0), (S000, 1)]]


def test_candidates_per_mention_stay_bounded_on_a_large_look_alike_collection() -> None:
    words = [f"village{i}" for i in range(300)]
    mentions = [
        _mention(f"a{i:04d}", 0, date=f"2018-0{1 + i % 9}-1{i % 10}", date_precision="day",
                 text=f"Shelling hit {words[i % 300]} near Aleppo, killing civilians. {words[(i * 7) % 300]}")
        for i in range(2000)
    ]
    matrix, _ = mention_vectors(mentions, None, article_weight=0.0)
    left, right = candidate_pairs(matrix, [date_span(m) for m in mentions])
    assert 0 < len(left) <= len(mentions) * MAX_CANDIDATES  # each mention asks for at most MAX_CANDIDATES
    assert bool(np.all(left < right)) and len(set(zip(left.tolist(), right.tolist()))) == len(left)


def test_a_background_mention_is_linked_on_its_own_words_not_on_its_article() -> None:
    shooting = "Police shot dead a teenager in Oakland on Friday; officers said he had a replica gun."
    other = ("A gunman opened fire at a shopping mall in Omaha on Wednesday, killing eight shoppers before "
             "turning the rifle on himself. The Omaha mall gunman left a suicide note, police said.")
    texts = {"a": shooting + " Family members of the Oakland teenager gathered outside the station.",
             "b": other + " Omaha police chief said the mall shooter was 19. Westroads mall reopened on Saturday"
             " with extra guards. Nebraska governor Heineman ordered flags lowered for the eight Westroads victims."}
    a = _mention("a", 0, text=shooting)
    b = _mention("b", 0, text=other)
    recalled = _mention("b", 1, text="It came a week after police shot dead a teenager in Oakland.")
    assert link_event_mentions([a, b, recalled], article_texts=texts) == [[("a", 0), ("b", 1)], [("b", 0)]]
    matrix, _ = mention_vectors([a, b, recalled], texts, article_weight=3.0)
    cosines = (matrix @ matrix.T).toarray()
    assert cosines[2, 0] > 0.4 > 0.1 > cosines[2, 1]  # near the Oakland story, not its own article's Omaha one
