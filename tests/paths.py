"""Paths to the bundled sample corpus and to ../shared/data, for tests."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples" / "corpus"
SEEDS = SAMPLES / "seeds"
SEED_000 = SEEDS / "000_b6719dabf3b17697.txt"
SEED_004 = SEEDS / "004_f6ca49641cb82afb.txt"
SHARED_DATA = REPO.parent / "shared" / "data"


def shared_data(name: str) -> Path:
    """A data set in ../shared/data, or skip the test when it is absent."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path
