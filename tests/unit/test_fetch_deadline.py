"""One deadline for a whole fetch, against a loopback server that drips its answer a byte at a time;
odd redirects and surprises end in a SourceError naming the feed."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.dripserver import DripServer, Script, drip_body
from ticker.errors import SourceUnavailable
from ticker.ingest import FetchPolicy, fetch_feed
from ticker.ingest.fetch import to_uri

LIMIT = 1.5  # the configured total limit of these fetches, in seconds
SLACK = 3.0  # generous: a loaded machine may be slow to wake us, never this slow
FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


def drip_headers(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    n = 0
    while not stop.wait(0.1):
        n += 1
        conn.sendall(f"X-Slow-{n}: yes\r\n".encode())


def drip_status_line(conn: socket.socket, stop: threading.Event) -> None:
    for byte in b"HTTP/1.1 200 OK":
        if stop.wait(0.1):
            return
        conn.sendall(bytes([byte]))
    while not stop.wait(0.1):
        conn.sendall(b"X")


@pytest.fixture
def drip() -> Iterator[Callable[[Script], DripServer]]:
    servers: list[DripServer] = []

    def start(script: Script) -> DripServer:
        servers.append(DripServer(script))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def policy_for(port: int) -> FetchPolicy:
    return FetchPolicy(allow_private=True, allowed_ports={port}, timeout=1.0, total_timeout=LIMIT)


@pytest.mark.parametrize("script", [drip_body, drip_headers, drip_status_line])
def test_a_dripping_server_is_cut_off_at_the_total_limit(
    drip: Callable[..., DripServer], script: Script
) -> None:
    server = drip(script)
    started = time.monotonic()
    with pytest.raises(SourceUnavailable) as caught:
        fetch_feed(f"http://127.0.0.1:{server.port}/feed", policy=policy_for(server.port))
    elapsed = time.monotonic() - started
    assert caught.value.reason == f"timeout: not done after {LIMIT:g} s"
    assert elapsed < LIMIT + SLACK  # each byte came within the per-read timeout; the total still holds


def test_the_limit_covers_redirects_together(drip: Callable[..., DripServer]) -> None:
    """Every hop is quick to start, but the total over the hops is what counts."""
    slow = drip(drip_body)

    class Hop(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{slow.port}/feed")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hop)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        port = httpd.server_address[1]
        policy = FetchPolicy(
            allow_private=True, allowed_ports={port, slow.port}, timeout=1, total_timeout=LIMIT
        )
        started = time.monotonic()
        with pytest.raises(SourceUnavailable, match="timeout: not done after"):
            fetch_feed(f"http://127.0.0.1:{port}/start", policy=policy)
        assert time.monotonic() - started < LIMIT + SLACK
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def redirecting() -> Iterator[tuple[int, list[str]]]:
    """A server whose /go redirects to /café.xml and serves any other path."""
    paths: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            paths.append(self.path)
            if self.path == "/go-latin-1":
                self.send_response(302)
                self.send_header("Location", "/café.xml?q=ü")  # http.server sends header text as Latin-1
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path == "/go-utf-8":  # as most servers send it
                self.wfile.write("HTTP/1.1 302 Found\r\nLocation: /café.xml?q=ü\r\n".encode())
                self.wfile.write(b"Content-Length: 0\r\nConnection: close\r\n\r\n")
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(FEED)))
            self.end_headers()
            self.wfile.write(FEED)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1], paths
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("charset", ["latin-1", "utf-8"])
def test_a_redirect_to_a_non_ascii_location_is_followed_percent_encoded(
    redirecting: tuple[int, list[str]], charset: str
) -> None:
    port, paths = redirecting
    result = fetch_feed(f"http://127.0.0.1:{port}/go-{charset}", policy=policy_for(port))
    assert result.body == FEED
    assert paths == [f"/go-{charset}", "/caf%C3%A9.xml?q=%C3%BC"]
    assert result.url == f"http://127.0.0.1:{port}/caf%C3%A9.xml?q=%C3%BC"


@pytest.mark.parametrize(
    ("iri", "uri"),
    [
        ("http://example.org/café.xml", "http://example.org/caf%C3%A9.xml"),
        ("http://example.org/a%20b/é", "http://example.org/a%20b/%C3%A9"),  # escapes kept, not doubled
        ("http://bücher.example:8080/x", "http://xn--bcher-kva.example:8080/x"),
        ("http://example.org/plain?a=1#f", "http://example.org/plain?a=1#f"),
    ],
)
def test_iris_become_uris(iri: str, uri: str) -> None:
    assert to_uri(iri) == uri


def test_an_unexpected_error_is_a_source_error_naming_the_feed(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> object:
        raise UnicodeEncodeError("ascii", "é", 0, 1, "ordinal not in range(128)")

    monkeypatch.setattr("ticker.ingest.fetch._get", broken)
    policy = FetchPolicy(resolver=lambda host, port: ["93.184.216.34"], timeout=0.5)
    with pytest.raises(SourceUnavailable) as caught:
        fetch_feed("http://feeds.example/rss", policy=policy)
    assert caught.value.source == "http://feeds.example/rss"
    assert caught.value.reason.startswith("unexpected UnicodeEncodeError")
