"""The `ticker` command. It owns exit codes and stderr; the library never prints.

Exit codes: 0 ok, 1 unexpected, 2 usage, 65 bad input data, 66 input missing (a source,
or a story the Redis has no items of), 69 Redis or redis-server unavailable, 77 Redis
refused our credentials or permissions, 78 configuration error, 130 interrupted.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import redis

from ticker import follow
from ticker.config import Settings
from ticker.connection import client, connect, refusal
from ticker.errors import ConfigError, NoSuchItem, NoSuchStory, RedisUnavailable, TickerError
from ticker.escape import clean
from ticker.heartbeat import DEFAULT_MAX_AGE
from ticker.models import EnrichedItem, Metric, Precision, TickerItem, TimeBound, Topic, dumps
from ticker.terminal import console, item_line, print_summary

if TYPE_CHECKING:
    from ticker.evaluate.table import Line
    from ticker.store import Store

log = logging.getLogger("ticker")

# shipped as package data (fixtures/stories links to it), so `ticker run` works from any directory
SAMPLE_STORY = Path(__file__).resolve().parent / "data" / "stories" / "kazakhstan-2022"
DEFAULT_URL = "redis://127.0.0.1:6379/0"


def sample_story() -> Path:
    if (SAMPLE_STORY / "manifest.json").exists():
        return SAMPLE_STORY
    raise ConfigError(f"no sources given and the sample story is missing from the package: {SAMPLE_STORY}")


def settings_for(url: str | None) -> Settings:
    settings = Settings.from_env()
    return settings.with_redis(url) if url else settings


def store_for(url: str | None, *, block_seconds: float = 0.0, ping: bool = True) -> Store:
    """The store of the Redis at ``url``; with ``ping``, once it has answered (fails fast and clearly)."""
    from ticker.store import Store

    settings = settings_for(url)
    redis_url = settings.redis_url or DEFAULT_URL
    if not ping:
        return Store(client(redis_url, settings, block_seconds=block_seconds), settings)
    return Store(connect(redis_url, settings, block_seconds=block_seconds), settings)


def chosen_stories(store: Store, story: str | None, hint: str = "") -> list[str]:
    """``story``, or every story; a name this Redis has no items of is refused (exit 66)."""
    known = store.stories()
    if (story is None and known) or story in known:
        return [story] if story else known
    raise NoSuchStory(story, known, hint)


def error_line(message: str) -> None:
    click.echo(f"error: {clean(message)}", err=True)


def warning_line(message: str) -> None:
    click.echo(f"warning: {clean(message)}", err=True)


class SourceItems:
    """The items of the sources, with their problems already reported on stderr.

    A bad source or position never hides the good items: the command works with
    those and ends with ``finish()``, which exits non-zero if anything was wrong.
    """

    def __init__(self, paths: Sequence[str], story: str | None) -> None:
        from ticker.ingest import read_sources

        result = read_sources(list(paths), story=story)
        for warning in result.warnings:
            warning_line(str(warning))
        for problem in result.errors:
            error_line(str(problem))
        if result.errors and not result.items:
            sys.exit(result.errors[0].exit_code)  # each problem is on stderr once already
        self.items = list(result.items)
        self.errors = list(result.errors)

    def finish(self) -> None:
        if self.errors:
            sys.exit(self.errors[0].exit_code)


def setup_logging(verbose: int) -> None:
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


class EventTime(click.ParamType[TimeBound]):
    """An ISO 8601 time ("2022-01-08T12:00", "2022-01-08 12:00+06:00"; no zone means UTC), or a
    day ("2022-01-08"), which each item reads as that calendar day in its own zone."""

    name = "time"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> TimeBound:
        if isinstance(value, TimeBound):
            return value
        if isinstance(value, datetime):
            return TimeBound(value if value.tzinfo else value.replace(tzinfo=UTC))
        try:
            return TimeBound.parse(str(value))
        except ValueError:
            example = "2022-01-08T12:00 or 2022-01-08"
            self.fail(f"{clean(str(value))!r} is not a time like {example}", param, ctx)


class MetricName(click.ParamType[str]):
    """A metric by its name, the label the summary shows ("attackers", "people arrested") or
    another form of the word ("arrests"); anything else is refused with a suggestion."""

    name = "metric"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(m.value for m in Metric) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from ticker.figure_names import close_metrics, metric_named

        metric = metric_named(str(value))
        if metric is None:
            close = close_metrics(str(value), limit=1)
            hint = f"; did you mean {close[0].value!r}?" if close else ""
            known = ", ".join(m.value for m in Metric)
            self.fail(f"unknown metric {clean(str(value))!r}{hint} (one of: {known})", param, ctx)
        return metric.value

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[click.shell_completion.CompletionItem]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(m.value) for m in Metric if m.value.startswith(incomplete)]


url_option = click.option(
    "--redis-url", envvar="TICKER_REDIS_URL", default=None, help="Redis to use [env TICKER_REDIS_URL]."
)
story_option = click.option(
    "--story", default=None, help="Story name (default: all stories / from the source)."
)


@click.group()
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
@click.version_option(package_name="ticker")
def cli(verbose: int) -> None:
    """ticker: live tickers, articles and feeds in; "what we know now" out."""
    setup_logging(verbose)


@cli.command()
@click.argument("sources", nargs=-1)
@url_option
@click.option("--speed", type=float, default=None, help="Playback speed: 60 plays an hour in a minute.")
@click.option("--duration", type=float, default=8.0, show_default=True, help="Play the story in ~N seconds.")
@click.option("--fast", is_flag=True, help="No pacing: as fast as possible.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print the final summary as JSON (the items go to stderr)."
)
@click.option(
    "--timeout", type=float, default=120.0, show_default=True, help="Seconds to wait for the pipeline."
)
@click.option("--web", is_flag=True, help="Also serve the live page; keep serving it until Ctrl-C.")
def run(
    sources: tuple[str, ...],
    redis_url: str | None,
    speed: float | None,
    duration: float,
    fast: bool,
    as_json: bool,
    timeout: float,
    web: bool,
) -> None:
    """Run the whole pipeline on SOURCES (default: the sample story) and print the summary.

    Without --redis-url a throwaway redis-server, a worker and the consumer run in
    this process and are gone when it ends (with --web: when you press Ctrl-C).
    """
    from ticker.runner import run_story

    paths = list(sources) or [str(sample_story())]
    reading = SourceItems(paths, None)
    items = reading.items
    out = console()
    pace = None if fast else (speed or _speed_for(items, duration))
    settings = settings_for(redis_url)

    def show(summaries: list[dict[str, Any]]) -> None:
        for summary in summaries:
            if as_json:
                click.echo(json.dumps(summary, indent=2, ensure_ascii=True))
            else:
                print_summary(out, summary)

    run_story(
        items,
        settings,
        url=redis_url,
        speed=pace,
        timeout=timeout,
        out=console(stderr=True) if as_json else out,  # with --json, stdout is the JSON alone
        note=lambda message: click.echo(f"note: {clean(message)}", err=True),
        show=show,
        web=(settings.web_host, settings.web_port) if web else None,
        announce=lambda line: click.echo(line, err=True),
    )
    reading.finish()


def _speed_for(items: Sequence[TickerItem], duration: float) -> float | None:
    if len(items) < 2 or duration <= 0:
        return None
    span = (max(i.sort_time for i in items) - min(i.sort_time for i in items)).total_seconds()
    return max(span / duration, 1.0)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@url_option
@story_option
@click.option("--speed", type=float, default=None, help="60 plays one hour of news in one minute.")
@click.option("--fast", is_flag=True, help="As fast as possible (the default without --speed).")
@click.option("--max-gap", type=float, default=None, help="Cap each wait at N seconds.")
@click.option(
    "--echo/--no-echo",
    default=None,
    help="A line per item sent on stderr (default: only when stderr is a terminal).",
)
def replay(
    sources: tuple[str, ...],
    redis_url: str | None,
    story: str | None,
    speed: float | None,
    fast: bool,
    max_gap: float | None,
    echo: bool | None,
) -> None:
    """Play SOURCES back in event-time order into the workers' queue."""
    from ticker.dispatch import Batcher
    from ticker.ingest import paced
    from workers.celery import app, configure

    reading = SourceItems(sources, story)
    items = reading.items
    settings = settings_for(redis_url)
    configure(app, settings)
    store = store_for(redis_url)  # fails fast and clearly when Redis is not there
    sent = 0
    # a line per item costs about as much CPU as sending it: for people watching, not for logs
    echo = sys.stderr.isatty() if echo is None else echo
    with Batcher.configured(app, store) as batcher:
        for item in paced(items, speed=None if fast else speed, max_gap=max_gap):
            batcher.add(item)
            sent += 1
            if echo:
                click.echo(
                    f"{item.event_time:%Y-%m-%d %H:%M}  {clean(item.outlet)}  {clean(item.title, width=90)}",
                    err=True,
                )
    click.echo(f"replayed {sent} items", err=True)
    reading.finish()


