"""The composition root of the one-process mode: Redis, a worker and the consumer in this process.

`ticker run` (the no-setup mode) replays sources through ``local_pipeline``: a throwaway
redis-server unless given a URL, a Celery worker process (started again, with backoff,
whenever it exits on its own) and a consumer thread, with a live display. With cli.py, the
only library module that imports ``workers/``.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

from celery import Celery
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from ticker.config import Settings
from ticker.connection import connect
from ticker.consumer import Consumer, default_name
from ticker.dispatch import Batcher, reconcile
from ticker.embedded import EmbeddedRedis
from ticker.errors import TickerError
from ticker.ingest import paced
from ticker.models import EnrichedItem, TickerItem
from ticker.reader import summary_now
from ticker.shares import Shares
from ticker.store import Store
from ticker.supervise import Backoff, Supervised
from ticker.terminal import item_line

# the compose worker's command (prefork: the task time limit holds), quiet: stdout is the summary's
WORKER = [sys.executable, "-m", "celery", "--quiet", "-A", "workers", "worker", "--pool", "prefork",
          "--concurrency", "1", "--without-gossip", "--without-mingle", "--loglevel", "WARNING"]  # fmt: skip


@dataclass
class LocalPipeline:
    url: str
    settings: Settings
    app: Celery
    store: Store
    consumer: Consumer
    worker: Supervised


@contextmanager
def local_pipeline(
    settings: Settings,
    *,
    url: str | None = None,
    on_applied: Callable[[EnrichedItem], None] | None = None,
    backoff: Backoff | None = None,
) -> Iterator[LocalPipeline]:
    """Redis (embedded unless ``url``), a supervised worker process, a consumer thread; stopped on exit."""
    from workers.celery import create_app

    with ExitStack() as stack:
        if url is None:
            server = EmbeddedRedis(appendonly=False)
            stack.callback(server.close)
            url = server.start().url
        settings = settings.with_redis(url)
        # an app of its own: Celery keeps a pool of broker connections per app, and a shared app
        # would keep publishing to the Redis of an earlier pipeline in this process
        app = create_app(settings)
        stack.callback(app.close)
        client = connect(url, settings, block_seconds=2)
        store = Store(client, settings)
        # as `ticker consume` does: an item the broker lost (a worker killed between taking a
        # message and recording it as unacknowledged) is still in the outbox and is sent again
        name = default_name()
        consumer = Consumer(
            store,
            name=name,
            shares=Shares(store, name),  # with consumers already on this Redis, it takes its share
            block_ms=200,
            on_applied=on_applied,
            claim_every=5.0,
            housekeeping=lambda: reconcile(store, app),
            housekeeping_every=max(1.0, min(30.0, settings.reconcile_after / 2)),
        )
        stop = threading.Event()
        thread = threading.Thread(target=consumer.run, args=(stop,), name="ticker-consumer", daemon=True)
        worker_env = {**os.environ, "TICKER_REDIS_URL": url, "TICKER_BROKER_URL": settings.broker_url or url}
        worker = Supervised("worker", WORKER, env=worker_env, backoff=backoff)
        stack.callback(worker.stop)
        worker.start()
        thread.start()

        def halt() -> None:
            stop.set()
            thread.join(timeout=10)

        stack.callback(halt)
        yield LocalPipeline(url, settings, app, store, consumer, worker)


def wait_applied(
    store: Store,
    items: Sequence[TickerItem],
    *,
    timeout: float,
    progress: Callable[[int], None] = lambda n: None,
) -> int:
    deadline = time.monotonic() + timeout
    while True:
        done = store.applied_count(items)
        progress(done)
        if done >= len(items) or time.monotonic() > deadline:
            return done
        time.sleep(0.1)


def run_story(
    items: Sequence[TickerItem],
    settings: Settings,
    *,
    url: str | None,
    speed: float | None,
    timeout: float,
    out: Console,
    note: Callable[[str], None] = lambda message: None,
    max_gap: float | None = 2.0,
    show: Callable[[list[dict[str, Any]]], None] = lambda summaries: None,
    web: tuple[str, int] | None = None,
    announce: Callable[[str], None] = lambda line: None,
) -> list[dict[str, Any]]:
    """Replay ``items`` through workers and the consumer; ``show`` the final summary of each story.

    ``out`` shows the progress and each item as it reaches the summary; ``note`` is told
    when items were in this Redis's summaries before (they are folded once, so not shown).
    With ``web`` (host, port) the live page is served from the start of the replay and, once
    the summaries are shown, until Ctrl-C; Redis and the pipeline stay up for it meanwhile.
    """
    ours = {item.version_key for item in items}
    stories = sorted({item.story for item in items})
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    progress = Progress(*columns, console=out, transient=True)
    tasks = _Tasks(
        progress.add_task("replayed", total=len(items)), progress.add_task("in summary", total=len(items))
    )

    def show_item(enriched: EnrichedItem) -> None:  # the consumer thread, as each item is folded
        out.print(item_line(enriched, story=len(stories) > 1))
        if enriched.item.version_key in ours:
            progress.advance(tasks.done)

    with ExitStack() as stack:
        pipe = stack.enter_context(local_pipeline(settings, url=url, on_applied=show_item))
        if web is not None:
            from ticker.web import BackgroundServer

            server = BackgroundServer(pipe.store, *web).start()
            stack.callback(server.stop)
            announce(f"live page: {server.url}")
        known = pipe.store.applied_count(items)
        if known:
            note(already_known(known, len(items), stories))
        progress.update(tasks.done, completed=known)  # before the first time it is drawn
        with progress:
            summaries = _replay(pipe, items, progress, tasks, speed=speed, max_gap=max_gap, timeout=timeout)
        show(summaries)
        if web is not None:
            announce(f"serving the live page at {server.url} until Ctrl-C")
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                announce("stopped serving")
        return summaries


@dataclass(frozen=True)
class _Tasks:
    sent: TaskID
    done: TaskID


def already_known(known: int, total: int, stories: Sequence[str]) -> str:
    """Why a replay into a Redis that has seen these items shows none of them again."""
    return (
        f"{known} of {total} items were in the summary of {', '.join(stories)} already: each item"
        " revision is folded once, so replaying them changes nothing and they are not shown again"
    )


def _replay(
    pipe: LocalPipeline,
    items: Sequence[TickerItem],
    progress: Progress,
    tasks: _Tasks,
    *,
    speed: float | None,
    max_gap: float | None,
    timeout: float,
) -> list[dict[str, Any]]:
    with Batcher.configured(pipe.app, pipe.store) as batcher:
        for item in paced(items, speed=speed, max_gap=max_gap):
            batcher.add(item)
            progress.advance(tasks.sent)
    applied = wait_applied(
        pipe.store,
        items,
        timeout=timeout,
        progress=lambda n: progress.update(tasks.done, completed=n),
    )
    if applied < len(items):
        raise TickerError(f"only {applied} of {len(items)} items reached the summary within {timeout:.0f}s")
    stories = sorted({item.story for item in items})
    return [summary_now(pipe.store, story) for story in stories]
