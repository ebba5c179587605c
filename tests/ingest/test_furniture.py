from __future__ import annotations

from crosswire.ingest.furniture import is_furniture, normalise_text, strip_furniture
from tests.paths import SEED_000, SEED_004


def test_seed_000_loses_its_comment_policy_and_ad_blocker_warning() -> None:
    text, removed = strip_furniture(SEED_000.read_text(encoding="utf-8"))
    assert [line.split(":")[0] for line in removed] == ["Comment Policy", "WARNING"]
    assert "comment policy" not in text.lower() and "comment privileges" not in text.lower()
    assert "declined to comment on reports of Russian casualties" in text
    assert "ad blocker" not in text.lower()
    assert text.endswith("a big chunk of these mercenaries died and were also injured.")
    assert "Russia\u2019s military said it had nothing to do with the attack" in text


def test_seed_004_loses_separator_developing_story_and_comment_prompts() -> None:
    text, removed = strip_furniture(SEED_004.read_text(encoding="utf-8"))
    assert removed == ["* * *", "Developing story.", "No comments:", "Post a Comment"]
    assert "Post a Comment" not in text and "* * *" not in text
    assert text.endswith("about to hit a fresh rock bottom.")


def test_sentences_that_mention_comments_or_sharing_are_kept() -> None:
    for sentence in [
        "The ministry declined to comment on reports of Russian casualties.",
        "Share prices fell after the attack.",
        "No comments were made by the spokesman.",
    ]:
        assert not is_furniture(sentence)
        assert strip_furniture(sentence) == (sentence, [])


def test_normalise_text_unifies_spaces_and_blank_lines() -> None:
    assert normalise_text("  A\u00a0b \r\n\r\n\r\n\n c  \n") == "A b\n\nc"
