"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from tests.web_server import LocalServer, local_server


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A fresh SQLite store path in the test's temporary folder."""
    return str(tmp_path / "store.sqlite")


@pytest.fixture(scope="session")
def session_server() -> Iterator[LocalServer]:
    with local_server() as httpd:
        yield httpd


@pytest.fixture
def server(session_server: LocalServer) -> LocalServer:
    """The local test web server (127.0.0.1), with no routes or requests left from other tests."""
    session_server.reset()
    return session_server
