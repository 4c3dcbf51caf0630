"""Messages nobody should send: a pickle payload and an unregistered task, pushed raw onto the queue."""

from __future__ import annotations

import base64
import json
import pickle
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.chaos.conftest import Pipeline, burst
from ticker import keys

pytestmark = [pytest.mark.chaos, pytest.mark.integration]


class CreatesAFile:
    """Unpickling this opens (creates) a file: proof that a pickle payload was deserialized."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return (open, (self.path, "w"))


def forged(template: dict[str, Any], *, task: str | None = None, pickled: object = None) -> str:
    """A copy of a real broker message with a new id, another task name or a pickle body."""
    message = json.loads(json.dumps(template))
    ident = str(uuid.uuid4())
    message["headers"].update(id=ident, root_id=ident)
    message["properties"].update(correlation_id=ident, delivery_tag=str(uuid.uuid4()))
    if task is not None:
        message["headers"]["task"] = task
    if pickled is not None:
        body = pickle.dumps(((pickled,), {}, {"callbacks": None, "errbacks": None, "chain": None}))
        message.update(
            body=base64.b64encode(body).decode(),
            **{"content-type": "application/x-python-serialize", "content-encoding": "binary"},
        )
    return json.dumps(message)


@pytest.mark.timeout(120)
def test_pickle_and_unregistered_task_messages_are_refused_and_later_items_applied(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    items = burst("hostile-messages", 11)
    pipeline.publish(items[:1])
    template = json.loads(pipeline.client.lindex(keys.TASK_QUEUE, 0))
    marker = tmp_path / "pickle-was-loaded"
    pipeline.client.lpush(keys.TASK_QUEUE, forged(template, pickled=CreatesAFile(marker)))
    pipeline.client.lpush(keys.TASK_QUEUE, forged(template, task="evil.task"))
    pipeline.publish(items[1:])

    worker = pipeline.worker()
    pipeline.consumer()
    pipeline.settle(timeout=60)
    verdict = pipeline.verdict()
    assert verdict.ok, verdict
    assert not marker.exists()
    log = worker.log()
    assert "Refusing to deserialize untrusted content of type pickle" in log
    assert "Received unregistered task of type 'evil.task'" in log
    assert worker.process.poll() is None