@cli.command()
@url_option
@click.option(
    "--feeds",
    "feeds_file",
    envvar="TICKER_FEEDS",
    default=None,
    help="TOML file of [[feed]] tables [env TICKER_FEEDS].",
)
@click.option("--once", is_flag=True, help="Poll each feed once and exit (non-zero if one failed).")
def poll(redis_url: str | None, feeds_file: str | None, once: bool) -> None:
    """Poll the configured feeds; send new and edited entries to the workers.

    One line per feed and poll. Without --once it polls again every TICKER_POLL_EVERY
    seconds until stopped: what `celery -A workers beat` does, without beat.
    """
    from ticker.feedconfig import load_feeds
    from ticker.poll import fetch_policy, poll_feed
    from workers.celery import app, configure

    settings = settings_for(redis_url)
    path = feeds_file or settings.feeds_file
    if not path:
        raise ConfigError("no feeds to poll: give --feeds FILE or set TICKER_FEEDS")
    feeds = load_feeds(path)
    configure(app, settings)
    store = store_for(redis_url)
    policy = fetch_policy(settings)
    stop = threading.Event()
    if not once:
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    while True:
        failed = []
        for feed in feeds:
            result = poll_feed(feed, app=app, store=store, policy=policy)
            if result.failed:
                failed.append(result)
                click.echo(f"error: {result.line()}", err=True)
            else:
                click.echo(result.line())
        if once:
            if failed:
                sys.exit(failed[0].exit_code)
            return
        if stop.wait(settings.poll_every):
            return


