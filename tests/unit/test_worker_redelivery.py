"""A task that cannot send its retry puts its message back; lost acknowledgements are swept up soon."""

from __future__ import annotations

import pytest
from celery import Task
from celery.exceptions import Reject
from kombu.exceptions import OperationalError

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
