"""Claims on the clean text of seeds 000 and 004 (as the pipeline sees them)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from crosswire.ingest.plaintext import clean_plain_text
from crosswire.records import CleanArticle, SourceItem
from crosswire.understand.claims import extract_claims
from crosswire.understand.nlp import load_pipeline
from crosswire.understand.records import Claim
from tests.paths import SEED_000, SEED_004


@lru_cache(maxsize=2)
def _claims(path: Path) -> tuple[Claim, ...]:
    item = SourceItem(origin=str(path), item="", body=path.read_text(encoding="utf-8"), body_format="text")
    article = clean_plain_text(item)
    assert isinstance(article, CleanArticle), article
    return extract_claims(load_pipeline()(article.text))


def _claim(path: Path, words: str) -> Claim:
    found = [claim for claim in _claims(path) if words in claim.text]
    assert len(found) == 1, [c.text for c in found]
    return found[0]


def test_claims_cover_the_text_in_order() -> None:
    claims = _claims(SEED_000)
    assert len(claims) > 30
    assert all(a.end <= b.start for a, b in zip(claims, claims[1:]))


@pytest.mark.parametrize(
    ("words", "source", "source_type", "cue"),
    [
        ("U.S. forces killed scores of Russian mercenaries", "one U.S. official and three Russians familiar with the matter", "anonymous", "according to"),
        ("More than 200 contract soldiers", "two of the Russians", "anonymous", "said"),
        ("put the death toll at about 100", "The U.S. official", "anonymous", "put the death toll at"),
    ],
)
def test_bloomberg_paragraphs_are_relayed(words: str, source: str, source_type: str, cue: str) -> None:
    claim = _claim(SEED_000, words)
    assert claim.kind == "attributed"
    assert claim.source is not None and claim.source.name == source and claim.source.type == source_type
    assert claim.cue == cue
    assert claim.via == "Bloomberg"


def test_relay_ends_where_the_author_speaks_again() -> None:
    assert _claim(SEED_000, "Clearly these Russian mercenaries").via is None
    assert _claim(SEED_000, "It turns out most of those fighting").via is None


def test_denials() -> None:
    military = _claim(SEED_000, "Russia’s military said it had nothing to do")
    assert military.kind == "denial"
    assert military.source is not None and military.source.name == "Russia’s military"
    assert military.source.type == "government"
    kremlin = _claim(SEED_004, "the Kremlin denied that any regular Russian military forces")
    assert kremlin.kind == "denial" and kremlin.cue == "denied"
    assert kremlin.source is not None and kremlin.source.name == "the Kremlin" and kremlin.source.type == "government"
    assert kremlin.hedged  # "amid unconfirmed reports"


def test_declined_to_comment_is_attributed_not_denied() -> None:
    claim = _claim(SEED_000, "declined to comment on reports of Russian casualties")
    assert claim.kind == "attributed"
    assert claim.cue == "declined to comment"
    assert claim.source is not None and claim.source.type == "person"
    assert "Dmitry Peskov" in claim.source.name


def test_named_spokesman_is_a_person() -> None:
    claim = _claim(SEED_000, "battalion-sized formation")
    assert claim.source is not None
    assert claim.source.name == "Colonel Thomas F. Veale, a spokesman for the U.S. military"
    assert claim.source.type == "person"


def test_government_and_outlet_sources_in_seed_000() -> None:
    assad = _claim(SEED_000, "“barbaric”")
    assert assad.kind == "attributed" and assad.cue == "called"
    assert assad.source is not None and assad.source.type == "government"
    accused = _claim(SEED_000, "It accused the U.S.")
    assert accused.cue == "accused" and accused.source is not None and accused.source.type == "government"


def test_relayed_through_the_washington_post() -> None:
    claim = _claim(SEED_004, "Unnamed US intelligence sources")
    assert claim.kind == "attributed"
    assert claim.source is not None and claim.source.name == "Unnamed US intelligence sources"
    assert claim.source.type == "anonymous"
    assert claim.via == "the Washington Post"


@pytest.mark.parametrize(
    ("words", "name"),
    [("Al Jazeera reported that", "Al Jazeera"), ("SANA described the action", "the Syrian state news agency SANA")],
)
def test_outlet_sources_in_seed_004(words: str, name: str) -> None:
    claim = _claim(SEED_004, words)
    assert claim.kind == "attributed"
    assert claim.source is not None and claim.source.name == name and claim.source.type == "outlet"


def test_the_coalition_keeps_its_own_clause() -> None:
    claim = _claim(SEED_004, "The coalition described its action")
    assert claim.source is not None and claim.source.name == "The coalition"
    assert "SANA" not in claim.text


@pytest.mark.parametrize(
    ("path", "words"),
    [
        (SEED_004, "According to the unconfirmed report"),
        (SEED_004, "is believed to be funded by"),
        (SEED_000, "may have been a rogue operation"),
        (SEED_000, "But apparently there was another attack"),
    ],
)
def test_hedges_are_kept(path: Path, words: str) -> None:
    assert _claim(path, words).hedged


@pytest.mark.parametrize(
    ("path", "words", "kinds"),
    [
        (SEED_000, "My guess would be they were sent by Russia", {"opinion", "speculation"}),
        (SEED_000, "Clearly these Russian mercenaries had been armed", {"opinion"}),
        (SEED_004, "Needless to say, if more Russians were killed", {"opinion", "speculation"}),
        (SEED_000, "This sounds like a much, much smaller attack", {"opinion"}),
        (SEED_000, "But my question is that if Assad wanted this territory back", {"question"}),
        (SEED_000, "Why would he depend on a bunch of Russian mercenaries?", {"question"}),
    ],
)
def test_author_voice(path: Path, words: str, kinds: set[str]) -> None:
    claim = _claim(path, words)
    assert claim.kind in kinds
    assert claim.source is None


def test_reported_fact_stays_reported() -> None:
    claim = _claim(SEED_000, "responded with aircraft and artillery fire")
    assert claim.kind == "reported" and claim.source is None


def test_content_and_cue_offsets_lie_inside_the_claim() -> None:
    for claim in _claims(SEED_004):
        if claim.cue_start is not None and claim.cue_end is not None:
            assert claim.start <= claim.cue_start < claim.cue_end <= claim.end
        if claim.content_start is not None and claim.content_end is not None:
            assert claim.start <= claim.content_start < claim.content_end <= claim.end


def test_a_monitor_named_by_its_kind_is_an_organisation_not_a_person() -> None:
    # samples/corpus/fakes-sample.csv (FA-KES, CC BY 4.0): "The Observatory" was typed a person in the demo.
    doc = load_pipeline()(
        "At least 58 people were killed in the attack the Syrian Observatory for Human Rights said. "
        "The Observatory said 11 children were among the dead. The Britain-based monitor said it could not confirm the cause."
    )
    types = {c.source.name: c.source.type for c in extract_claims(doc) if c.source is not None}
    assert types["The Observatory"] == "organisation"
    assert all(kind != "person" for kind in types.values()), types
