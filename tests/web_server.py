"""One local HTTP server for the tests that fetch: 127.0.0.1 only, never the internet.

It serves the files of tests/data/web (with "{{base}}" replaced by its own
address), plus routes a test adds, and records the paths requested.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator

WEB = Path(__file__).parent / "data" / "web"
Route = Callable[[BaseHTTPRequestHandler], None]
_TYPES = {".html": "text/html; charset=utf-8", ".rss": "application/rss+xml", ".atom": "application/atom+xml"}


def send(handler: BaseHTTPRequestHandler, status: int, content_type: str, body: bytes) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


class LocalServer(ThreadingHTTPServer):
    seen: list[str]
    user_agents: list[str]
    routes: dict[str, Route]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def reset(self) -> None:
        self.seen = []
        self.user_agents = []
        self.routes = {}

    def add(self, path: str, content_type: str, body: bytes, *, status: int = 200) -> None:
        """Serve `body` at `path` until the next reset."""
        self.routes[path] = lambda handler: send(handler, status, content_type, body)

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early (size cap, timeout) are expected


class _Handler(BaseHTTPRequestHandler):
    server: LocalServer

    def do_GET(self) -> None:
        self.server.seen.append(self.path)
        self.server.user_agents.append(self.headers.get("User-Agent", ""))
        route = self.server.routes.get(self.path)
        if route is not None:
            route(self)
            return
        name = self.path.lstrip("/")
        path = WEB / name
        if "/" in name or not path.is_file():
            send(self, 404, "text/html", b"<h1>Not found</h1>")
            return
        body = path.read_bytes().replace(b"{{base}}", self.server.base.encode())
        send(self, 200, _TYPES.get(path.suffix, "application/octet-stream"), body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def local_server() -> Iterator[LocalServer]:
    httpd = LocalServer(("127.0.0.1", 0), _Handler)
    httpd.reset()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