@cli.command()
@url_option
@click.option("--story", "stories", multiple=True, help="Only these stories (default: every story).")
@click.option("--name", default=None, help="Consumer name in the group (default: host-pid).")
@click.option(
    "--heartbeat",
    "heartbeat_file",
    envvar="TICKER_HEARTBEAT",
    default=None,
    help="Touch this file while the loop turns, for `ticker alive` [env TICKER_HEARTBEAT].",
)
def consume(
    redis_url: str | None, stories: tuple[str, ...], name: str | None, heartbeat_file: str | None
) -> None:
    """Fold the item streams into the live summaries until stopped (SIGTERM/SIGINT)."""
    from ticker.consumer import Consumer, default_name
    from ticker.dispatch import reconcile
    from ticker.heartbeat import Heartbeat
    from ticker.shares import Shares
    from workers.celery import app, configure

    settings = settings_for(redis_url)
    configure(app, settings)
    # a daemon waits for Redis (started later, restarted) instead of exiting: no ping here
    store = store_for(redis_url, block_seconds=2, ping=False)
    heartbeat = Heartbeat(heartbeat_file) if heartbeat_file else None
    metrics = None
    if settings.metrics_port:
        from ticker.metrics import serve_consumer_metrics

        metrics = serve_consumer_metrics(store, host=settings.metrics_host, port=settings.metrics_port)
        click.echo(f"metrics on http://{settings.metrics_host}:{settings.metrics_port}/metrics", err=True)
    name = name or default_name()
    consumer = Consumer(
        store,
        name=name,
        stories=list(stories) or None,
        # consumers given no stories share all of them; one given stories folds just those
        shares=None if stories else Shares(store, name),
        housekeeping=lambda: reconcile(store, app),
        housekeeping_every=min(30.0, settings.reconcile_after / 2),
        heartbeat=heartbeat.beat if heartbeat else None,
        metrics=metrics,
    )
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    click.echo(f"consumer {clean(consumer.name)} running", err=True)
    consumer.run(stop)
    stats = consumer.stats
    click.echo(f"consumer stopped: applied {stats.applied}, duplicates {stats.duplicates}", err=True)


