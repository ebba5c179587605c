"""Headless Chromium (Debian's /usr/bin/chromium driven by playwright-core) and the app on 127.0.0.1.

The browser is never downloaded: without /usr/bin/chromium (make test installs
it with apt-get when run as root) these tests skip and say why.
"""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.browser.hostile import hostile_export
from tests.paths import REPO

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts" / "browser"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser_context() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: run 'make test' as root, or apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (requirements-dev.txt) is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="crosswire-chromium-") as profile, sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=FLAGS, viewport={"width": 1200, "height": 900},
        )
        yield context
        context.close()


@pytest.fixture(scope="session")
def site_export(seeds_export: dict[str, Any]) -> dict[str, Any]:
    """The seeds, analysed and linked by the real CLI, plus the hostile article."""
    export = dict(seeds_export)  # new lists below: the shared export stays as it is
    hostile = hostile_export()
    for key in ("articles", "claims", "figures", "events", "stories"):
        export[key] = export.get(key, []) + hostile[key]
    return export


@pytest.fixture(scope="session")
def base_url(site_export: dict[str, Any]) -> Iterator[str]:
    import uvicorn

    from crosswire.present.html.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(export=site_export), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the app did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
