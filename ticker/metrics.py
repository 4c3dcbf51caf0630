"""Prometheus metrics of the consumer and the web page (prometheus_client).

Counters and the commit histogram are counted where the work happens (the consumer); what
lives in Redis (lag per story, dead letters, outbox) is read from it at scrape time by
``StoreCollector``, so any process with a store can expose it. Each process builds its
metrics on its own registry: nothing is registered at import.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import redis
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from ticker.errors import ConfigError
from ticker.store import Store

log = logging.getLogger(__name__)

# commits are one Lua script: sub-millisecond on a local Redis, seconds when it is in trouble
COMMIT_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class RedisErrors:
    """``ticker_redis_errors_total{process, where}``: Redis round trips that failed."""

    def __init__(self, registry: CollectorRegistry, process: str) -> None:
        self._counter = Counter(
            "ticker_redis_errors",
            "Redis round trips that failed (connection lost, timeout, out of memory).",
            ["process", "where"],
            registry=registry,
        )
        self.process = process

    def count(self, where: str) -> None:
        self._counter.labels(self.process, where).inc()


class ConsumerMetrics:
    """What the consumer counts as it folds: items applied, changes by kind, commit latency."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.applied = Counter(
            "ticker_items_applied", "Items folded into a summary.", ["story"], registry=registry
        )
        self.changes = Counter(
            "ticker_summary_changes", "Summary changes committed, by kind.", ["kind"], registry=registry
        )
        self.commit_seconds = Histogram(
            "ticker_commit_seconds",
            "Time of one commit round trip: the Lua scripts of every story one read returned.",
            buckets=COMMIT_BUCKETS,
            registry=registry,
        )
        self.redis_errors = RedisErrors(registry, "consumer")


class StoreCollector(Collector):
    """Reads lag per story, dead letters and the outbox from Redis at each scrape.

    A scrape while Redis is away yields ``ticker_redis_up 0`` and counts the error instead
    of failing the whole endpoint: the metrics that do not need Redis still arrive.
    """

    def __init__(self, store: Callable[[], Store], errors: RedisErrors) -> None:
        self._store = store
        self._errors = errors

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily("ticker_redis_up", "Whether Redis answered this scrape.")
        try:
            store = self._store()
            lag = GaugeMetricFamily(
                "ticker_consumer_lag", "Item stream entries not folded yet, per story.", labels=["story"]
            )
            for story in store.stories():
                lag.add_metric([story], store.consumer_lag(story))
            dead = GaugeMetricFamily("ticker_dead_letters", "Inputs parked in the dead-letter list.")
            dead.add_metric([], store.dead_letter_count())
            outbox = GaugeMetricFamily("ticker_outbox_size", "Items sent to the workers, not written yet.")
            outbox.add_metric([], store.outbox_size())
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            log.warning("metrics scrape could not read Redis: %s", exc)
            self._errors.count("scrape")
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield from (up, lag, dead, outbox)


def serve_consumer_metrics(store: Store, *, host: str, port: int) -> ConsumerMetrics:
    """Start the consumer's /metrics on ``port`` (a daemon thread) and return what it counts."""
    registry = CollectorRegistry()
    metrics = ConsumerMetrics(registry)
    registry.register(StoreCollector(lambda: store, metrics.redis_errors))
    try:
        start_http_server(port, addr=host, registry=registry)
    except OSError as exc:
        raise ConfigError(f"TICKER_METRICS_PORT: cannot listen on {host}:{port}: {exc.strerror}") from exc
    return metrics


class WebMetrics:
    """What the web page counts: live connections and the events sent over them."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.live_clients = Gauge(
            "ticker_web_live_clients", "Open Server-Sent Events connections.", ["stream"], registry=registry
        )
        self.events_sent = Counter(
            "ticker_web_events_sent", "Server-Sent Events sent, by stream.", ["stream"], registry=registry
        )
        self.redis_errors = RedisErrors(registry, "web")


def web_registry(store: Store) -> tuple[CollectorRegistry, WebMetrics]:
    """The web's registry: its own counts, and what it reads from Redis at each scrape."""
    registry = CollectorRegistry()
    metrics = WebMetrics(registry)
    registry.register(StoreCollector(lambda: store, metrics.redis_errors))
    return registry, metrics
