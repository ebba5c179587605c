"""Which date of a sentence dates its event (`event_dates.sentence_date`).

The sentences are from FA-KES (Abu Salem et al., ICWSM 2019; Zenodo 2607278,
CC BY 4.0), punctuation as FA-KES leaves it; each is paired with a sentence
whose date does date its event, so that a rule dropping every date fails.
"""

from __future__ import annotations

from datetime import date

from crosswire.understand.event_dates import sentence_date
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.timex import extract_times


def _dates(text: str, published: date) -> list[str | None]:
    """Each sentence's own date (its first day), in order."""
    doc = load_pipeline()(text)
    times = extract_times(doc, published=published)
    spans = [sentence_date(sentence, times, published=published) for sentence in doc.sents]
    return [span.first.isoformat() if span is not None else None for span in spans]


def test_a_photo_caption_dates_the_photo_not_the_event() -> None:
    text = (
        "A Syria Democratic Forces (SDF) fighter walks in the silos and mills of Manbij after the SDF took control "
        "of it in Aleppo Governorate Syria July 1 2016. (Reuters Photo) Airstrikes on Daesh-held villages in "
        "northern Syria killed at least 85 civilians on Tuesday as intense fighting was underway."
    )
    dates = _dates(text, date(2016, 7, 19))
    assert "2016-07-01" not in dates
    assert dates[-1] == "2016-07-19"


def test_since_starts_a_period_and_dates_no_event() -> None:
    published = date(2016, 7, 1)
    assert _dates(
        "The Syrian Observatory for Human Rights said 30 regime soldiers and 39 rebel fighters had been killed in "
        "battles around Al Maleh north of Aleppo since Wednesday afternoon.",
        published,
    ) == [None]
    assert _dates(
        "The Syrian armed forces have killed over 200 terrorists in Southwestern Aleppo since they ended defense "
        "and went on the offensive on Thursday.",
        published,
    ) == [None]
    assert _dates("At least 20 people were killed on Thursday since the regime shelled the town.", published) == [
        "2016-06-30"
    ]


def test_the_day_something_was_said_is_not_the_day_it_happened() -> None:
    published = date(2017, 10, 5)
    assert _dates(
        "Russia said on Wednesday it had critically injured a leader of the Tahrir al-Sham militant group Abu "
        "Mohamad al-Golani with an air strike in Syria.",
        published,
    ) == [None]
    assert _dates(
        "At least 23 civilians were killed Wednesday before dawn by airstrikes carried out by the US-led "
        "coalition, a monitor said.",
        published,
    ) == ["2017-10-04"]
