from __future__ import annotations

from crosswire.ingest.plaintext import clean_plain_text
from crosswire.records import CleanArticle, ItemError, SourceItem
from tests.paths import SEED_000, SEED_004


def _item(body: str, **metadata: str) -> SourceItem:
    return SourceItem(origin="test.txt", item="", body=body, body_format="text", **metadata)  # type: ignore[arg-type]


def test_seed_004_dateline_and_headline_become_metadata() -> None:
    article = clean_plain_text(_item(SEED_004.read_text(encoding="utf-8")))
    assert isinstance(article, CleanArticle)
    assert article.published == "2018-02-27"
    assert article.title == "US-Led Coalition Warplanes Strike Syrian Regime Forces"
    assert article.text.startswith("The last time the US-led coalition fighting ISIS")
    assert article.outlet == "unknown"


def test_seed_000_headline_is_the_title_and_metadata_from_the_item_wins() -> None:
    article = clean_plain_text(_item(SEED_000.read_text(encoding="utf-8"), outlet="blog", published="2018-02-14"))
    assert isinstance(article, CleanArticle)
    assert article.title is not None and article.title.startswith("JUST IN: U.S. jet destroys Russian tank")
    assert article.published == "2018-02-14"
    assert article.outlet == "blog"
    assert article.text.startswith("Last week we reported how pro-Assad forces attacked")


def test_a_single_paragraph_is_never_taken_as_headline() -> None:
    article = clean_plain_text(_item("Twelve people were killed in shelling on the town of Douma"))
    assert isinstance(article, CleanArticle)
    assert article.title is None
    assert article.text == "Twelve people were killed in shelling on the town of Douma"


def test_furniture_only_text_is_an_item_error() -> None:
    result = clean_plain_text(_item("No comments:\n\nPost a Comment\n\n* * *"))
    assert isinstance(result, ItemError)
    assert "no article text" in result.reason


def test_an_inline_dateline_gives_the_publication_date_and_stays_in_the_text() -> None:
    cases = {
        "Sun 16 Apr 2017 Death toll from Aleppo bomb attack at least 112. The death toll rose.": "2017-04-16",
        "Posted on April 19 2017 by Asharq Al-Awsat English Six Killed in a blast.": "2017-04-19",
        "Published February 18 2015 The Syrian army backed by allied fighters advanced.": "2015-02-18",
        "12 February 2015 Casualties mount in the Eastern Ghouta city of Douma.": "2015-02-12",
        "Date of publication 5 July 2016 The bomber was on foot.": "2016-07-05",
        "Last updated at Apr 232017 An Israeli attack on a position near Quneitra.": "2017-04-23",
        "Print this page Tuesday 19 July 2016 16:45 Russian jets struck the town.": "2016-07-19",
        "26.12.2014 The Syrian Army alongside a volunteer militia advanced.": "2014-12-26",
        "6-09-2013 Extremists in Syria admit killing 30 Alawites.": "2013-09-06",
        "31.02.2014 is not a date at all, so nothing is taken from it.": None,
        "2015 was the deadliest year of the war in Syria, monitors said.": None,
    }
    for body, published in cases.items():
        article = clean_plain_text(_item(body))
        assert isinstance(article, CleanArticle)
        assert (article.published, article.text) == (published, body)


def test_a_dateline_after_a_glued_headline_gives_the_publication_date() -> None:
    # FA-KES rows (CC BY 4.0) glue headline, agency dateline and body into one run.
    cases = {
        "Suicide attack on Syria wedding kills 32 Medical source AFP Monday 3 Oct 2016 A suicide bomber has struck "
        "a wedding in northeast Syria as the bride and groom were exchanging vows": "2016-10-03",
        "Ten civilians some of them children killed in airstrike by US-led coalition in Raqqa 21 November 2016 SANA "
        "Aircrafts of the US-led international coalition targeted a residential area": "2016-11-21",
        "Kurdish SDF Troops Kill 13 Daesh Militants Near Syrias Town of Al Tabqah REUTERS Rodi Said Middle East 0041 "
        "06.04.2017Get short URL The Kurdish-led forces said on Wednesday": "2017-04-06",
    }
    for body, published in cases.items():
        article = clean_plain_text(_item(body))
        assert isinstance(article, CleanArticle)
        assert article.published == published
        assert article.text == body  # the dateline is read, not removed


def test_a_date_in_running_prose_is_not_a_dateline() -> None:
    for body in (
        "Ghouta: On August 21 2013 the Assad regime fired rockets filled with Sarin gas on rebel-held Ghouta",
        "Officials recalled the attack of 12 March 2016 Which killed dozens. Talks resumed on Monday.",
        "Talks resumed on Monday. Officials said a truce signed 12 March 2016 Would hold for now.",
    ):
        article = clean_plain_text(_item(body))
        assert isinstance(article, CleanArticle)
        assert article.published is None, body
