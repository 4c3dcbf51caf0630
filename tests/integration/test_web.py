"""The live page's routes over a real Redis: pages, JSON, filters, ?at, escaping, health, metrics."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser

import pytest
from starlette.testclient import TestClient

from tests.webpage import HTML_PAYLOADS, hostile_items, sample_items, store_of, write_and_fold
from ticker import follow, keys
from ticker.embedded import EmbeddedRedis
from ticker.reader import summary_at, summary_now
from ticker.store import Store
from ticker.web import create_app

pytestmark = pytest.mark.integration

STORY = "kazakhstan-2022"


@pytest.fixture
def store(redis_server: EmbeddedRedis) -> Store:
    return store_of(redis_server.url)


@pytest.fixture
def sample(store: Store) -> Store:
    write_and_fold(store, sample_items())
    return store


@pytest.fixture
def page(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store)) as test_client:
        yield test_client


class Tags(HTMLParser):
    """Every element and attribute name of a document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.update(name for name, _ in attrs)


def tags_of(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


def currents(figures: list[dict[str, object]]) -> dict[object, object]:
    return {f["key"]: (f["current"] or {}).get("value") for f in figures}  # type: ignore[union-attr]


def test_index_lists_the_stories_and_links_their_pages(sample: Store, page: TestClient) -> None:
    response = page.get("/")
    assert response.status_code == 200
    assert f'href="/stories/{STORY}"' in response.text
    assert page.get("/api/stories").json()["stories"][0]["items"] == len(sample_items())


def test_story_page_is_a_shell_with_our_scripts_and_a_strict_policy(sample: Store, page: TestClient) -> None:
    response = page.get(f"/stories/{STORY}")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert tags_of(response.text).tags.count("script") == 2
    assert page.get("/static/page.js").status_code == 200
    assert page.get("/static/chart.js").status_code == 200


def test_unknown_or_invalid_story_is_404_and_a_bad_filter_is_400(sample: Store, page: TestClient) -> None:
    assert page.get("/stories/no-such-story").status_code == 404
    assert page.get("/api/stories/NOT..valid!/summary").status_code == 404
    bad = page.get(f"/api/stories/{STORY}/items?metric=attacking-typo")
    assert bad.status_code == 400
    assert "metric" in bad.text
    assert page.get(f"/api/stories/{STORY}/summary?at=yesterday").status_code == 400
    assert page.get(f"/stories/{STORY}/items/events", headers={"last-event-id": "x"}).status_code == 400


def test_summary_shows_every_figure_with_its_history_as_the_cli_does(sample: Store, page: TestClient) -> None:
    data = page.get(f"/api/stories/{STORY}/summary").json()
    shown = data["summary"]
    stored = summary_now(sample, STORY)
    assert currents(shown["figures"]) == {
        k: (f["current"] or {}).get("value") for k, f in stored["figures"].items()
    }
    for figure in shown["figures"]:
        history = stored["figures"][figure["key"]]["history"]
        assert len(figure["chart"]) == len([o for o in history if not o["retracted"]])
        assert [p["at"] for p in figure["chart"]] == sorted(p["at"] for p in figure["chart"])
    assert data["position"] == sample.last_entry_id(keys.changes_stream(STORY))
    assert shown["developments"] and shown["actors"]


def test_at_shows_what_was_known_then(sample: Store, page: TestClient) -> None:
    times = sorted(i.sort_time for i in sample_items())
    middle = times[len(times) // 2]
    data = page.get(f"/api/stories/{STORY}/summary", params={"at": middle.isoformat()}).json()["summary"]
    then = summary_at(sample, STORY, middle)
    assert data["items"] == then["items"] < len(times)
    assert currents(data["figures"]) == {
        k: (f["current"] or {}).get("value") for k, f in then["figures"].items()
    }
    assert data["at"] == middle.isoformat()
    items = page.get(f"/api/stories/{STORY}/items", params={"at": middle.isoformat()}).json()["items"]
    assert len(items) == then["items"]
    assert all(datetime.fromisoformat(i["at"]) <= middle for i in items)


@pytest.mark.parametrize(
    "query",
    [{"metric": "arrested"}, {"outlet": "merkur"}, {"category": "arrests"}, {"entity": "tokayev"},
     {"since": "2022-01-08T00:00"}, {"metric": "killed", "outlet": "tagesschau"}],
)  # fmt: skip
def test_item_filters_are_the_ones_of_tail(sample: Store, page: TestClient, query: dict[str, str]) -> None:
    got = page.get(f"/api/stories/{STORY}/items", params=query).json()
    stream = keys.items_stream(STORY)
    parsed = {**query}
    since = parsed.pop("since", None)
    filters = follow.Filters(**parsed, since=datetime.fromisoformat(since + "+00:00") if since else None)
    expected = [
        e.entry_id for e in follow.decode_entries(stream, sample.entries(stream)) if filters.accept(e.item)
    ]
    assert expected, "the filter should keep something of the sample"
    assert [i["id"] for i in got["items"]] == list(reversed(expected))  # newest first
    assert len(expected) < len(sample_items()) or not query


def test_metric_filter_takes_the_names_the_page_shows(sample: Store, page: TestClient) -> None:
    url = f"/api/stories/{STORY}/items"
    by_name = [i["id"] for i in page.get(url, params={"metric": "arrested"}).json()["items"]]
    assert by_name
    for shown in ("people arrested", "arrests", "ARRESTED"):
        assert [i["id"] for i in page.get(url, params={"metric": shown}).json()["items"]] == by_name
    unknown = page.get(url, params={"metric": "arestd"})
    assert unknown.status_code == 400 and "arrested" in unknown.text


def test_topic_filter_keeps_only_that_topic(sample: Store, page: TestClient) -> None:
    url = f"/api/stories/{STORY}/items"
    every = page.get(url).json()["items"]
    topic = every[0]["topic"]
    kept = page.get(url, params={"topic": topic}).json()["items"]
    assert kept and all(i["topic"] == topic for i in kept)
    assert page.get(url, params={"topic": "gardening"}).status_code == 400


def test_hostile_source_text_never_becomes_markup(store: Store, page: TestClient) -> None:
    items = hostile_items()
    write_and_fold(store, items)
    for path in ("/", "/stories/hostile"):
        html = page.get(path).text
        found = tags_of(html)
        assert set(found.tags) <= {"html", "head", "meta", "title", "link", "script", "body", "header", "a",
                                   "h1", "h2", "p", "main", "ul", "ol", "li", "span", "section", "div",
                                   "form", "label", "select", "option", "input", "button", "noscript"}  # fmt: skip
        assert not any(name.startswith("on") for name in found.attributes)
        assert found.tags.count("script") == (2 if "stories" in path else 0)
    got = page.get("/api/stories/hostile/items", params={"limit": 100})
    assert got.headers["content-type"] == "application/json"
    feed = got.json()["items"]
    assert len(feed) == len(items)
    shown = " ".join(f"{i['outlet']} {i['title']} {i['text']}" for i in feed)
    assert all(payload in shown for payload in HTML_PAYLOADS)  # as text, for the page to set as text
    assert "\x1b" not in shown and "\u202e" not in shown  # terminal and bidi controls escaped, as in tail
    assert all(i["url"] == "" or i["url"].startswith("http") for i in feed)  # no javascript: links


def test_healthz_says_whether_redis_answers(redis_server: EmbeddedRedis, page: TestClient) -> None:
    assert page.get("/healthz").json() == {"status": "ok"}
    redis_server.kill()
    response = page.get("/healthz")
    assert response.status_code == 503
    assert page.get("/").status_code == 503
    metrics = page.get("/metrics").text
    assert "ticker_redis_up 0.0" in metrics
    assert 'ticker_redis_errors_total{process="web",where="healthz"} 1.0' in metrics


def test_metrics_read_lag_dead_letters_and_outbox_from_redis(sample: Store, page: TestClient) -> None:
    sample.park("test", {"raw": 1})
    late = sample_items()[0]
    sample.stage(late)
    text = page.get("/metrics").text
    assert f'ticker_consumer_lag{{story="{STORY}"}} 0.0' in text
    assert "ticker_dead_letters 1.0" in text
    assert "ticker_outbox_size 1.0" in text
    assert "ticker_redis_up 1.0" in text
