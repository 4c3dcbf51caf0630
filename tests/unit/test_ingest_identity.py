"""A feed entry's id is its normalised guid/link: the same in any file or poll; new content is a revision."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ticker.ingest import FeedState, changed_entries, parse_feed_bytes
from ticker.ingest.identity import canonical_url, entry_key

NOW = datetime(2031, 3, 9, 18, 45, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        (
            "HTTPS://News.Example.ORG:443/a/b?id=3&utm_source=rss&utm_medium=feed#comments",
            "https://news.example.org/a/b?id=3",
        ),
        ("http://news.example.org:80/a", "http://news.example.org/a"),
        ("http://news.example.org:8080/a?fbclid=Q", "http://news.example.org:8080/a"),
        ("https://news.example.org", "https://news.example.org/"),
        ("https://news.example.org/Path/Case", "https://news.example.org/Path/Case"),
    ],
)
def test_urls_are_normalised_for_identity(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


def test_a_bare_guid_is_qualified_by_its_feed_and_a_url_guid_is_not() -> None:
    assert entry_key("123", "", feed="A", fallback="t") != entry_key("123", "", feed="B", fallback="t")
    url = "https://x.example/1"
    assert entry_key(url, "", feed="A", fallback="t") == entry_key(url + "#x", "", feed="B", fallback="u")
    assert entry_key("", url, feed="A", fallback="t") == entry_key(url, "", feed="A", fallback="t")


def rss(guid: str, text: str, link: str = "https://x.example/story?utm_campaign=c") -> bytes:
    return (
        '<rss version="2.0"><channel><title>Example Wire</title><item><title>Flood update</title>'
        f"<guid>{guid}</guid><link>{link}</link><description>{text}</description>"
        "<pubDate>Sun, 09 Mar 2031 17:02:11 GMT</pubDate></item></channel></rss>"
    ).encode()


def test_the_same_entry_in_two_files_has_one_id_and_new_text_is_a_new_revision() -> None:
    first = parse_feed_bytes(
        rss("https://x.example/story", "Rivers rise."), source="snap-1.xml", story="s", now=NOW
    )
    again = parse_feed_bytes(
        rss("HTTPS://X.example/story#top", "Rivers rise."), source="/tmp/snap-2.xml", story="s", now=NOW
    )
    edited = parse_feed_bytes(
        rss("https://x.example/story", "Rivers rise further."),
        source="https://mirror.example/feed",
        story="s",
        now=NOW,
    )
    (a,), (b,), (c,) = first.items, again.items, edited.items
    assert a.id == b.id == c.id
    assert a.revision == b.revision != c.revision
    # a poll sees the edit as news, the unchanged re-read as nothing
    assert changed_entries(FeedState(), [a])[0] == [a]
    _, state = changed_entries(FeedState(), [a])
    assert changed_entries(state, [b])[0] == []
    assert changed_entries(state, [c])[0] == [c]


def test_an_entry_without_guid_is_named_by_its_normalised_link() -> None:
    one = parse_feed_bytes(
        rss("", "x", link="https://x.example/s?utm_source=a"), source="a.xml", story="s", now=NOW
    )
    two = parse_feed_bytes(
        rss("", "x", link="https://x.example/s?utm_source=b"), source="b.xml", story="s", now=NOW
    )
    assert one.items[0].id == two.items[0].id
