"""Probable origins of hearsay figures, on the seeds' sentences and numbers: seed 004's "unconfirmed
reports that more than 100 Russians had been killed" rests on Bloomberg's report of 7 February (seed 000)."""

from __future__ import annotations

from crosswire.assess.independent_origins import estimates
from crosswire.assess.inferred_origins import SourcedFigure, hearsay_cue, infer_origins
from crosswire.assess.ranges import reconcile
from crosswire.link.records import Origin
from tests.paths import SEED_000, SEED_004

BLOG = Origin(key="blog repost (seed 004)|", report="blog repost (seed 004)", claimant=None)
OFFICIAL = Origin(key="Bloomberg|us official", report="Bloomberg", claimant="U.S. official")
RUSSIANS = Origin(key="Bloomberg|two of the russians", report="Bloomberg", claimant="two of the Russians")
JOINT = Origin(key="Bloomberg|us official and three russians familiar with the matter", report="Bloomberg",
               claimant="U.S. official and three Russians familiar with the matter")


def _sentence(path: object, words: str) -> str:
    text = SEED_004.read_text(encoding="utf-8") if path is SEED_004 else SEED_000.read_text(encoding="utf-8")
    start = text.rindex("\n", 0, text.index(words)) + 1
    return text[start : text.index(".", text.index(words)) + 1]


def _figure(article: str, position: int, text: str, low: int, high: int | None, origin: Origin, *,
            category: str = "killed", hearsay: str | None = None, published: str = "2018-02-14") -> SourcedFigure:
    return SourcedFigure(key=(article, position), category=category, low=low, high=high, group=None, text=text,
                         origin=origin, hearsay=hearsay, published=published, seq=0 if article == "000" else 1)


def _bloomberg() -> list[SourcedFigure]:
    return [
        _figure("000", 0, "scores", 40, 199, JOINT),
        _figure("000", 1, "More than 200", 201, None, RUSSIANS),
        _figure("000", 2, "about 100", 90, 110, OFFICIAL),
    ]


def test_seed_004s_unattributed_reports_are_hearsay_and_the_kremlins_words_are_not() -> None:
    reports = _sentence(SEED_004, "amid unconfirmed reports")
    assert hearsay_cue(origin=BLOG, sentence=reports, via=None, source_type="government") == "unconfirmed reports"
    revealed = _sentence(SEED_004, "it was revealed")
    assert hearsay_cue(origin=BLOG, sentence=revealed, via=None, source_type=None) == "it was revealed"
    kremlin = Origin(key="blog repost (seed 004)|kremlin", report="blog repost (seed 004)", claimant="Kremlin")
    assert hearsay_cue(origin=kremlin, sentence=reports, via=None, source_type="government") is None
    own = _sentence(SEED_004, "hundreds of pro-regime fighters")  # the blog's own words, no "reported"
    assert hearsay_cue(origin=BLOG, sentence=own, via=None, source_type=None) is None
    relayed = _sentence(SEED_000, "The U.S. official put the death toll")
    assert hearsay_cue(origin=OFFICIAL, sentence=relayed, via="Bloomberg", source_type="anonymous") is None


def test_more_than_100_rests_on_bloombergs_closest_figure_and_adds_no_origin() -> None:
    hearsay = _figure("004", 0, "more than 100", 101, None, BLOG, hearsay="unconfirmed reports", published="2018-02-27")
    figures = [*_bloomberg(), hearsay]
    inferred = infer_origins(figures)
    assert set(inferred) == {("004", 0)}
    link = inferred[("004", 0)]
    assert link.origin == OFFICIAL and link.evidence == ("000", 2)
    assert "unconfirmed reports" in link.reason and "2018-02-14" in link.reason
    killed = reconcile(estimates(figures, inferred))["killed"]
    alone = reconcile(estimates(figures, {}))["killed"]
    assert killed.origins == alone.origins - 1  # not a new independent origin
    assert (killed.low, killed.high, killed.contested) == (90, None, True)  # "about 100" is not widened


def test_no_probable_origin_without_an_earlier_compatible_report() -> None:
    later = _figure("004", 0, "more than 100", 101, None, BLOG, hearsay="unconfirmed reports", published="2018-02-01")
    assert infer_origins([*_bloomberg(), later]) == {}  # Bloomberg came after it
    few = _figure("004", 0, "a dozen", 12, 12, BLOG, hearsay="reportedly killed", published="2018-02-27")
    assert infer_origins([*_bloomberg(), few]) == {}  # disjoint from every Bloomberg figure
    far = _figure("004", 0, "at least 20", 20, None, BLOG, hearsay="reports", published="2018-02-27")
    assert infer_origins([*_bloomberg(), far]) == {}  # compatible but another order of magnitude
    firsthand = _figure("004", 0, "more than 100", 101, None, BLOG, published="2018-02-27")
    assert infer_origins([*_bloomberg(), firsthand]) == {}  # not hearsay: the outlet's own count


def test_unspecified_casualties_may_rest_on_a_killed_or_injured_figure() -> None:
    injured = _figure("000", 3, "200 to 300", 200, 300, OFFICIAL, category="injured")
    hundreds = _figure("004", 1, "hundreds", 200, 999, BLOG, category="casualties", hearsay="it was revealed",
                       published="2018-02-27")
    inferred = infer_origins([*_bloomberg(), injured, hundreds])
    assert inferred[("004", 1)].origin.report == "Bloomberg"


def test_a_joint_figure_counts_for_the_claimant_without_a_figure_of_its_own() -> None:
    found = estimates(_bloomberg(), {})
    assert sorted((e.origin, e.low) for e in found) == [
        ("Bloomberg|three russians familiar with the matter", 40),  # "scores": the U.S. official has "about 100"
        ("Bloomberg|two of the russians", 201),
        ("Bloomberg|us official", 90),
    ]
