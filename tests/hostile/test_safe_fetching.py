"""Fetching connects only to addresses it checked: DNS rebinding, redirects to
internal names, metadata addresses. Only 127.0.0.1 (the local test server)
is ever connected to; the resolvers here are fakes."""

from __future__ import annotations

import sqlite3
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from crosswire.errors import FetchError
from crosswire.ingest import ingest
from crosswire.ingest.fetch import FetchPolicy, Fetcher, is_forbidden_address
from tests.web_server import LocalServer, send

ARTICLE = b"<html><body><article><p>" + b"Shelling killed 12 civilians in the town, officials said. " * 4 + b"</p></article></body></html>"


class RebindingResolver:
    """Answers with a public address first, then with loopback, like a DNS
    server under an attacker's control with a zero TTL."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = list(answers)
        self.calls: list[str] = []

    def __call__(self, host: str) -> list[str]:
        self.calls.append(host)
        return self.answers[min(len(self.calls), len(self.answers)) - 1]


def _echo_host(handler: BaseHTTPRequestHandler) -> None:
    send(handler, 200, "text/plain", (handler.headers.get("Host") or "").encode())


def test_a_name_that_rebinds_to_loopback_is_refused_at_connect(server: LocalServer) -> None:
    server.add("/article.html", "text/html", ARTICLE)
    resolver = RebindingResolver(["93.184.216.34"], ["127.0.0.1"])
    port = server.server_address[1]
    with Fetcher(policy=FetchPolicy(timeout_seconds=2.0), resolve=resolver) as fetcher:
        with pytest.raises(FetchError, match=r"refusing to connect: rebind\.test resolves to .*127\.0\.0\.1.*--allow-private"):
            fetcher.get(f"http://rebind.test:{port}/article.html")
    assert resolver.calls == ["rebind.test", "rebind.test"]  # checked, then resolved again for the connection
    assert server.seen == []


def test_the_connection_goes_to_the_checked_address_with_the_host_kept(server: LocalServer) -> None:
    server.routes["/host"] = _echo_host
    port = server.server_address[1]
    resolver = RebindingResolver(["127.0.0.1"])
    with Fetcher(policy=FetchPolicy(allow_private=True, timeout_seconds=2.0), resolve=resolver) as fetcher:
        page = fetcher.get(f"http://news.test:{port}/host")
    assert page.body == f"news.test:{port}".encode()
    assert resolver.calls == ["news.test"]


def test_a_redirect_to_an_internal_name_is_refused() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://intranet.test/admin"})

    resolver = RebindingResolver(["10.1.2.3"])
    policy = FetchPolicy(timeout_seconds=2.0)
    with Fetcher(policy=policy, transport=httpx.MockTransport(handler), resolve=lambda host: ["93.184.216.34"] if host == "public.test" else resolver(host)) as fetcher:
        with pytest.raises(FetchError, match=r"refusing to fetch http://intranet\.test/admin: .*10\.1\.2\.3"):
            fetcher.get("http://public.test/story")
    assert seen == ["http://public.test/story"]


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.0.0.8", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
     "::1", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "not an ip"],
)
def test_internal_and_metadata_addresses_are_forbidden(address: str) -> None:
    assert is_forbidden_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert not is_forbidden_address(address)


def test_ingest_refuses_loopback_unless_allowed(server: LocalServer, db: str) -> None:
    server.add("/article.html", "text/html; charset=utf-8", ARTICLE)
    url = server.base + "/article.html"
    refused = ingest([url], db=db)
    assert refused.added == 0 and "pass --allow-private" in refused.errors[0].reason
    assert server.seen == []
    allowed = ingest([url], db=db, fetch_policy=FetchPolicy(allow_private=True, user_agent="hostile-test/1.0"))
    assert allowed.added == 1
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
