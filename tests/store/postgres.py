"""A throwaway PostgreSQL server for the tests: Debian's binaries, a temporary
cluster, a free loopback port, trust authentication, no durability.

PostgreSQL refuses to run as root, so as root the server runs as the
`postgres` user that Debian's package creates (through `runuser`). Without
the binaries, `find_binaries` says why and the PostgreSQL tests skip.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

USER = "crosswire"
_PREFIX = "crosswire-pg-"
_START_TIMEOUT_SECONDS = 60
# Durability is pointless for a cluster deleted after the run, and fsyncs are slow.
_SERVER_OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50"


class Unavailable(Exception):
    """No PostgreSQL server can be started here; the message says why."""


def find_binaries() -> Path:
    """The folder holding initdb and pg_ctl (Debian's newest version first)."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    hint = "run `make postgres` as root" if os.geteuid() == 0 else "install Debian's postgresql package as root"
    raise Unavailable(f"no PostgreSQL server binaries (initdb, pg_ctl) found: {hint}")


def _version(folder: Path) -> int:
    name = folder.parent.name
    return int(name) if name.isdigit() else 0


@dataclass
class Server:
    """A running cluster: URLs for new databases on it."""

    port: int
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """Create an empty database; return its name.

        Its default collation is ICU's English, as on a typical server (where
        "B" sorts between "a" and "c"), so that tests see whether crosswire's
        columns keep SQLite's code-point order themselves."""
        name = f"test_{next(self._names)}"
        try:
            self._admin(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' "
                        "LOCALE_PROVIDER icu ICU_LOCALE 'en-US'")
        except Exception:  # noqa: BLE001 - a server built without ICU: the cluster's default
            self._admin(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=USER, dbname="postgres", autocommit=True) as conn:
            conn.execute(sql.encode())


@contextmanager
def throwaway_server() -> Iterator[Server]:
    """Start a new cluster in a temporary folder; stop and delete it afterwards."""
    binaries = find_binaries()
    run_as = _server_user()
    _stop_orphans(binaries, run_as)
    root = Path(tempfile.mkdtemp(prefix=_PREFIX))
    data, log = root / "data", root / "server.log"
    try:
        (root / "owner.pid").write_text(str(os.getpid()))
        if run_as:
            shutil.chown(root, user=run_as)
        _run(run_as, [binaries / "initdb", "-D", data, "-U", USER, "--auth=trust", "--no-locale", "-E", "UTF8",
                      "--no-sync"], what="initdb")
        port = _free_port()
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 {_SERVER_OPTIONS}"
        _run(run_as, [binaries / "pg_ctl", "-D", data, "-l", log, "-w", "-t", str(_START_TIMEOUT_SECONDS),
                      "-o", options, "start"], what="pg_ctl start", log=log)
        try:
            yield Server(port=port)
        finally:
            stop = [binaries / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"]
            subprocess.run(_argv(run_as, stop), capture_output=True, check=False, timeout=_START_TIMEOUT_SECONDS)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _stop_orphans(binaries: Path, run_as: str | None) -> None:
    """Stop and delete the clusters of test runs that were killed before their clean-up
    (only those whose owning process is gone: another run's live server is left alone)."""
    for root in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*"):
        try:
            owner = int((root / "owner.pid").read_text())
            os.kill(owner, 0)
            continue  # still running
        except ProcessLookupError:
            pass
        except (OSError, ValueError):
            continue  # not ours to judge (no pid file yet, or another user's)
        stop = [binaries / "pg_ctl", "-D", root / "data", "-m", "immediate", "-w", "stop"]
        subprocess.run(_argv(run_as, stop), capture_output=True, check=False, timeout=_START_TIMEOUT_SECONDS)
        shutil.rmtree(root, ignore_errors=True)


def _server_user() -> str | None:
    """Who runs the server: None for ourselves, `postgres` when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError as error:
        raise Unavailable("running as root and there is no `postgres` user to run the server as") from error
    if not shutil.which("runuser"):
        raise Unavailable("running as root and `runuser` is missing")
    return "postgres"


def _run(run_as: str | None, command: list[str | Path], *, what: str, log: Path | None = None) -> None:
    result = subprocess.run(_argv(run_as, command), capture_output=True, text=True, check=False, timeout=_START_TIMEOUT_SECONDS + 30)
    if result.returncode != 0:
        detail = (log.read_text(errors="replace")[-2000:] if log and log.exists() else "") or result.stderr[-2000:]
        raise Unavailable(f"{what} failed ({result.returncode}): {detail.strip()}")


def _argv(run_as: str | None, command: list[str | Path]) -> list[str]:
    argv = [str(part) for part in command]
    return ["runuser", "-u", run_as, "--", *argv] if run_as else argv


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
