from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from crosswire.evaluate.fnc1 import read_fnc1
from crosswire.evaluate.train_stance import Settings, train

STANCE_DATA = Path(__file__).resolve().parents[1] / "data" / "stance"
PAIRS = read_fnc1(STANCE_DATA / "fnc1_stances.csv", STANCE_DATA / "fnc1_bodies.csv")
SMALL = Settings(vocabulary=400, hidden=8, epochs=3, batch=16)


def test_retraining_with_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    # What lets `python -m crosswire.evaluate.train_stance` reproduce the shipped files byte for byte.
    written = []
    for run in ("a", "b"):
        weights, vocab = tmp_path / f"{run}.npz", tmp_path / f"{run}.json"
        train(PAIRS, SMALL).save(weights, vocab)
        written.append((weights.read_bytes(), vocab.read_bytes()))
    assert written[0] == written[1]
    other_seed = tmp_path / "c.npz"
    train(PAIRS, replace(SMALL, seed=1)).save(other_seed, tmp_path / "c.json")
    assert other_seed.read_bytes() != written[0][0]
