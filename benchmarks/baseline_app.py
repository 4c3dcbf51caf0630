"""The baseline the pipeline benchmarks compare with: a bare two-step Celery chain on the same
broker settings (JSON, acks_late, prefetch 1). Step one XADDs the payload to a stream, step two
counts the message and publishes its id; nothing is parsed, enriched or folded.

    celery -A benchmarks.baseline_app worker -Q bench ...
"""

from __future__ import annotations

import os
from typing import Any

import redis
from celery import Celery, chain

from ticker.config import Settings
from workers.celery import configure

QUEUE = "bench"
STREAM = "bench:stream"
DONE = "bench:done"
CHANNEL = "bench:live"

app = Celery("bench")
configure(app, Settings.from_env())
app.conf.task_default_queue = QUEUE

_clients: dict[int, redis.Redis] = {}


def client() -> redis.Redis:
    pid = os.getpid()
    if pid not in _clients:
        _clients.clear()
        _clients[pid] = redis.Redis.from_url(app.conf.ticker_redis_url, decode_responses=True)
    return _clients[pid]


@app.task(name="bench.append")
def append(ident: str, payload: str) -> str:
    client().xadd(STREAM, {"id": ident, "data": payload}, maxlen=100_000, approximate=True)
    return ident


@app.task(name="bench.count")
def count(ident: str) -> None:
    pipe = client().pipeline()
    pipe.incr(DONE)
    pipe.publish(CHANNEL, ident)
    pipe.execute()


def producer(url: str) -> Celery:
    """A sending app of its own per run: each run has a new Redis, and kombu keeps connections."""
    sender = Celery("bench-producer")
    configure(sender, Settings().with_redis(url))
    return sender


def send(sender: Celery, ident: str, payload: str) -> Any:
    steps = sender.signature("bench.append", args=(ident, payload)), sender.signature("bench.count")
    return chain(*steps).apply_async(queue=QUEUE)
