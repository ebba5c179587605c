from __future__ import annotations

import json

from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.errors import InputError
from crosswire.evaluate.emergent import read_emergent, related_stance, score_emergent
from crosswire.evaluate.fnc1 import (
    at_test_mix,
    read_fnc1,
    score_fnc1,
    score_labels,
    split_by_body,
    split_by_topic,
    topic_folds,
)
from tests.paths import shared_data

STANCE_DATA = Path(__file__).resolve().parents[1] / "data" / "stance"
STANCES = STANCE_DATA / "fnc1_stances.csv"
BODIES = STANCE_DATA / "fnc1_bodies.csv"


def test_fnc_score_arithmetic_on_known_answers() -> None:
    gold = ["agree", "disagree", "discuss", "unrelated", "unrelated", "agree"]
    predicted = ["agree", "discuss", "unrelated", "unrelated", "agree", "agree"]
    # Best: 4 related x 1.0 + 2 unrelated x 0.25 = 4.5. Got: agree 1 + related-but-wrong 0.25
    # + discuss->unrelated 0 + unrelated right 0.25 + unrelated->agree 0 + agree 1 = 2.5.
    scores = score_labels(gold, predicted)
    assert scores["n"] == 6
    assert scores["fnc_score"] == round(100 * 2.5 / 4.5, 2)
    # F1: agree 2*2/(2*2+1+0)=0.8, disagree 0, discuss 0, unrelated 2*1/(2+1+1)=0.5.
    assert scores["f1_agree"] == 0.8
    assert scores["f1_disagree"] == 0.0 and scores["f1_unrelated"] == 0.5
    assert scores["macro_f1"] == round((0.8 + 0.5) / 4, 4)
    assert scores["gold_disagree_as_discuss"] == 1 and scores["gold_unrelated_as_agree"] == 1
    assert scores["accuracy"] == 0.5


def test_perfect_predictions_score_100() -> None:
    labels = ["agree", "disagree", "discuss", "unrelated"]
    assert score_labels(labels, labels)["fnc_score"] == 100.0
    assert score_labels(labels, labels)["macro_f1"] == 1.0


def test_fixture_files_join_headlines_to_bodies() -> None:
    pairs = read_fnc1(STANCES, BODIES)
    assert len(pairs) == 32
    assert {p.stance for p in pairs} == {"agree", "disagree", "discuss", "unrelated"}
    assert all(p.body for p in pairs)


def test_split_by_body_keeps_each_body_on_one_side() -> None:
    pairs = read_fnc1(STANCES, BODIES)
    train, dev = split_by_body(pairs, "train"), split_by_body(pairs, "dev")
    assert len(train) + len(dev) == len(pairs)
    assert not {p.body_id for p in train} & {p.body_id for p in dev}
    assert split_by_body(pairs, "dev") == dev  # fixed seed


def test_score_fnc1_on_fixture_pairs_the_model_never_saw() -> None:
    # The fixture rows are from the held-back dev bodies (8 per label).
    scores = score_fnc1(STANCES, BODIES)
    assert scores["n"] == 32
    assert scores["f1_unrelated"] >= 0.9
    assert scores["fnc_score"] >= 70.0


