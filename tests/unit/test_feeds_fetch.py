"""fetch_feed against a loopback http.server started here: caps, redirects, SSRF policy, conditional GET."""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.processes import ROOT
from ticker.errors import SourceUnavailable
from ticker.ingest import FeedState, FetchPolicy, changed_entries, fetch_feed, parse_feed_bytes, read_sources

FEED = (ROOT / "fixtures" / "feeds" / "rss20_basic.rss").read_bytes()
RELATIVE = (ROOT / "fixtures" / "feeds" / "rss_relative_links.xml").read_bytes()
NOW = datetime(2026, 11, 23, tzinfo=UTC)


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    declare_length: bool = True  # False: no Content-Length, the body runs until the connection closes


@dataclass
class Server:
    port: int
    routes: dict[str, Route]
    hits: list[tuple[str, dict[str, str]]]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def policy(self, **changes: object) -> FetchPolicy:
        """The test policy: loopback allowed, but only this server's port."""
        settings: dict[str, object] = {"allow_private": True, "allowed_ports": {self.port}, "timeout": 2}
        return FetchPolicy(**(settings | changes))  # type: ignore[arg-type]


@pytest.fixture
def server() -> Iterator[Server]:
    routes: dict[str, Route] = {}
    hits: list[tuple[str, dict[str, str]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append((self.path, dict(self.headers)))
            route = routes.get(self.path, Route(404, b"not found"))
            if route.delay:
                time.sleep(route.delay)
            etag = route.headers.get("ETag")
            modified = route.headers.get("Last-Modified")
            if (etag and self.headers.get("If-None-Match") == etag) or (
                modified and not etag and self.headers.get("If-Modified-Since") == modified
            ):
                self.send_response(304)
                for name in ("ETag", "Last-Modified"):
                    if name in route.headers:
                        self.send_header(name, route.headers[name])
                self.end_headers()
                return
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.declare_length and "Content-Length" not in route.headers:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield Server(httpd.server_address[1], routes, hits)
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def refused(url: str, policy: FetchPolicy, reason: str) -> None:
    with pytest.raises(SourceUnavailable) as caught:
        fetch_feed(url, policy=policy)
    assert reason in caught.value.reason, caught.value.reason
    assert caught.value.position == "fetch"


def test_fetch_returns_bytes_and_validators(server: Server) -> None:
    server.routes["/feed"] = Route(body=FEED, headers={"ETag": '"v1"', "Last-Modified": "Sat, 08 Jan 2022 12:00:00 GMT",
                                                       "Content-Type": "application/rss+xml"})  # fmt: skip
    got = fetch_feed(server.url("/feed"), policy=server.policy())
    assert (got.status, got.body, got.etag, got.not_modified) == (200, FEED, '"v1"', False)
    assert got.last_modified == "Sat, 08 Jan 2022 12:00:00 GMT"


def test_an_unchanged_feed_costs_a_304(server: Server) -> None:
    server.routes["/feed"] = Route(body=FEED, headers={"ETag": '"v1"'})
    got = fetch_feed(server.url("/feed"), etag='"v1"', last_modified="Sat, 08 Jan 2022 12:00:00 GMT",
                     policy=server.policy())  # fmt: skip
    assert (got.status, got.not_modified, got.body, got.etag) == (304, True, b"", '"v1"')
    sent = server.hits[-1][1]
    assert sent["If-None-Match"] == '"v1"' and sent["If-Modified-Since"] == "Sat, 08 Jan 2022 12:00:00 GMT"


def test_an_unchanged_feed_costs_a_304_by_last_modified_alone(server: Server) -> None:
    stamp = "Sat, 08 Jan 2022 12:00:00 GMT"
    server.routes["/feed"] = Route(body=FEED, headers={"Last-Modified": stamp})
    first = fetch_feed(server.url("/feed"), policy=server.policy())
    assert (first.status, first.etag, first.last_modified) == (200, None, stamp)
    again = fetch_feed(server.url("/feed"), last_modified=first.last_modified, policy=server.policy())
    assert (again.status, again.not_modified, again.body, again.last_modified) == (304, True, b"", stamp)
    assert "If-None-Match" not in server.hits[-1][1]


def test_redirects_are_followed_and_checked_at_every_hop(server: Server) -> None:
    server.routes["/old"] = Route(301, headers={"Location": "/mid"})
    server.routes["/mid"] = Route(302, headers={"Location": server.url("/feed")})
    server.routes["/feed"] = Route(body=FEED)
    got = fetch_feed(server.url("/old"), policy=server.policy())
    assert got.url == server.url("/feed") and got.body == FEED


def test_a_redirect_to_another_port_or_scheme_is_blocked_at_that_hop(server: Server) -> None:
    server.routes["/to-redis"] = Route(302, headers={"Location": "http://127.0.0.1:6379/"})
    server.routes["/to-file"] = Route(302, headers={"Location": "file:///etc/passwd"})
    refused(server.url("/to-redis"), server.policy(), "blocked_destination: port 6379")
    refused(server.url("/to-file"), server.policy(), "unsupported_scheme: file")


def test_more_than_five_redirects_is_an_error(server: Server) -> None:
    for hop in range(7):
        server.routes[f"/r{hop}"] = Route(302, headers={"Location": f"/r{hop + 1}"})
    refused(server.url("/r0"), server.policy(), "more than 5 redirects")
    assert len(server.hits) == 6


def test_the_default_policy_never_connects_to_loopback(server: Server) -> None:
    server.routes["/feed"] = Route(body=FEED)
    refused(server.url("/feed"), FetchPolicy(), "blocked_destination")
    assert server.hits == []


@pytest.fixture
def trap() -> Iterator[socket.socket]:
    """A listening loopback port that must never be connected to."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    yield listener
    listener.close()


def never_connected(listener: socket.socket) -> bool:
    try:
        listener.accept()[0].close()
    except BlockingIOError:
        return True
    return False


@pytest.mark.parametrize(
    "target", ["http://127.0.0.1:{trap}/", "http://localhost:{trap}/", "http://169.254.169.254/"]
)
def test_a_redirect_to_a_blocked_address_is_refused_before_connecting(
    server: Server, trap: socket.socket, target: str
) -> None:
    """The default policy (no private addresses, any port) with one public-looking name let through."""

    def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"] if host in ("feeds.test", "localhost") else []

    location = target.format(trap=trap.getsockname()[1])
    server.routes["/go"] = Route(302, headers={"Location": location})
    policy = FetchPolicy(allow_hosts={"feeds.test"}, resolver=resolver, timeout=2)
    refused(f"http://feeds.test:{server.port}/go", policy, "blocked_destination")
    assert [path for path, _ in server.hits] == ["/go"]  # hop 1 was fetched, hop 2 never
    time.sleep(0.05)
    assert never_connected(trap)


@pytest.mark.parametrize(
    ("host", "address"),
    [("2130706433", "127.0.0.1"), ("0x7f.1", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"), ("127.1", "127.0.0.1"),
     ("0xa9fea9fe", "169.254.169.254"), ("[::ffff:7f00:1]", "127.0.0.1"), ("127.0.0.1.", "127.0.0.1")],
)  # fmt: skip
def test_numeric_hosts_are_read_as_addresses_without_asking_dns(host: str, address: str) -> None:
    def no_dns(host: str, port: int) -> list[str]:
        raise AssertionError(f"DNS asked for {host}")

    refused(
        f"http://{host}/", FetchPolicy(resolver=no_dns), f"is {address}" if "::" not in host else "blocked"
    )


def test_a_numeric_host_no_resolver_accepts_is_a_bad_url() -> None:
    refused("http://4294967296/", FetchPolicy(), "bad URL")
    refused("http://1.2.3.4.5/", FetchPolicy(resolver=lambda h, p: []), "cannot resolve")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "blocked_destination"),
        ("http://10.1.2.3/feed", "blocked_destination"),
        ("http://192.168.0.1/feed", "blocked_destination"),
        ("http://[::1]/feed", "blocked_destination"),
        ("http://[::ffff:127.0.0.1]/feed", "blocked_destination"),
        ("http://2130706433/", "blocked_destination"),
        ("http://0x7f.1/", "blocked_destination"),
        ("http://0.0.0.0/", "blocked_destination"),
        ("http://224.0.0.1/", "blocked_destination"),
        ("http://evil.test/feed", "blocked_destination"),
        ("file:///etc/passwd", "unsupported_scheme"),
        ("/etc/passwd", "unsupported_scheme"),
        ("ftp://example.org/feed.xml", "unsupported_scheme"),
        ("gopher://example.org/", "unsupported_scheme"),
    ],
)
def test_ssrf_destinations_are_refused_before_any_connection(url: str, reason: str) -> None:
    def resolver(host: str, port: int) -> list[str]:
        assert host == "evil.test", f"DNS asked for {host}"
        return ["127.0.0.1"]

    refused(url, FetchPolicy(resolver=resolver, timeout=0.5), reason)


def test_allow_hosts_lets_one_named_host_through(server: Server) -> None:
    server.routes["/feed"] = Route(body=FEED)
    policy = FetchPolicy(allow_hosts=frozenset({"127.0.0.1"}), allowed_ports={server.port}, timeout=2)
    assert fetch_feed(server.url("/feed"), policy=policy).body == FEED


def test_a_body_over_the_cap_is_refused(server: Server) -> None:
    big = b"<rss>" + b"x" * (2 * 1024 * 1024)
    server.routes["/declared"] = Route(body=big)
    server.routes["/undeclared"] = Route(body=big, declare_length=False)
    refused(server.url("/declared"), server.policy(max_bytes=1024 * 1024), "too_large")
    refused(server.url("/undeclared"), server.policy(max_bytes=1024 * 1024), "too_large: over")
    server.routes["/lying"] = Route(body=big, headers={"Content-Length": "100"})
    got = fetch_feed(server.url("/lying"), policy=server.policy(max_bytes=1024 * 1024))
    assert len(got.body) == 100  # a short Content-Length is all that is read


def test_gzip_is_decompressed_and_a_gzip_bomb_stops_at_the_cap(server: Server) -> None:
    server.routes["/gz"] = Route(body=gzip.compress(FEED), headers={"Content-Encoding": "gzip"})
    assert fetch_feed(server.url("/gz"), policy=server.policy()).body == FEED
    bomb = gzip.compress(b"\0" * (20 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100_000
    server.routes["/bomb"] = Route(body=bomb, headers={"Content-Encoding": "gzip"})
    refused(server.url("/bomb"), server.policy(max_decompressed_bytes=1024 * 1024), "decompressed_too_large")


def test_a_slow_server_times_out(server: Server) -> None:
    server.routes["/slow"] = Route(body=FEED, delay=1.0)
    refused(server.url("/slow"), server.policy(timeout=0.2), "timeout")


def test_http_errors_are_source_unavailable(server: Server) -> None:
    refused(server.url("/missing"), server.policy(), "HTTP 404")


def test_read_sources_fetches_a_url_and_resolves_links_against_it(server: Server) -> None:
    server.routes["/section/feed.xml"] = Route(body=RELATIVE, headers={"Content-Type": "application/rss+xml"})
    result = read_sources([server.url("/section/feed.xml")], now=NOW, policy=server.policy())
    assert result.errors == ()
    # relative references resolve against the document's own URL (RFC 3986), not the channel link
    assert sorted(i.url or "" for i in result.items) == [
        server.url("/news/1"),
        server.url("/section/story-2.html"),
    ]


def test_a_refused_url_is_an_error_in_the_result_not_an_exception() -> None:
    result = read_sources(["http://127.0.0.1:9/feed"], now=NOW)
    assert result.items == ()
    (error,) = result.errors
    assert isinstance(error, SourceUnavailable) and "blocked_destination" in error.reason


def test_polling_yields_new_and_changed_entries_only(server: Server) -> None:
    server.routes["/feed"] = Route(body=FEED, headers={"ETag": '"v1"'})
    state = FeedState()

    def poll() -> list[str]:
        nonlocal state
        got = fetch_feed(server.url("/feed"), etag=state.etag, last_modified=state.last_modified,
                         policy=server.policy())  # fmt: skip
        if got.not_modified:
            return []
        items = parse_feed_bytes(got.body, source=server.url("/feed"), story="s", now=NOW).items
        fresh, state = changed_entries(state, items, etag=got.etag, last_modified=got.last_modified)
        return [i.title for i in fresh]

    assert sorted(poll()) == ["Government resigns", "Protests spread to the capital"]
    assert poll() == []  # 304
    changed = FEED.replace(b"The cabinet stepped down in the morning.", b"The cabinet stepped down at dawn.")
    server.routes["/feed"] = Route(body=changed, headers={"ETag": '"v2"'})
    assert poll() == ["Government resigns"]
    server.routes["/feed"] = Route(body=changed)  # no validators: a full fetch, nothing new
    assert poll() == []
