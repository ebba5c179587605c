"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A fresh SQLite store path in the test's temporary folder."""
    return str(tmp_path / "store.sqlite")
