"""Fetching a feed safely: http(s) only, public addresses only, bounded in time and bytes.

Each hop of a redirect is checked again, and the connection goes to the address
that was checked (no second DNS lookup), so neither a redirect nor a DNS answer
can point us at 127.0.0.1, a private network or a cloud metadata address.
One deadline covers the whole fetch (connects, headers, bodies, redirects): a server
that answers a byte at a time is cut off at it. ETag/Last-Modified make an unchanged
feed cost a 304.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from ticker.errors import SourceError, SourceUnavailable
from ticker.ingest.address import AllowEntry, allow_entries, allowed, blocked, literal_address

__all__ = ["FetchPolicy", "FetchResult", "blocked", "check_destination", "fetch_feed", "literal_address"]

MAX_REDIRECTS = 5
USER_AGENT = "ticker/0.1 (feed reader)"
CHUNK = 8 * 1024  # bytes per body read: the clock is looked at after each
Resolver = Callable[[str, int], list[str]]
_URI_SAFE = "!#$%&'()*+,/:;=?@[]~"


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and the destinations allowed. The defaults are for the open internet."""

    timeout: float = 10.0  # per connect / read
    total_timeout: float = 30.0  # the whole fetch: connects, headers, bodies, redirects
    max_bytes: int = 5 * 1024 * 1024  # on the wire
    max_decompressed_bytes: int = 10 * 1024 * 1024
    allow_private: bool = False  # loopback, private, link-local... (tests, intranets)
    # "host" or "host:port" ("[v6]:port"): names or addresses that pass whatever they resolve to
    allow_hosts: Collection[str] = frozenset()
    allowed_ports: Collection[int] | None = None  # None: any port
    resolver: Resolver = system_resolver
    allow: frozenset[AllowEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "allow_hosts", frozenset(h.lower() for h in self.allow_hosts))
        object.__setattr__(self, "allow", allow_entries(self.allow_hosts))  # ValueError if one is bad
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


def to_uri(url: str) -> str:
    """An IRI as a URI: a non-ASCII host in IDNA, anything else outside ASCII percent-encoded (UTF-8).

    Raises ValueError when the host cannot be encoded.
    """
    if url.isascii():
        return url
    parts = urlsplit(url)
    netloc = parts.netloc
    if not netloc.isascii():  # a non-ASCII host is a name (IP literals are ASCII)
        userinfo, at, hostport = netloc.rpartition("@")
        host, colon, port = hostport.partition(":")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise ValueError(f"host {host!r} cannot be encoded: {exc}") from None
        netloc = quote(userinfo, safe=_URI_SAFE) + at + host + colon + quote(port, safe="")
    rest = [quote(part, safe=_URI_SAFE) for part in (parts.path, parts.query, parts.fragment)]
    return urlunsplit((parts.scheme, netloc, *rest))


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
    if not policy.allow_private and not allowed(policy.allow, host, port):
        for address in addresses:
            if not allowed(policy.allow, address, port) and blocked(address):
                raise _refuse(url, f"blocked_destination: {host} is {address}")
    return host, port, addresses[0], parts.scheme == "https"


class _Deadline:
    """The wall-clock budget of one fetch, redirects included."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def reason(self) -> str:
        return f"timeout: not done after {self.seconds:g} s"


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address already checked, whatever DNS says now; every wait ends by the deadline.

    Each connect and read waits at most the per-read timeout and never past the deadline;
    a watchdog shuts the socket at the deadline, so a server that drips its headers or body
    a byte at a time (each read quick, the whole endless) is cut off too.
    """

    def __init__(self, host: str, port: int, address: str, timeout: float, deadline: _Deadline) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address
        self._deadline = deadline
        self._watched: socket.socket | None = None  # a dup of the connection: TLS detaches the original
        self._reading: socket.socket | None = None  # the socket the response reads from
        self._lock = threading.Lock()
        self.aborted = False

    def wait_limit(self) -> float:
        """How long the next wait may last; TimeoutError once the deadline has passed."""
        left = self._deadline.left()
        if left <= 0 or self.aborted:
            raise TimeoutError(self._deadline.reason())
        return min(float(self.timeout or left), left)

    def limit_next_read(self) -> None:
        if self._reading is not None:
            self._reading.settimeout(self.wait_limit())

    def _open(self) -> socket.socket:
        raw = socket.create_connection((self._address, self.port), self.wait_limit())
        with self._lock:
            self._watched = raw.dup()
            if self.aborted:  # the watchdog fired while we were connecting
                raw.close()
                raise TimeoutError(self._deadline.reason())
        return raw

    def connect(self) -> None:
        self.sock = self._reading = self._open()

    def abort(self) -> None:
        """The watchdog: wake whatever wait is under way; it ends in an error, read as a timeout."""
        with self._lock:
            self.aborted = True
            if self._watched is not None:
                with contextlib.suppress(OSError):
                    self._watched.shutdown(socket.SHUT_RDWR)

    def release(self) -> None:
        """Close everything; not ``close()``, which http.client calls once the headers are in."""
        self.close()
        with self._lock:
            if self._watched is not None:
                self._watched.close()
                self._watched = None


