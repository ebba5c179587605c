"""Fetcher tests against a local HTTP server and httpx.MockTransport; no internet."""

from __future__ import annotations

import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from crosswire.errors import FetchError
from crosswire.ingest.fetch import FetchPolicy, Fetcher, fetch_article, is_forbidden_address
from crosswire.records import ItemError, SourceItem
from tests.web_server import WEB, LocalServer, Route, send

LOCAL = FetchPolicy(allow_private=True, timeout_seconds=2.0)




def _redirect(target: str) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.end_headers()

    return route


def _stream_big(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()  # no Content-Length: the body ends when the connection closes
    for _ in range(64):
        handler.wfile.write(b"x" * 4096)


def _declared_big(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(50 * 1024 * 1024))
    handler.end_headers()
    handler.wfile.write(b"<html>")


def _slow(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(1.0)
    send(handler, 200, "text/html", b"<html>late</html>")


ROUTES: dict[str, Route] = {
    "/article.html": lambda h: send(h, 200, "text/html; charset=utf-8", (WEB / "article.html").read_bytes()),
    "/note.txt": lambda h: send(h, 200, "text/plain", "Plain note, caf\u00e9.".encode()),
    "/latin.html": lambda h: send(h, 200, 'Text/HTML; Charset="ISO-8859-1"', "<p>caf\u00e9</p>".encode("latin-1")),
    "/image.png": lambda h: send(h, 200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32),
    "/ua": lambda h: send(h, 200, "text/plain", (h.headers.get("User-Agent") or "").encode()),
    "/r1": _redirect("/r2"),
    "/r2": _redirect("/article.html"),
    "/loop1": _redirect("/loop2"),
    "/loop2": _redirect("/loop1"),
    "/to-ftp": _redirect("ftp://example.invalid/file"),
    "/big": _stream_big,
    "/declared-big": _declared_big,
    "/slow": _slow,
}


@pytest.fixture(autouse=True)
def _routes(server: LocalServer) -> None:
    server.routes.update(ROUTES)


def _base(server: LocalServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_fetches_a_page(server: LocalServer) -> None:
    with Fetcher(policy=LOCAL) as fetcher:
        page = fetcher.get(_base(server) + "/article.html")
    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert page.body == (WEB / "article.html").read_bytes()


def test_parses_content_type_parameters(server: LocalServer) -> None:
    with Fetcher(policy=LOCAL) as fetcher:
        page = fetcher.get(_base(server) + "/latin.html")
    assert (page.content_type, page.charset) == ("text/html", "iso-8859-1")


def test_user_agent_reaches_the_server(server: LocalServer) -> None:
    policy = FetchPolicy(allow_private=True, user_agent="crosswire-test/9")
    with Fetcher(policy=policy) as fetcher:
        assert fetcher.get(_base(server) + "/ua").body == b"crosswire-test/9"


def test_follows_a_redirect_chain(server: LocalServer) -> None:
    with Fetcher(policy=LOCAL) as fetcher:
        page = fetcher.get(_base(server) + "/r1")
    assert page.url == _base(server) + "/article.html"
    assert server.seen == ["/r1", "/r2", "/article.html"]


def test_stops_after_max_redirects(server: LocalServer) -> None:
    policy = FetchPolicy(allow_private=True, max_redirects=1)
    with Fetcher(policy=policy) as fetcher, pytest.raises(FetchError, match="more than 1 redirects"):
        fetcher.get(_base(server) + "/r1")
    assert server.seen == ["/r1", "/r2"]


def test_detects_a_redirect_loop(server: LocalServer) -> None:
    with Fetcher(policy=LOCAL) as fetcher, pytest.raises(FetchError, match="redirect loop"):
        fetcher.get(_base(server) + "/loop1")


def test_refuses_a_redirect_to_another_scheme(server: LocalServer) -> None:
    with Fetcher(policy=LOCAL) as fetcher, pytest.raises(FetchError, match="only http and https"):
        fetcher.get(_base(server) + "/to-ftp")


def test_reports_http_errors(server: LocalServer) -> None:
    url = _base(server) + "/missing"
    with Fetcher(policy=LOCAL) as fetcher, pytest.raises(FetchError, match=f"^HTTP 404 for {url}$"):
        fetcher.get(url)


def test_aborts_a_streamed_body_over_the_size_cap(server: LocalServer) -> None:
    policy = FetchPolicy(allow_private=True, max_bytes=10_000)
    with Fetcher(policy=policy) as fetcher, pytest.raises(FetchError, match="too large"):
        fetcher.get(_base(server) + "/big")


def test_refuses_a_declared_length_over_the_size_cap(server: LocalServer) -> None:
    policy = FetchPolicy(allow_private=True, max_bytes=10_000)
    with Fetcher(policy=policy) as fetcher, pytest.raises(FetchError, match=r"too large \(52428800 bytes"):
        fetcher.get(_base(server) + "/declared-big")


def test_times_out(server: LocalServer) -> None:
    policy = FetchPolicy(allow_private=True, timeout_seconds=0.2)
    started = time.monotonic()
    with Fetcher(policy=policy) as fetcher, pytest.raises(FetchError, match="timed out after 0.2 s"):
        fetcher.get(_base(server) + "/slow")
    assert time.monotonic() - started < 0.9


def test_fetch_article_returns_a_source_item(server: LocalServer) -> None:
    url = _base(server) + "/r1"
    with Fetcher(policy=LOCAL) as fetcher:
        item = fetch_article(fetcher, url)
    assert isinstance(item, SourceItem)
    assert (item.origin, item.item, item.body_format) == (url, "", "html")
    assert item.url == _base(server) + "/article.html"
    assert "River crossing reopens" in item.body and "\u201cTraffic" in item.body
    assert datetime.fromisoformat(item.extra["fetched"]).utcoffset() is not None


def test_fetch_article_reads_plain_text(server: LocalServer) -> None:
    with Fetcher(policy=LOCAL) as fetcher:
        item = fetch_article(fetcher, _base(server) + "/note.txt")
    assert isinstance(item, SourceItem)
    assert (item.body, item.body_format) == ("Plain note, caf\u00e9.", "text")


def test_fetch_article_refuses_other_content_types(server: LocalServer) -> None:
    url = _base(server) + "/image.png"
    with Fetcher(policy=LOCAL) as fetcher:
        assert fetch_article(fetcher, url) == ItemError(origin=url, item="", reason="not an HTML page: image/png")


def test_fetch_article_turns_fetch_errors_into_item_errors(server: LocalServer) -> None:
    url = _base(server) + "/missing"
    with Fetcher(policy=LOCAL) as fetcher:
        assert fetch_article(fetcher, url) == ItemError(origin=url, item="", reason=f"HTTP 404 for {url}")


# --- safety: nothing below may reach a private address ----------------------


def test_default_policy_refuses_loopback_before_any_request(server: LocalServer) -> None:
    port = server.server_address[1]
    with Fetcher() as fetcher:
        for url in (f"http://127.0.0.1:{port}/article.html", f"http://localhost:{port}/article.html"):
            with pytest.raises(FetchError, match=r"^refusing to fetch .*pass --allow-private to allow$"):
                fetcher.get(url)
        with pytest.raises(FetchError, match="refusing to fetch"):
            fetcher.get("http://localhost/")
    assert server.seen == []


class _FakeNet:
    """A MockTransport plus a fake resolver: no sockets at all."""

    def __init__(self, names: dict[str, list[str]]) -> None:
        self.names = names
        self.requests: list[str] = []
        self.resolved: list[str] = []
        self.transport = httpx.MockTransport(self._handle)

    def resolve(self, host: str) -> list[str]:
        self.resolved.append(host)
        if host not in self.names:
            raise FetchError(f"cannot resolve host {host}: unknown")
        return self.names[host]

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(str(request.url))
        if request.url.path == "/go-inside":
            return httpx.Response(302, headers={"Location": "http://internal.test/admin"})
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"<p>ok</p>")

    def fetcher(self, policy: FetchPolicy = FetchPolicy()) -> Fetcher:
        return Fetcher(policy=policy, transport=self.transport, resolve=self.resolve)


NAMES = {
    "public.test": ["93.184.216.34"],
    "internal.test": ["10.0.0.5"],
    "mixed.test": ["93.184.216.34", "192.168.1.20"],
    "mapped.test": ["::ffff:127.0.0.1"],
}


def test_public_host_is_fetched_through_the_transport() -> None:
    net = _FakeNet(NAMES)
    with net.fetcher() as fetcher:
        assert fetcher.get("http://public.test/page").body == b"<p>ok</p>"
    assert net.resolved == ["public.test"]


def test_redirect_to_a_private_address_is_refused() -> None:
    net = _FakeNet(NAMES)
    with net.fetcher() as fetcher, pytest.raises(FetchError, match=r"internal.test resolves to .*\(10.0.0.5\)"):
        fetcher.get("http://public.test/go-inside")
    assert net.requests == ["http://public.test/go-inside"]
    assert net.resolved == ["public.test", "internal.test"]


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[fd00:ec2::254]/",
        "http://[::1]:8080/",
        "http://0.0.0.0/",
        "http://internal.test/",
        "http://mixed.test/",
        "http://mapped.test/",
    ],
)
def test_private_addresses_are_refused(url: str) -> None:
    net = _FakeNet(NAMES)
    with net.fetcher() as fetcher, pytest.raises(FetchError, match="refusing to fetch"):
        fetcher.get(url)
    assert net.requests == []


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.169.254", "100.64.0.1", "224.0.0.1",
     "240.0.0.1", "255.255.255.255", "0.0.0.0", "::", "::1", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1",
     "::ffff:10.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::", "not-an-ip"],
)
def test_forbidden_addresses(address: str) -> None:
    assert is_forbidden_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert not is_forbidden_address(address)


@pytest.mark.parametrize("url", ["ftp://public.test/file", "file:///etc/passwd", "gopher://public.test/", "no scheme"])
def test_only_http_and_https_are_fetched(url: str) -> None:
    net = _FakeNet(NAMES)
    with net.fetcher(FetchPolicy(allow_private=True)) as fetcher, pytest.raises(FetchError):
        fetcher.get(url)
    assert net.requests == [] and net.resolved == []


def test_unresolvable_host_is_a_fetch_error() -> None:
    net = _FakeNet(NAMES)
    with net.fetcher() as fetcher, pytest.raises(FetchError, match="cannot resolve host nowhere.test"):
        fetcher.get("https://nowhere.test/")
    assert net.requests == []


def test_allow_private_skips_the_check() -> None:
    net = _FakeNet(NAMES)
    with net.fetcher(FetchPolicy(allow_private=True)) as fetcher:
        assert fetcher.get("http://internal.test/").status == 200
    assert net.resolved == []