def test_malformed_files_give_input_errors(tmp_path: Path) -> None:
    missing_column = tmp_path / "a.csv"
    missing_column.write_text("Headline,Body ID\nx,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        read_fnc1(missing_column, BODIES)
    unknown_label = tmp_path / "b.csv"
    unknown_label.write_text("Headline,Body ID,Stance\nx,1,maybe\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown stance 'maybe'"):
        read_fnc1(unknown_label, BODIES)
    no_body = tmp_path / "c.csv"
    no_body.write_text("Headline,Body ID,Stance\nx,999999,agree\n", encoding="utf-8")
    with pytest.raises(InputError, match="body id '999999'"):
        read_fnc1(no_body, BODIES)


def test_cli_prints_fnc1_scores_as_json() -> None:
    result = CliRunner().invoke(app, ["eval", "fnc1", str(STANCES), str(BODIES), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["n"] == 32 and 0 <= scores["macro_f1"] <= 1 and "gold_disagree_as_agree" in scores


def test_cli_reports_a_bad_file_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Headline,Body ID,Stance\nx,1,maybe\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "fnc1", str(bad), str(BODIES), "--json"])
    assert result.exit_code == 2
    assert "unknown stance" in result.output and "Traceback" not in result.output


def test_emergent_maps_related_labels_and_never_answers_unrelated() -> None:
    assert related_stance({"agree": 0.1, "disagree": 0.3, "discuss": 0.2, "unrelated": 0.4}) == "against"
    rows = read_emergent(STANCE_DATA / "emergent.csv")
    assert {stance for _, _, stance in rows} == {"for", "against", "observing"}
    scores = score_emergent(STANCE_DATA / "emergent.csv")
    assert scores["n"] == 24
    assert sum(int(scores[f"predicted_{s}"]) for s in ("for", "against", "observing")) == 24
    assert scores["accuracy"] > 1 / 3  # better than chance on three labels


def test_emergent_cli_and_bad_stance(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "emergent", str(STANCE_DATA / "emergent.csv"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["n"] == 24
    bad = tmp_path / "e.csv"
    bad.write_text("claim,article_headline,stance\na,b,agree\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "emergent", str(bad), "--json"])
    assert result.exit_code == 2 and "unknown stance 'agree'" in result.output


def test_dev_split_of_the_shared_training_file_matches_the_organisers_share() -> None:
    data = shared_data("fnc1")
    pairs = read_fnc1(data / "train_stances.csv", data / "train_bodies.csv")
    dev = split_by_body(pairs, "dev")
    assert len(pairs) == 49972
    assert len({p.body_id for p in dev}) == 337  # 20% of 1,683 bodies


def test_topic_folds_keep_headlines_bodies_and_related_pairs_on_one_side() -> None:
    pairs = read_fnc1(STANCES, BODIES)
    folds = topic_folds(pairs)
    assert all(head == body for p, (head, body) in zip(pairs, folds) if p.stance != "unrelated")
    assert len({head for head, _ in folds}) > 1
    for held_out in range(5):
        train, dev = split_by_topic(pairs, held_out=held_out)
        assert not {p.headline for p in train} & {p.headline for p in dev}
        assert not {p.body_id for p in train} & {p.body_id for p in dev}
    assert topic_folds(pairs) == folds  # fixed seed


def test_topic_folds_of_the_shared_training_file() -> None:
    data = shared_data("fnc1")
    pairs = read_fnc1(data / "train_stances.csv", data / "train_bodies.csv")
    train, dev = split_by_topic(pairs)
    # 191 topics; a fifth of them and the pairs inside them are held out, pairs straddling two folds dropped.
    assert (len(train), len(dev)) == (32975, 4735)
    assert {p.stance for p in dev} == {"agree", "disagree", "discuss", "unrelated"}


def test_cli_scores_held_out_topics_with_a_model_trained_on_the_others() -> None:
    result = CliRunner().invoke(app, ["eval", "fnc1", str(STANCES), str(BODIES), "--topics", "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["n"] == len(split_by_topic(read_fnc1(STANCES, BODIES))[1]) > 0


def test_scores_at_the_test_label_mix_rescale_each_gold_row() -> None:
    scores = score_labels(["agree", "unrelated", "unrelated"], ["unrelated", "unrelated", "unrelated"])
    assert scores["fnc_score"] == round(100 * 0.5 / 1.5, 2)
    # Rows scaled to half agree, half unrelated: best 0.5 + 0.125, got 0.125 (the unrelated ones).
    mixed = at_test_mix(scores, {"agree": 1, "disagree": 0, "discuss": 0, "unrelated": 1})
    assert mixed["test_mix_fnc_score"] == 20.0
    # Unrelated F1 2*0.5/(2*0.5+0.5): the agree row, halved, is its false positive; the other labels score 0.
    assert mixed["test_mix_macro_f1"] == round((2 * 0.5 / 1.5) / 4, 4)
    labels = ["agree", "disagree", "discuss", "unrelated"]
    assert at_test_mix(score_labels(labels, labels)) == {"test_mix_fnc_score": 100.0, "test_mix_macro_f1": 1.0}
