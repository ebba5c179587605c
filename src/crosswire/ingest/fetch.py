"""All network access goes through `Fetcher`: one httpx client, a size cap,
timeouts, and a check of every host (each redirect hop included) against
private, loopback and link-local addresses, so that a URL in an input file
cannot make crosswire read from the machine's own network.

Tests inject an httpx transport and a resolver instead of patching.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from types import TracebackType
from typing import Callable

import httpx

from crosswire.errors import FetchError
from crosswire.ingest.connect import CheckedTransport, RefusedAddress
from crosswire.ingest.decoding import decode_html, decode_text
from crosswire.records import BodyFormat, ItemError, SourceItem

Resolver = Callable[[str], list[str]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_SCHEMES = frozenset({"http", "https"})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_METADATA_ADDRESSES = frozenset(map(ipaddress.ip_address, ["169.254.169.254", "fd00:ec2::254"]))
# NAT64 embeds an IPv4 address in the last 32 bits.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_PAGE_FORMATS: dict[str, BodyFormat] = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
_ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,*/*;q=0.5"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Limits for every fetch. `timeout_seconds` bounds each network
    operation and, checked between chunks, the whole download of one hop."""

    user_agent: str = "crosswire/0.1 (+https://example.invalid/crosswire)"
    timeout_seconds: float = 20.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A successful (2xx) response after redirects."""

    url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes


def resolve_host(host: str) -> list[str]:
    """Every address `host` resolves to, as strings (the default resolver)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot resolve host {host}: {error}") from error
    return [str(info[4][0]) for info in infos]


def is_forbidden_address(address: str) -> bool:
    """True if `address` is not a public unicast address (loopback, private,
    link-local, multicast, reserved, unspecified, cloud metadata, ...)."""
    try:
        ip: IPAddress = ipaddress.ip_address(address)
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        ip = _embedded_ipv4(ip) or ip
    return (
        ip in _METADATA_ADDRESSES
        or ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


class Fetcher:
    """Fetches URLs under a `FetchPolicy`. Use as a context manager or call
    `close()`; one instance reuses its connections across calls."""

    def __init__(
        self,
        *,
        policy: FetchPolicy = FetchPolicy(),
        transport: httpx.BaseTransport | None = None,
        resolve: Resolver = resolve_host,
    ) -> None:
        self.policy = policy
        self._resolve = resolve
        if transport is None:
            transport = CheckedTransport(resolve=self._addresses, check=self._check_address)
        self._client = httpx.Client(
            transport=transport,
            trust_env=False,
            follow_redirects=False,
            timeout=httpx.Timeout(policy.timeout_seconds),
            headers={"User-Agent": policy.user_agent, "Accept": _ACCEPT},
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str) -> FetchedPage:
        """GET `url`, following up to `max_redirects` redirects and checking
        every hop. Raises `FetchError` with a one-line reason."""
        current = _parse_url(url)
        seen = {str(current)}
        for _ in range(self.policy.max_redirects + 1):
            self._check_host(current)
            page_or_next = self._get_one(current)
            if isinstance(page_or_next, FetchedPage):
                return page_or_next
            current = page_or_next
            if str(current) in seen:
                raise FetchError(f"redirect loop at {current} (fetching {url})")
            seen.add(str(current))
        raise FetchError(f"more than {self.policy.max_redirects} redirects fetching {url}")

    def _check_host(self, url: httpx.URL) -> None:
        """Refuse early, with the URL in the message; the connection itself
        is checked again in `CheckedTransport` (the name may resolve anew)."""
        if self.policy.allow_private:
            return
        host = url.host
        addresses = self._addresses(host)
        if not addresses:
            raise FetchError(f"cannot resolve host {host}: no addresses")
        for address in addresses:
            if is_forbidden_address(address):
                raise FetchError(f"refusing to fetch {url}: {_forbidden(host, address)}")

    def _addresses(self, host: str) -> list[str]:
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            return self._resolve(host)

    def _check_address(self, host: str, address: str) -> None:
        if not self.policy.allow_private and is_forbidden_address(address):
            raise RefusedAddress(f"refusing to connect: {_forbidden(host, address)}")

    def _get_one(self, url: httpx.URL) -> FetchedPage | httpx.URL:
        """One request: a page, or the URL a redirect points to."""
        try:
            with self._client.stream("GET", url) as response:
                location = response.headers.get("location")
                if response.status_code in _REDIRECT_STATUSES and location:
                    return _parse_url(str(url.join(location.strip())))
                if not 200 <= response.status_code < 300:
                    raise FetchError(f"HTTP {response.status_code} for {url}")
                body = self._read_body(response, url)
        except httpx.TimeoutException as error:
            raise FetchError(f"timed out after {self.policy.timeout_seconds:g} s fetching {url}") from error
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            raise FetchError(f"cannot fetch {url}: {str(error) or type(error).__name__}") from error
        content_type, charset = _parse_content_type(response.headers.get("content-type", ""))
        return FetchedPage(
            url=str(url), status=response.status_code, content_type=content_type, charset=charset, body=body
        )

    def _read_body(self, response: httpx.Response, url: httpx.URL) -> bytes:
        limit = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.strip().isdigit() and int(declared) > limit:
            raise FetchError(f"{url} is too large ({int(declared)} bytes; limit {limit})")
        deadline = time.monotonic() + self.policy.timeout_seconds
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"{url} is too large (more than {limit} bytes)")
            if time.monotonic() > deadline:
                raise FetchError(f"timed out after {self.policy.timeout_seconds:g} s fetching {url}")
            chunks.append(chunk)
        return b"".join(chunks)


def _forbidden(host: str, address: str) -> str:
    return (
        f"{host} resolves to a private/loopback/link-local address ({address}); "
        "pass --allow-private to allow"
    )


def _parse_url(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError) as error:
        raise FetchError(f"not a valid URL: {url!r} ({error})") from error
    if parsed.scheme not in _SCHEMES:
        raise FetchError(f"refusing to fetch {url}: only http and https URLs can be fetched")
    if not parsed.host:
        raise FetchError(f"not a valid URL: {url!r} (no host)")
    return parsed


def _parse_content_type(header: str) -> tuple[str, str | None]:
    media_type, *params = header.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'").lower()
    return media_type.strip().lower(), charset


def fetch_article(fetcher: Fetcher, url: str) -> SourceItem | ItemError:
    """Fetch one article page as a `SourceItem`, or an `ItemError` saying why not."""
    try:
        page = fetcher.get(url)
    except FetchError as error:
        return ItemError(origin=url, item="", reason=str(error))
    body_format = _PAGE_FORMATS.get(page.content_type or _sniff(page.body))
    if body_format is None:
        return ItemError(origin=url, item="", reason=f"not an HTML page: {page.content_type or 'no content type'}")
    if body_format == "html":
        body = decode_html(page.body, declared=page.charset)
    else:
        body = decode_text(page.body, declared=page.charset)
    fetched = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return SourceItem(
        origin=url, item="", body=body, body_format=body_format, url=page.url, extra={"fetched": fetched}
    )


def _sniff(body: bytes) -> str:
    """A media type for a response that declared none: HTML if it looks so."""
    head = body[:512].lstrip().lower()
    return "text/html" if head.startswith((b"<!doctype html", b"<html")) else ""
