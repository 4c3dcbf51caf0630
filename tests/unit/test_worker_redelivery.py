"""A task that cannot send its retry puts its message back; a lost ack neither stalls the worker
nor holds its message for long."""

from __future__ import annotations

from unittest import mock

import pytest
import redis
from celery import Task
from celery.exceptions import Reject
from kombu.exceptions import OperationalError
from kombu.transport import redis as kombu_redis

from ticker.config import Settings
from workers import tasks
from workers.celery import create_app, restore_every


def test_a_retry_the_broker_refuses_requeues_the_message_instead_of_dropping_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(self: Task, *args: object, **kwargs: object) -> None:  # type: ignore[type-arg]
        raise Reject(OperationalError("Error 111 connecting"), requeue=False)  # what Celery raises

    monkeypatch.setattr(Task, "retry", refused)
    with pytest.raises(Reject) as raised:
        tasks.enrich_item.retry(exc=ConnectionError("Redis went away"))
    assert raised.value.requeue is True
    assert "Error 111" in str(raised.value.reason)


@pytest.mark.parametrize(("visibility", "every"), [(3600, 10), (30, 6), (10, 2), (3, 1)])
def test_unacknowledged_messages_are_swept_well_within_the_visibility_timeout(
    visibility: int, every: int
) -> None:
    assert restore_every(visibility) == every
    app = create_app(Settings(visibility_timeout=visibility, task_time_limit=visibility - 1))
    options = app.conf.broker_transport_options
    assert options["unacked_restore_interval"] == every and options["unacked_restore_throttle"] == 1


def test_an_ack_that_meets_a_dead_redis_still_frees_the_prefetch_slot() -> None:
    import workers.celery  # noqa: F401 - applies the kombu patch

    qos = kombu_redis.QoS(mock.Mock(do_restore=False), prefetch_count=1)  # no restore at exit
    qos._delivered["tag-1"] = mock.Mock()
    qos._remove_from_indices = mock.Mock(side_effect=redis.ConnectionError("Redis went away"))
    assert not qos.can_consume()
    with pytest.raises(redis.ConnectionError):
        qos.ack("tag-1")
    assert qos.can_consume()  # else, with prefetch 1, the worker never asks for a message again