@cli.command()
@url_option
@story_option
@click.option("-n", "--lines", default=20, show_default=True, help="Show the last N items first.")
@click.option("--follow/--no-follow", "keep_following", default=True, show_default=True)
@click.option("--category", default=None)
@click.option(
    "--topic",
    type=click.Choice([t.value for t in Topic]),
    default=None,
    help="Items of this IPTC top-level topic.",
)
@click.option(
    "--entity", default=None, help="Items naming this actor, organisation or place (any alias, any case)."
)
@click.option(
    "--metric",
    type=MetricName(),
    default=None,
    help="Items with a figure of this metric, by its name or the label the summary shows"
    " ('attackers', 'people arrested', 'arrests'); what each counts: README, 'Figures'.",
)
@click.option("--outlet", default=None)
@click.option("--since", type=EventTime(), default=None, help="Items with event time after this (ISO 8601).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def tail(
    redis_url: str | None,
    story: str | None,
    lines: int,
    keep_following: bool,
    category: str | None,
    topic: str | None,
    entity: str | None,
    metric: str | None,
    outlet: str | None,
    since: TimeBound | None,
    as_json: bool,
) -> None:
    """Print the latest items, then follow the stream (no gap, no duplicate)."""
    filters = follow.Filters(category, entity, metric, outlet, since, topic)
    store = store_for(redis_url, block_seconds=2)
    if story:  # without --story an empty Redis is fine: tail follows the stories that start
        chosen_stories(store, story, hint="without --story, tail also follows stories that start later")
    streams = follow.story_streams(store, story)
    out = console()
    seen = set() if story else set(store.stories())  # with several stories, each line names its own

    def show(entry: EnrichedItem) -> None:
        if not filters.accept(entry):
            return
        if as_json:
            click.echo(entry.to_json())
            return
        seen.add(entry.item.story)
        out.print(item_line(entry, story=story is None and len(seen) > 1))

    entries, positions = follow.backfill(store, streams, lines, keep=lambda e: filters.accept(e.item))
    for got in entries:
        show(got.item)
    if not keep_following:
        return
    for got in follow.follow(
        lambda: store_for(redis_url, block_seconds=2),
        positions,
        warn=lambda m: error_line(f"warning: {m}"),
        # without --story, stories that start after tail are followed too
        discover=None if story else lambda conn: follow.story_streams(conn, None),
    ):
        show(got.item)


@cli.command()
@url_option
@story_option
@click.option("--json", "as_json", is_flag=True, help="The summary as JSON (schema 1).")
@click.option(
    "--at", "at", type=EventTime(), default=None, help="What was known at this event time (ISO 8601)."
)
def summary(redis_url: str | None, story: str | None, as_json: bool, at: TimeBound | None) -> None:
    """Show "what we know now" for a story."""
    from ticker.reader import summary_at, summary_now

    store = store_for(redis_url)
    names = chosen_stories(store, story)
    out = console()
    for name in names:
        data = summary_now(store, name) if at is None else summary_at(store, name, at)
        if as_json:
            click.echo(json.dumps(data, indent=2, ensure_ascii=True))
        else:
            print_summary(out, data, at=at)


@cli.command()
@url_option
@click.option("--host", default=None, help="Address to listen on [env TICKER_WEB_HOST; default 127.0.0.1].")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=None, help="Port [env TICKER_WEB_PORT; default 8000]."
)
def web(redis_url: str | None, host: str | None, port: int | None) -> None:
    """Serve the live page of every story, with /healthz and /metrics, until stopped."""
    from ticker.web import serve
    from ticker.web.server import address

    settings = settings_for(redis_url).with_web(host, port)
    # the page starts while Redis is away and says so on /healthz: no ping here
    store = store_for(redis_url, block_seconds=2, ping=False)
    click.echo(f"serving the live page at {address(settings.web_host, settings.web_port)}", err=True)
    serve(store, settings.web_host, settings.web_port)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@story_option
@click.option("--json", "as_json", is_flag=True, help="JSON lines of TickerItems (schema 1).")
def parse(sources: tuple[str, ...], story: str | None, as_json: bool) -> None:
    """Read SOURCES into ticker items and print them (no Redis needed)."""
    from ticker.ingest import read_sources

    result = read_sources(list(sources), story=story)
    for item in result.items:
        if as_json:
            click.echo(dumps(item.to_dict()))
        else:
            click.echo(
                f"{parse_time(item)} {item.precision.value:<8} "
                f"{clean(item.outlet, width=20):<20} {clean(item.position):<9} "
                f"{clean(item.title or item.text, width=80)}"
            )
    for warning in result.warnings:
        warning_line(str(warning))
    for problem in result.errors:
        error_line(str(problem))
    if result.errors:
        sys.exit(result.errors[0].exit_code)


