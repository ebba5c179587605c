"""`pair_scores` (numpy, many pairs at once) gives bit for bit what `pair_score` gives pair by pair."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np

from crosswire.link.event_similarity import MentionTable, date_span, pair_score, pair_scores
from crosswire.link.records import EventMention, MentionFigure

_BASE = EventMention(
    article_id="a", position=0, outlet="x", published=None, type="Battles", sub_event=None, date=None,
    date_precision=None, place_name=None, admin1=None, country=None, lat=None, lon=None, actors=(), figures=(),
    text="", main=True,
)
_PLACES = [
    (None, None, None, None, None),
    ("Aleppo", "Aleppo", "SY", 36.2, 37.16),
    ("Aleppo", "Aleppo", "SY", None, None),
    ("Atarib", "Aleppo", "SY", 36.14, 36.83),
    ("Idlib", "Idlib", "SY", 35.93, 36.63),
    ("Damascus", "", "SY", 33.51, 36.29),
    (None, None, "SY", None, None),
    ("Mosul", "Nineveh", "IQ", 36.34, 43.13),
    ("", None, "", 1.0, 2.0),
]
_DATES = [(None, None), ("2018-02-07", "day"), ("2018-02-08", "day"), ("2018-02-27", "day"), ("2018-W06", "week"),
          ("2018-02", "month"), ("2018", "year"), ("2018-02-07", "week"), ("2017-02-07", "day")]
_PUBLISHED = [None, "2018-02-08", "2018-02-28T10:00:00", "2019-01-01"]
_ACTORS = ["Syrian army", "rebels", "ISIS", "Russia", "civilians"]
_PEOPLE = ["jackson", "williams", "obama", "bush"]
_FIGURES = [MentionFigure("killed", 5, None), MentionFigure("killed", 10, 20), MentionFigure("killed", 100, 200),
            MentionFigure("injured", 3, 3), MentionFigure("displaced", 1000, None), MentionFigure("injured", 50, 60)]


def _mentions(count: int, seed: int = 0) -> list[EventMention]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        place_name, admin1, country, lat, lon = rng.choice(_PLACES)
        value, precision = rng.choice(_DATES)
        actors = tuple((name, rng.choice(("actor", "target"))) for name in rng.sample(_ACTORS, rng.randint(0, 4)))
        out.append(replace(
            _BASE, article_id=f"a{rng.randint(0, count // 3)}", position=i,
            type=rng.choice(("Battles", "Explosions", "unknown")), sub_event=rng.choice((None, "", "Air strike", "Armed clash")),
            date=value, date_precision=precision, published=rng.choice(_PUBLISHED), place_name=place_name,
            admin1=admin1, country=country, lat=lat, lon=lon,
            actors=actors + actors[:1] if actors and rng.random() < 0.2 else actors,  # a name twice
            figures=tuple(rng.sample(_FIGURES, rng.randint(0, 4))),
            person=rng.choice(_PEOPLE[:3] + [None]), persons=tuple(sorted(rng.sample(_PEOPLE, rng.randint(0, 3)))),
        ))
    return out


def test_pair_scores_are_pair_score_bit_for_bit_on_every_pair() -> None:
    mentions = _mentions(120)
    spans = [date_span(m) for m in mentions]
    left, right = np.triu_indices(len(mentions), k=1)
    cosines = np.random.default_rng(0).random(len(left))
    for weight, penalty, people in ((0.05, 0.1, 0.2), (0.0, 0.0, 0.0), (0.3, 0.25, 0.13)):
        expected = np.array([
            np.nan if (s := pair_score(c, mentions[i], mentions[j], spans[i], spans[j], agreement_weight=weight,
                                       date_penalty=penalty, participant_penalty=people)) is None else s
            for i, j, c in zip(left.tolist(), right.tolist(), cosines.tolist())
        ])
        got = pair_scores(MentionTable(mentions, spans), left, right, cosines, agreement_weight=weight,
                          date_penalty=penalty, participant_penalty=people)
        assert np.isnan(expected).any() and not np.isnan(expected).all()
        assert np.array_equal(np.isnan(got), np.isnan(expected))
        assert np.array_equal(got[~np.isnan(got)], expected[~np.isnan(expected)])  # exact, not approximate


def test_pair_scores_of_no_pairs_and_of_mentions_without_any_fields() -> None:
    mentions = [replace(_BASE, position=i) for i in range(3)]
    table = MentionTable(mentions, [date_span(m) for m in mentions])
    empty = np.zeros(0, dtype=np.int64)
    assert pair_scores(table, empty, empty, np.zeros(0), agreement_weight=0.05).tolist() == []
    got = pair_scores(table, np.array([0, 1]), np.array([1, 2]), np.array([0.5, 0.25]), agreement_weight=0.05)
    assert got.tolist() == [0.5 + 0.05 * 0.5, 0.25 + 0.05 * 0.5]  # the type signal alone: same type, no sub-event
