"""Polling on real parts: a feed served over HTTP on loopback, redis-server, a Celery worker,
the consumer and `celery -A workers beat` (the compose command, with its schedule file here)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.dripserver import DripServer, drip_body
from tests.processes import BEAT, CONSUMER, WORKER, Proc, command, wait_until
from tests.readback import queued_items, summary_now
from ticker import keys
from ticker.embedded import EmbeddedRedis

pytestmark = pytest.mark.integration

STORY = "poll-test"
ARRESTS = "Police said 120 people were arrested in Almaty."
ENTRIES = [
    ("a", "Protests spread to Almaty", ARRESTS, 10),
    ("b", "Internet shut down", "Internet access was cut across the country.", 11),
    ("c", "Government resigns", "President Tokayev accepted the government's resignation.", 12),
]
EDITED = [
    (
        "a",
        "Protests spread to Almaty",
        ARRESTS + " The Interior Ministry later said more than 1,000 people had been arrested.",
        10,
    ),
    *ENTRIES[1:],
    ("d", "Troops deployed", "About 2,500 soldiers were deployed, the defence ministry said.", 14),
]


def rss(entries: list[tuple[str, str, str, int]]) -> bytes:
    """An RSS document of (guid, title, text, hour on 5 January 2022 in Almaty)."""
    items = "".join(
        f"<item><guid>urn:test:{guid}</guid><title>{title}</title><description>{text}</description>"
        f"<pubDate>Wed, 05 Jan 2022 {hour}:00:00 +0600</pubDate></item>"
        for guid, title, text, hour in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Loopback News</title>'
        f"<link>http://127.0.0.1/</link>{items}</channel></rss>"
    ).encode()


@dataclass
class FeedServer:
    """Serves one RSS document at /feed.xml with an ETag; records every answer."""

    port: int
    body: bytes = b""
    answers: list[tuple[int, str | None]] = field(default_factory=list)  # (status, If-None-Match sent)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/feed.xml"

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'

    def count(self, status: int) -> int:
        return sum(1 for got, _ in list(self.answers) if got == status)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer(port=0, body=rss(ENTRIES))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/feed.xml":
                server.answers.append((404, None))
                self.send_error(404)
                return
            body, etag = server.body, server.etag
            sent = self.headers.get("If-None-Match")
            status = 304 if sent == etag else 200
            server.answers.append((status, sent))
            self.send_response(status)
            self.send_header("ETag", etag)
            if status == 304:
                self.end_headers()
                return
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield server
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def feeds_file(tmp_path: Path, *urls: str) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(
        "".join(f'[[feed]]\nurl = "{url}"\nstory = "{STORY}"\ntimezone = "Asia/Almaty"\n\n' for url in urls)
    )
    return path


def stream_items(client: redis.Redis) -> list[dict[str, Any]]:
    return [json.loads(fields["data"])["item"] for _, fields in client.xrange(keys.items_stream(STORY))]


@pytest.mark.broker
def test_beat_polls_the_feed_and_sends_only_new_or_edited_entries(
    spawn: Callable[..., Proc], client: redis.Redis, tmp_path: Path, feed_server: FeedServer
) -> None:
    env = {
        "TICKER_FEEDS": str(feeds_file(tmp_path, feed_server.url)),
        "TICKER_POLL_EVERY": "1",
        "TICKER_FETCH_ALLOW_HOSTS": "127.0.0.1",
    }
    worker = spawn(WORKER, env=env, name="worker")
    consumer = spawn(CONSUMER, name="consumer")
    worker.wait_for_log("ready.", timeout=60)
    beat = spawn([*BEAT, "--schedule", str(tmp_path / "celerybeat-schedule")], env=env, name="beat")
    stream = keys.items_stream(STORY)

    # first poll: every entry becomes an item
    wait_until(lambda: client.xlen(stream) == len(ENTRIES), 20, "the feed's entries in the stream", proc=beat)
    wait_until(lambda: summary_now(client, STORY)["items"] == len(ENTRIES), 20, "applied", proc=consumer)
    first = stream_items(client)
    assert {i["outlet"] for i in first} == {"Loopback News"}
    assert {i["title"] for i in first} == {title for _, title, _, _ in ENTRIES}

    # unchanged feed: conditional requests answered 304, nothing added
    wait_until(lambda: feed_server.count(304) >= 3, 20, "three polls answered 304", proc=beat)
    assert client.xlen(stream) == len(ENTRIES)
    assert feed_server.answers[0] == (200, None)
    assert all(sent == feed_server.etag for status, sent in feed_server.answers if status == 304)

    # one entry edited with more content, one added: one new item, one new revision of the same id
    feed_server.body = rss(EDITED)
    wait_until(lambda: client.xlen(stream) == len(ENTRIES) + 2, 20, "the edit and the new entry", proc=beat)
    after_change = feed_server.count(304)
    wait_until(lambda: feed_server.count(304) >= after_change + 2, 20, "two more 304s", proc=beat)
    items = stream_items(client)
    assert len(items) == len(ENTRIES) + 2  # nothing duplicated by the later polls
    per_id = Counter(i["id"] for i in items)
    assert sorted(per_id.values()) == [1, 1, 1, 2]
    assert len({(i["id"], i["revision"]) for i in items}) == len(items)
    (edited_id,) = [item_id for item_id, n in per_id.items() if n == 2]
    old, new = [i for i in items if i["id"] == edited_id]
    assert old["text"] == ARRESTS and new["text"].startswith(ARRESTS) and len(new["text"]) > len(old["text"])
    assert [i["title"] for i in items if per_id[i["id"]] == 1 and i not in first] == ["Troops deployed"]

    def summary_reflects_it() -> bool:
        summary = summary_now(client, STORY)
        arrested = (summary["figures"].get("arrested:people") or {}).get("current") or {}
        return summary["items"] == len(ENTRIES) + 1 and arrested.get("value") == 1000

    wait_until(
        summary_reflects_it, 20, "the summary to count 4 items and show the edited figure", proc=consumer
    )
    summary = summary_now(client, STORY)
    assert summary["figures"]["deployed:soldiers"]["current"]["value"] == 2500
    assert summary["sources"] == {"Loopback News": len(ENTRIES) + 1}
    wait_until(lambda: client.hlen(keys.outbox()) == 0, 20, "every sent item written")
    assert client.llen(keys.dead_letters()) == 0


def test_poll_once_prints_a_line_per_feed_and_fails_for_a_broken_one(
    redis_server: EmbeddedRedis, client: redis.Redis, tmp_path: Path, feed_server: FeedServer
) -> None:
    missing = feed_server.url.replace("feed.xml", "gone.xml")
    path = feeds_file(tmp_path, feed_server.url, missing)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TICKER_")}
    env.update(TICKER_FETCH_ALLOW_HOSTS="127.0.0.1", TICKER_REDIS_URL=redis_server.url)

    def poll(*extra: str) -> subprocess.CompletedProcess[str]:
        argv = [*command(["ticker"]), "poll", "--once", *extra]
        return subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env)

    first = poll("--feeds", str(path))
    assert first.returncode == 66, first.stderr
    assert first.stdout == f"{feed_server.url}  {STORY}: 3 new, 0 updated\n"
    assert first.stderr == f"error: {missing}  {STORY}: HTTP 404 Not Found\n"
    assert queued_items(client) == len(ENTRIES) == client.hlen(keys.outbox())  # sent, via the outbox

    env["TICKER_FEEDS"] = str(path)  # the same file, named by the environment
    second = poll()
    assert second.stdout == f"{feed_server.url}  {STORY}: not modified\n"
    assert queued_items(client) == len(ENTRIES)
    assert feed_server.answers.count((304, feed_server.etag)) == 1


def test_poll_refuses_a_bad_feeds_file_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text('[[feed]]\nurl = "https://example.org/rss"\nstory = "x"\n\n[[feed]]\nurl = "ftp://x/"\n')
    result = subprocess.run(
        [*command(["ticker"]), "poll", "--once", "--feeds", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 78
    assert result.stderr == f"error: {path}:5: [[feed]] #2: story: missing\n"


def test_beat_starts_without_feeds_and_refuses_a_bad_feeds_file(
    spawn: Callable[..., Proc], tmp_path: Path
) -> None:
    idle = spawn([*BEAT, "--schedule", str(tmp_path / "idle-schedule")], name="beat-idle")
    idle.wait_for_log("TICKER_FEEDS is not set: no feeds to poll", timeout=30)
    assert idle.process.poll() is None

    bad = tmp_path / "bad.toml"
    bad.write_text('[[feed]]\nurl = "https://example.org/rss"\nstory = "x"\ntimezone = "Mars/Olympus"\n')
    refused = spawn(
        [*BEAT, "--schedule", str(tmp_path / "bad-schedule")], env={"TICKER_FEEDS": str(bad)}, name="beat-bad"
    )
    assert refused.process.wait(timeout=30) == 78
    assert f"{bad}:1: [[feed]] #1: timezone: unknown time zone 'Mars/Olympus'" in refused.log()


def test_poll_once_cuts_off_a_dripping_feed_at_its_limit_and_polls_the_others(
    redis_server: EmbeddedRedis, client: redis.Redis, tmp_path: Path, feed_server: FeedServer
) -> None:
    """A feed that drips its body a byte at a time fails at TICKER_FETCH_TIMEOUT; the next feed is polled."""
    slow = DripServer(drip_body)
    try:
        slow_url = f"http://127.0.0.1:{slow.port}/slow.xml"
        path = feeds_file(tmp_path, slow_url, feed_server.url)
        env = {k: v for k, v in os.environ.items() if not k.startswith("TICKER_")}
        env.update(
            TICKER_FETCH_ALLOW_HOSTS=f"127.0.0.1:{slow.port},127.0.0.1:{feed_server.port}",
            TICKER_REDIS_URL=redis_server.url,
            TICKER_FETCH_TIMEOUT="2",
        )
        started = time.monotonic()
        result = subprocess.run(
            [*command(["ticker"]), "poll", "--once", "--feeds", str(path)],
            capture_output=True, text=True, timeout=60, env=env,
        )  # fmt: skip
        elapsed = time.monotonic() - started
    finally:
        slow.close()
    assert result.returncode == 66, result.stderr
    assert result.stderr == f"error: {slow_url}  {STORY}: timeout: not done after 2 s\n"
    assert result.stdout == f"{feed_server.url}  {STORY}: 3 new, 0 updated\n"
    assert queued_items(client) == len(ENTRIES)
    assert elapsed < 2 + 10  # the 2 s limit, plus generous slack for starting the CLI on a busy machine


def test_poll_once_follows_a_redirect_to_a_non_ascii_location(
    redis_server: EmbeddedRedis, client: redis.Redis, tmp_path: Path, feed_server: FeedServer
) -> None:
    body = rss(ENTRIES)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/go":
                self.send_response(302)
                self.send_header("Location", "/café.xml")
                self.end_headers()
                return
            status = 200 if self.path == "/caf%C3%A9.xml" else 404
            self.send_response(status)
            self.send_header("Content-Length", str(len(body) if status == 200 else 0))
            self.end_headers()
            if status == 200:
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("TICKER_")}
    env.update(TICKER_FETCH_ALLOW_HOSTS=f"127.0.0.1:{port}", TICKER_REDIS_URL=redis_server.url)
    url = f"http://127.0.0.1:{port}/go"
    try:
        result = subprocess.run(
            [*command(["ticker"]), "poll", "--once", "--feeds", str(feeds_file(tmp_path, url))],
            capture_output=True, text=True, timeout=60, env=env,
        )  # fmt: skip
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{url}  {STORY}: 3 new, 0 updated\n"
    assert queued_items(client) == len(ENTRIES)