def parse_time(item: TickerItem) -> str:
    """When, for ``parse``: UTC to the minute, or the source's calendar day for a date-only item."""
    if item.precision is Precision.DAY:
        return f"{item.event_date:%Y-%m-%d} date only"
    return f"{item.event_time:%Y-%m-%d %H:%M}Z"


@cli.command(name="eval")
@click.option(
    "--key",
    "key_path",
    type=click.Path(exists=True, dir_okay=False),
    help="One answer key: a seed key, a live-blog key (<name>_key.json), article gold, or labelled "
    "news bullets (Wikipedia current-events JSONL, WikiTimes JSON).",
)
@click.option(
    "--dev",
    "dev_dir",
    type=click.Path(exists=True, file_okay=False),
    help="A dev directory: score every liveblogs/*_key.json and articles/*.json in it.",
)
@click.option(
    "--silver",
    "silver_dir",
    type=click.Path(exists=True, file_okay=False),
    help="A silver set (silver_points.jsonl, liveblogs/): headline figures right per point, and "
    "minutes each story's headline was wrong; in-process, no Redis.",
)
@click.option("--cased", is_flag=True, help="With --silver: score each story's cased/ copy.")
@click.option("--blogs", default=None, help="With --silver: only these stories (NAME,NAME).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@click.argument("sources", nargs=-1)
def evaluate_command(
    key_path: str | None,
    dev_dir: str | None,
    silver_dir: str | None,
    cased: bool,
    blogs: str | None,
    as_json: bool,
    sources: tuple[str, ...],
) -> None:
    """Score extraction against answer keys and print the result.

    A seed key scores SOURCES (default: the sample story) and prints precision and recall.
    A live-blog key scores its story folder beside it (plain and cased text), article gold
    scores its articles, and --dev scores all of a dev directory: one table line per check
    with its value, target and PASS/MISS. --silver scores a silver set's points as its
    score_silver.py does, and the minutes each story's headline figure was wrong. Misses do
    not change the exit status (0); a key or points file that cannot be read exits 65.
    """
    from ticker.evaluate import evaluate
    from ticker.evaluate.bullets import is_bullet_file
    from ticker.evaluate.keys import SeedKey, read_key
    from ticker.evaluate.run import dev_lines, key_lines, table_lines

    if sum(given is not None for given in (key_path, dev_dir, silver_dir)) != 1:
        raise click.UsageError("give one of --key KEY, --dev DIR or --silver DIR")
    if silver_dir is None and (cased or blogs is not None):
        raise click.UsageError("--cased and --blogs go with --silver DIR")
    if silver_dir is not None:
        if sources:
            raise click.UsageError("SOURCES go with a seed key only; the silver set names its own")
        echo_silver(Path(silver_dir), cased=cased, blogs=blogs, as_json=as_json)
        return
    if key_path and is_bullet_file(Path(key_path)):
        if sources:
            raise click.UsageError("SOURCES go with a seed key only; other keys name their own sources")
        echo_table(key_lines(Path(key_path)), as_json=as_json)
        return
    key = None if dev_dir else read_key(str(key_path))
    if not isinstance(key, SeedKey):
        if sources:
            raise click.UsageError("SOURCES go with a seed key only; other keys name their own sources")
        echo_table(table_lines(key) if key else dev_lines(Path(str(dev_dir))), as_json=as_json)
        return
    from ticker.enrich import enrich

    items = SourceItems(list(sources) or [str(sample_story())], None).items
    report = evaluate(key.data, [(item, enrich(item)) for item in items])
    if as_json:
        click.echo(dumps({"schema": 1, "type": "eval_seed", **asdict(report)}))
    else:
        click.echo(report.to_text())


def echo_silver(root: Path, *, cased: bool, blogs: str | None, as_json: bool) -> None:
    from ticker.evaluate.silver import UnknownBlogs, render, score_set

    names = [name.strip() for name in (blogs or "").split(",") if name.strip()]
    if blogs is not None and not names:
        raise click.BadParameter("names no story", param_hint="--blogs")
    try:
        report = score_set(root, cased=cased, blogs=names or None)
    except UnknownBlogs as exc:
        raise click.BadParameter(str(exc), param_hint="--blogs") from exc
    if as_json:
        click.echo(dumps(report.to_dict()))
    else:
        click.echo(clean(render(report), keep_newlines=True))


def echo_table(lines: Sequence[Line], *, as_json: bool) -> None:
    from ticker.evaluate.table import render

    if as_json:
        click.echo(dumps({"schema": 1, "type": "eval", "lines": [line.to_dict() for line in lines]}))
    else:
        click.echo(clean(render(lines), keep_newlines=True))


@cli.command()
@url_option
@click.option("-n", "--lines", default=20, show_default=True, help="Show the newest N parked inputs.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
def dlq(redis_url: str | None, lines: int, as_json: bool) -> None:
    """Show inputs the workers or the consumer parked instead of processing, and why."""
    for parked in store_for(redis_url).dead_letters(lines):
        if as_json:
            click.echo(parked.raw_json)
            continue
        reason = clean(parked.reason, width=120)
        click.echo(f"{clean(parked.parked_at)}  {clean(parked.where, width=40)}  {reason}")


@cli.command()
@click.argument("text", required=False)
@click.option("--title", default="", help="The item's title, read before the text as enrichment does.")
@click.option(
    "--year", type=int, default=None, help="The item's year: an earlier year makes a figure background."
)
@url_option
@click.option("--story", default=None, help="With --item: the story of a stored item.")
@click.option(
    "--item", "item_id", default=None, help="Explain this stored item (with --story) and its figures."
)
@click.option("--json", "as_json", is_flag=True, help="The explanation as JSON.")
def explain(
    text: str | None,
    title: str,
    year: int | None,
    redis_url: str | None,
    story: str | None,
    item_id: str | None,
    as_json: bool,
) -> None:
    """Why each number of TEXT became a figure or not: the rules that fired, the claim, the claimant.

    With --story S --item ID, the stored item's text, and for each figure it touched, why the
    summary's current value is what it is.
    """
    from ticker.explain import explain_in_summary, explain_text, lines

    if (text is None) == (item_id is None) or (item_id is None) != (story is None):
        raise click.UsageError("give TEXT, or --story S with --item ID")
    if item_id is not None and story is not None:
        store = store_for(redis_url)
        chosen_stories(store, story)
        stored = _stored_item(store, story, item_id)
        explained = explain_in_summary(
            explain_text(stored.text, stored.title, stored.event_time.year), store.summary(story), stored.id
        )
    else:
        explained = explain_text(str(text), title, year)
    if as_json:
        click.echo(dumps({"schema": 1, "type": "explain", "numbers": [e.to_dict() for e in explained]}))
        return
    for line in lines(explained):
        click.echo(("    " if line.startswith("    ") else "") + clean(line))


def _stored_item(store: Store, story: str, item_id: str) -> TickerItem:
    """The newest stored revision of an item of the story (exit 66 when it has none)."""
    from ticker import keys

    stream = keys.items_stream(story)
    found = [
        e.item.item for e in follow.decode_entries(stream, store.entries(stream)) if e.item.item.id == item_id
    ]
    if not found:
        raise NoSuchItem(f"story {story!r} has no item {item_id!r}")
    return found[-1]


@cli.command()
@click.argument("heartbeat_file", envvar="TICKER_HEARTBEAT")
@click.option(
    "--max-age",
    type=click.FloatRange(min=0),
    default=DEFAULT_MAX_AGE,
    show_default=True,
    help="Seconds since the last beat that still count as alive.",
)
def alive(heartbeat_file: str, max_age: float) -> None:
    """Exit 0 if `ticker consume --heartbeat HEARTBEAT_FILE` beat within --max-age; else 1 (a healthcheck)."""
    from ticker.heartbeat import age

    since = age(heartbeat_file)
    if since is None:
        error_line(f"{heartbeat_file}: no heartbeat yet")
        sys.exit(1)
    if since > max_age:
        error_line(f"{heartbeat_file}: last heartbeat {since:.0f}s ago, more than {max_age:g}s")
        sys.exit(1)
    click.echo(f"alive: last heartbeat {since:.0f}s ago")


def main(argv: Sequence[str] | None = None) -> None:
    try:
        cli.main(args=list(argv) if argv is not None else None, standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except TickerError as exc:
        error_line(str(exc))
        sys.exit(exc.exit_code)
    except redis.RedisError as exc:  # after the connection was made: a refusal, or Redis went away
        mapped = refusal(exc) or (
            RedisUnavailable(f"lost Redis: {exc}")
            if isinstance(exc, redis.ConnectionError | redis.TimeoutError)
            else None
        )
        if mapped is None:
            raise
        error_line(str(mapped))
        sys.exit(mapped.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