class _PinnedHTTPS(_PinnedHTTP):
    default_port = http.client.HTTPS_PORT

    def connect(self) -> None:
        raw = self._open()
        raw.settimeout(self.wait_limit())
        self.sock = self._reading = ssl.create_default_context().wrap_socket(raw, server_hostname=self.host)


def fetch_feed(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    policy: FetchPolicy | None = None,
) -> FetchResult:
    """GET a feed's bytes under ``policy``; 304 when unchanged since ``etag``/``last_modified``.

    Raises SourceUnavailable with a reason code (unsupported_scheme, blocked_destination,
    too_large, decompressed_too_large, timeout, HTTP status) for anything else, the
    unexpected included: a caller polling many feeds only ever sees a SourceError.
    """
    policy = policy or FetchPolicy()
    try:
        return _fetch(url, etag, last_modified, policy, _Deadline(policy.total_timeout))
    except SourceError:
        raise
    except Exception as exc:  # a surprise from a library must not end the caller's poll loop
        raise _refuse(url, f"unexpected {type(exc).__name__}: {exc}") from exc


def _fetch(
    url: str, etag: str | None, last_modified: str | None, policy: FetchPolicy, deadline: _Deadline
) -> FetchResult:
    try:
        url = to_uri(url)
    except ValueError as exc:
        raise _refuse(url, f"bad URL: {exc}") from None
    for _hop in range(MAX_REDIRECTS + 1):
        host, port, address, tls = check_destination(url, policy)
        cls = _PinnedHTTPS if tls else _PinnedHTTP
        conn = cls(host, port, address, policy.timeout, deadline)
        watchdog = threading.Timer(max(deadline.left(), 0.0), conn.abort)
        watchdog.daemon = True
        watchdog.start()
        try:
            response = _get(conn, url, etag, last_modified)
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise _refuse(url, f"HTTP {response.status} without a Location")
                try:
                    url = to_uri(urljoin(url, _as_sent(location).strip()))
                except ValueError as exc:
                    raise _refuse(url, f"bad redirect: {exc}") from None
                continue
            if response.status == 304:
                return FetchResult(
                    url, 304, b"", response.getheader("ETag") or etag,
                    response.getheader("Last-Modified") or last_modified, None, not_modified=True,
                )  # fmt: skip
            if response.status >= 400:
                raise _refuse(url, f"HTTP {response.status} {response.reason}")
            body = _read_capped(response, conn, url, policy)
            body = decompress(
                body, response.getheader("Content-Encoding"), url, policy.max_decompressed_bytes
            )
            return FetchResult(
                url, response.status, body, response.getheader("ETag"), response.getheader("Last-Modified"),
                response.getheader("Content-Type"),
            )  # fmt: skip
        except (OSError, http.client.HTTPException) as exc:
            if conn.aborted or deadline.left() <= 0:
                raise _refuse(url, deadline.reason()) from None
            if isinstance(exc, TimeoutError):
                raise _refuse(url, f"timeout: no answer for {policy.timeout:g} s") from None
            raise _refuse(url, f"{type(exc).__name__}: {exc}") from None
        finally:
            watchdog.cancel()
            conn.release()
    raise _refuse(url, f"more than {MAX_REDIRECTS} redirects")


def _as_sent(value: str) -> str:
    """A header as meant: http.client reads header bytes as Latin-1, servers mostly send UTF-8."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def _get(
    conn: _PinnedHTTP, url: str, etag: str | None, last_modified: str | None
) -> http.client.HTTPResponse:
    parts = urlsplit(url)
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate", "Accept": "application/rss+xml, "
               "application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"}  # fmt: skip
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    conn.request("GET", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), headers=headers)
    conn.limit_next_read()
    return conn.getresponse()


def _read_capped(
    response: http.client.HTTPResponse, conn: _PinnedHTTP, url: str, policy: FetchPolicy
) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > policy.max_bytes:
        raise _refuse(url, f"too_large: {int(declared)} bytes declared, over {policy.max_bytes}")
    chunks: list[bytes] = []
    size = 0
    while True:
        conn.limit_next_read()  # raises TimeoutError once the deadline has passed
        chunk = response.read1(CHUNK)  # one recv at most: a dripping server cannot hold us in here
        if not chunk:
            break
        size += len(chunk)
        if size > policy.max_bytes:
            raise _refuse(url, f"too_large: over {policy.max_bytes} bytes")
        chunks.append(chunk)
    conn.wait_limit()  # a body cut short by the watchdog is a timeout, not a feed
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
