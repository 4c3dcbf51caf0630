"""Fetching a feed safely: http(s) only, public addresses only, bounded in time and bytes.

Each hop of a redirect is checked again, and the connection goes to the address
that was checked (no second DNS lookup), so neither a redirect nor a DNS answer
can point us at 127.0.0.1, a private network or a cloud metadata address.
ETag/Last-Modified make an unchanged feed cost a 304.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ticker.errors import SourceUnavailable

MAX_REDIRECTS = 5
USER_AGENT = "ticker/0.1 (feed reader)"
Resolver = Callable[[str, int], list[str]]
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]*|\d+)(\.(0x[0-9a-f]*|\d+)){0,3}$", re.I)


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and the destinations allowed. The defaults are for the open internet."""

    timeout: float = 10.0  # per connect / read
    total_timeout: float = 30.0  # the whole fetch, redirects included
    max_bytes: int = 5 * 1024 * 1024  # on the wire
    max_decompressed_bytes: int = 10 * 1024 * 1024
    allow_private: bool = False  # loopback, private, link-local... (tests, intranets)
    allow_hosts: Collection[str] = frozenset()  # names or addresses that pass whatever they resolve to
    allowed_ports: Collection[int] | None = None  # None: any port
    resolver: Resolver = system_resolver

    def __post_init__(self) -> None:
        object.__setattr__(self, "allow_hosts", frozenset(h.lower() for h in self.allow_hosts))
        if self.allowed_ports is not None:
            object.__setattr__(self, "allowed_ports", frozenset(self.allowed_ports))


@dataclass(frozen=True)
class FetchResult:
    url: str  # after redirects
    status: int
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    not_modified: bool = False


def _refuse(url: str, reason: str) -> SourceUnavailable:
    return SourceUnavailable(url, "fetch", reason)


def blocked(address: str) -> bool:
    """Loopback, private, link-local, multicast, reserved or unspecified: not the public internet."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(
        ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved
        or ip.is_unspecified or not ip.is_global
    )  # fmt: skip


def check_destination(url: str, policy: FetchPolicy) -> tuple[str, int, str, bool]:
    """(host, port, address to connect to, tls) for an allowed URL; raises SourceUnavailable otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise _refuse(url, f"unsupported_scheme: {parts.scheme or 'none'}")
    try:
        host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise _refuse(url, f"bad URL: {exc}") from None
    if not host:
        raise _refuse(url, "bad URL: no host")
    if policy.allowed_ports is not None and port not in policy.allowed_ports:
        raise _refuse(url, f"blocked_destination: port {port} is not allowed")
    try:
        literal = literal_address(host)
        addresses = [literal] if literal else policy.resolver(host, port)
    except ValueError as exc:
        raise _refuse(url, f"bad URL: {exc}") from None
    except (OSError, UnicodeError) as exc:
        raise _refuse(url, f"cannot resolve {host}: {exc}") from None
    if not addresses:
        raise _refuse(url, f"cannot resolve {host}")
    if host.lower() not in policy.allow_hosts and not policy.allow_private:
        for address in addresses:
            if address not in policy.allow_hosts and blocked(address):
                raise _refuse(url, f"blocked_destination: {host} is {address}")
    return host, port, addresses[0], parts.scheme == "https"


def literal_address(host: str) -> str | None:
    """The address an IP literal names, legacy forms included (2130706433, 0x7f.1, 0177.0.0.1).

    C resolvers read those numeric forms as IPv4, so they are decoded here, without
    asking DNS, rather than be mistaken for names. Raises ValueError for a numeric
    host no resolver would accept.
    """
    host = host.rstrip(".")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if not _NUMERIC_HOST.match(host):
        return None
    try:
        return socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        raise ValueError(f"{host!r} is not an IPv4 address") from None


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address already checked, whatever DNS says now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = ssl.create_default_context().wrap_socket(raw, server_hostname=self.host)


def fetch_feed(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    policy: FetchPolicy | None = None,
) -> FetchResult:
    """GET a feed's bytes under ``policy``; 304 when unchanged since ``etag``/``last_modified``.

    Raises SourceUnavailable with a reason code (unsupported_scheme, blocked_destination,
    too_large, decompressed_too_large, timeout, HTTP status) for anything else.
    """
    policy = policy or FetchPolicy()
    deadline = time.monotonic() + policy.total_timeout
    for _hop in range(MAX_REDIRECTS + 1):
        host, port, address, tls = check_destination(url, policy)
        cls = _PinnedHTTPS if tls else _PinnedHTTP
        conn = cls(host, port, address, policy.timeout)
        try:
            response = _get(conn, url, etag, last_modified)
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise _refuse(url, f"HTTP {response.status} without a Location")
                url = urljoin(url, location.strip())
                continue
            if response.status == 304:
                return FetchResult(
                    url, 304, b"", response.getheader("ETag") or etag,
                    response.getheader("Last-Modified") or last_modified, None, not_modified=True,
                )  # fmt: skip
            if response.status >= 400:
                raise _refuse(url, f"HTTP {response.status} {response.reason}")
            body = _read_capped(response, url, policy, deadline)
            body = decompress(
                body, response.getheader("Content-Encoding"), url, policy.max_decompressed_bytes
            )
            return FetchResult(
                url, response.status, body, response.getheader("ETag"), response.getheader("Last-Modified"),
                response.getheader("Content-Type"),
            )  # fmt: skip
        except TimeoutError:
            raise _refuse(url, f"timeout after {policy.timeout:g} s") from None
        except (OSError, http.client.HTTPException) as exc:
            raise _refuse(url, f"{type(exc).__name__}: {exc}") from None
        finally:
            conn.close()
    raise _refuse(url, f"more than {MAX_REDIRECTS} redirects")


def _get(
    conn: http.client.HTTPConnection, url: str, etag: str | None, last_modified: str | None
) -> http.client.HTTPResponse:
    parts = urlsplit(url)
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate", "Accept": "application/rss+xml, "
               "application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"}  # fmt: skip
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    conn.request("GET", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), headers=headers)
    return conn.getresponse()


def _read_capped(response: http.client.HTTPResponse, url: str, policy: FetchPolicy, deadline: float) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > policy.max_bytes:
        raise _refuse(url, f"too_large: {int(declared)} bytes declared, over {policy.max_bytes}")
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(64 * 1024):
        size += len(chunk)
        if size > policy.max_bytes:
            raise _refuse(url, f"too_large: over {policy.max_bytes} bytes")
        if time.monotonic() > deadline:
            raise _refuse(url, f"timeout: not done after {policy.total_timeout:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def decompress(body: bytes, encoding: str | None, url: str, limit: int) -> bytes:
    """gzip/deflate bodies, stopping as soon as the output passes ``limit`` (a zip bomb costs nothing)."""
    encoding = (encoding or "identity").strip().lower()
    if encoding in ("identity", ""):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise _refuse(url, f"unsupported content encoding {encoding!r}")
    problem: zlib.error | None = None
    for wbits in (31,) if encoding != "deflate" else (15, -15):
        decoder = zlib.decompressobj(wbits)
        try:
            out = decoder.decompress(body, limit + 1)
        except zlib.error as exc:
            problem = exc
            continue
        if len(out) > limit or decoder.unconsumed_tail:
            raise _refuse(url, f"decompressed_too_large: over {limit} bytes")
        return out
    raise _refuse(url, f"bad {encoding} body: {problem}")
