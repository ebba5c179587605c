"""Shared fixtures."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.store.postgres import Server, Unavailable, throwaway_server
from tests.paths import SEEDS
from tests.web_server import LocalServer, local_server

# The store backends a `store_db` test runs on; `-m "not postgres"` leaves PostgreSQL out.
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A fresh SQLite store path in the test's temporary folder."""
    return str(tmp_path / "store.sqlite")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    """A throwaway local PostgreSQL server, started on first use (skips, with the reason, when none can run)."""
    with ExitStack() as stack:
        try:
            server = stack.enter_context(throwaway_server())
        except Unavailable as error:
            pytest.skip(f"PostgreSQL tests need a local server: {error}")
        yield server


@pytest.fixture
def postgres_db(postgres_server: Server) -> Iterator[str]:
    """The URL of a new, empty database on the test server, dropped after the test."""
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture(params=BACKENDS)
def store_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store on each backend: a SQLite path, then a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    return str(request.getfixturevalue("postgres_db"))


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The two seeds ingested, analysed and linked by `crosswire run`, once per test session.

    Shared by many test files: read it, and copy it before changing it."""
    from typer.testing import CliRunner

    from crosswire.cli import app

    db = str(tmp_path_factory.mktemp("seeds") / "seeds.sqlite")
    result = CliRunner().invoke(app, ["run", str(SEEDS), "--db", db, "-q"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="session")
def seeds_export(seeds_db: str) -> dict[str, Any]:
    """`crosswire export` of `seeds_db`, parsed once per test session. Read it; copy it before changing it."""
    import json

    from typer.testing import CliRunner

    from crosswire.cli import app

    result = CliRunner().invoke(app, ["export", "--db", seeds_db])
    assert result.exit_code == 0, result.output
    export: dict[str, Any] = json.loads(result.output)
    return export


@pytest.fixture(scope="session")
def session_server() -> Iterator[LocalServer]:
    with local_server() as httpd:
        yield httpd


@pytest.fixture
def server(session_server: LocalServer) -> LocalServer:
    """The local test web server (127.0.0.1), with no routes or requests left from other tests."""
    session_server.reset()
    return session_server
