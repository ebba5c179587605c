"""The one place crosswire opens a network connection: to an address it has
just resolved and checked.

Checking a host name and then letting httpx resolve it again leaves a window
(DNS rebinding): a name that answers with a public address for the check and
with 127.0.0.1 or 169.254.169.254 for the connection. Here resolution, the
check and the connection are one step in httpcore's network backend, so the
address connected to is the address checked. httpcore still uses the URL's
host name for the Host header and for TLS (SNI and certificate checks),
because only the TCP connection is made to the IP.
"""

from __future__ import annotations

from typing import Callable, Iterable

import httpcore
import httpx

Resolver = Callable[[str], list[str]]
# Raises (with a user-facing reason) if `address` may not be connected to for `host`.
AddressCheck = Callable[[str, str], None]


class RefusedAddress(httpcore.ConnectError):
    """The host resolved to an address the fetch policy forbids."""


class _CheckedBackend(httpcore.NetworkBackend):
    def __init__(self, *, resolve: Resolver, check: AddressCheck) -> None:
        self._resolve = resolve
        self._check = check
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._resolve(host)
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve host {host}: no addresses")
        for address in addresses:
            self._check(host, address)  # every answer, so none can be tried later
        failure: Exception | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except httpcore.ConnectError as error:
                failure = error
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are never fetched from")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class CheckedTransport(httpx.HTTPTransport):
    """httpx's own transport, connecting only through `_CheckedBackend`.
    Proxies from the environment are not used: a proxy would make the
    connection, and the check of the address, somewhere else."""

    def __init__(self, *, resolve: Resolver, check: AddressCheck) -> None:
        super().__init__(trust_env=False)
        # httpx offers no parameter for the network backend, so its pool is
        # rebuilt as HTTPTransport builds it, with the backend added.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=_CheckedBackend(resolve=resolve, check=check),
        )
