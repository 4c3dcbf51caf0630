"""The live page in a real browser: Debian's chromium driven by Playwright (no browser download).

Skipped with the reason where chromium or Playwright is missing; a failure in CI (CI=true),
where .ci/run installs chromium.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.processes import ROOT, wait_until
from tests.webpage import HTML_PAYLOADS, hostile_items, sample_items, serving, write_and_fold
from ticker import keys
from ticker.config import Settings
from ticker.dispatch import enqueue
from ticker.embedded import free_port
from ticker.models import TickerItem
from ticker.reader import summary_now
from ticker.runner import LocalPipeline, local_pipeline, wait_applied
from ticker.terminal import figure_label

pytestmark = pytest.mark.integration

CHROMIUM = os.environ.get("TICKER_CHROMIUM", "/usr/bin/chromium")
STORY = "kazakhstan-2022"
# the README's picture is refreshed on request: TICKER_WEB_SCREENSHOT=docs/web.png
SCREENSHOT = os.environ.get("TICKER_WEB_SCREENSHOT")
WAIT_MS = 60_000  # generous: the machine may be busy; the page itself updates within a second


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: CI must have it (.ci/run installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed (pip install -e '.[dev]')")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _missing(f"chromium is not at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def pipeline() -> Iterator[LocalPipeline]:
    with local_pipeline(Settings()) as pipe:
        yield pipe


def replay(pipe: LocalPipeline, items: list[TickerItem]) -> None:
    for item in items:
        enqueue(pipe.app, item, pipe.store)
    assert wait_applied(pipe.store, items, timeout=120) == len(items)


def news(base: TickerItem, numbers: range) -> list[TickerItem]:
    return [
        replace(
            base, id=f"{0xB000 + n:016x}", title=f"Browser item {n}", text=f"Browser item {n}: talks resumed."
        )
        for n in numbers
    ]


def feed_ids(page: Any) -> list[str]:
    ids: list[str] = page.eval_on_selector_all("#feed li", "items => items.map(i => i.dataset.id)")
    return ids


def test_page_shows_figures_and_charts_then_follows_live_and_resumes_after_a_drop(
    browser: Any, pipeline: LocalPipeline
) -> None:
    items = sample_items()
    replay(pipeline, items)
    summary = summary_now(pipeline.store, STORY)
    port = free_port()
    # the test's own probes are evaluated strings, which the page's policy forbids
    page = browser.new_page(viewport={"width": 1200, "height": 1500}, bypass_csp=True)
    with serving(pipeline.store, port) as server:
        page.goto(f"{server.url}stories/{STORY}")
        page.wait_for_function("document.getElementById('status').textContent === 'live'", timeout=WAIT_MS)
        figures = page.text_content("#figures")
        for figure in summary["figures"].values():
            assert figure_label(figure["metric"], figure["subject"]) in figures
            if figure["current"]:
                assert (
                    f"{figure['current']['value']:,}" in figures or figure["current"]["qualifier"] in figures
                )
        charted = [k for k, f in summary["figures"].items() if any(not o["retracted"] for o in f["history"])]
        assert page.locator("#chart-list svg.chart").count() == len(charted)
        assert page.locator("#chart-list svg.chart polyline").count() == len(charted)
        assert len(feed_ids(page)) == len(items)
        if SCREENSHOT:
            page.screenshot(path=str(ROOT / SCREENSHOT))
        page.evaluate("window.notReloaded = true")

        first = news(items[0], range(1))
        replay(pipeline, first)
        page.wait_for_function(
            "[...document.querySelectorAll('#feed li')].some(li => li.textContent.includes('Browser item 0'))",
            timeout=WAIT_MS,
        )
        assert page.evaluate("window.notReloaded") is True
        page.wait_for_function(
            f"document.getElementById('as-of').textContent.includes('version {summary['version'] + 1}')",
            timeout=WAIT_MS,
        )

    # the server is gone: the page's connection dropped; items arrive meanwhile
    page.wait_for_function("document.getElementById('status').textContent !== 'live'", timeout=WAIT_MS)
    later = news(items[0], range(1, 4))
    replay(pipeline, later)
    with serving(pipeline.store, port):
        page.wait_for_function(
            "n => document.querySelectorAll('#feed li').length >= n",
            arg=len(items) + 4,
            timeout=WAIT_MS,
        )
        page.wait_for_function("document.getElementById('status').textContent === 'live'", timeout=WAIT_MS)
        wait_until(lambda: len(feed_ids(page)) == len(items) + 4, 30, "the feed settled")
        ids = feed_ids(page)
        stream_ids = [e for e, _ in pipeline.store.entries(keys.items_stream(STORY))]
        assert sorted(ids) == sorted(stream_ids)  # every item once: none missed, none twice
        assert page.evaluate("window.notReloaded") is True
    page.close()


def test_hostile_text_is_shown_as_text_and_never_runs(browser: Any, pipeline: LocalPipeline) -> None:
    items = hostile_items()
    write_and_fold(pipeline.store, items)
    # without the page's policy: escaping alone must keep the payloads inert
    page = browser.new_page(bypass_csp=True)
    with serving(pipeline.store) as server:
        page.goto(f"{server.url}stories/hostile")
        page.wait_for_function(
            "n => document.querySelectorAll('#feed li').length === n", arg=len(items), timeout=WAIT_MS
        )
        feed = page.text_content("#feed")
        assert all(payload in feed for payload in HTML_PAYLOADS)
        assert page.evaluate("window.pwned") is None
        assert page.locator("script").count() == 2
        assert page.locator("img, iframe, object, embed, #feed svg, #feed b, #feed script").count() == 0
        handlers = page.evaluate(
            "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))"
            ".filter(n => n.startsWith('on'))"
        )
        assert handlers == []
        links = page.eval_on_selector_all("#feed a", "links => links.map(a => a.href)")
        assert not any(link.startswith("javascript:") for link in links)
    page.close()
