"""A RabbitMQ virtual host of a test's own on the machine's RabbitMQ (127.0.0.1:5672), made with
``rabbitmqctl`` and deleted afterwards, so a test touches no queue it did not make."""

from __future__ import annotations

import shutil
import socket
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

RABBIT = ("127.0.0.1", 5672)


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)


def _rabbit_answers() -> bool:
    try:
        with socket.create_connection(RABBIT, timeout=2):
            return True
    except OSError:
        return False


@contextmanager
def rabbit_vhost() -> Iterator[str]:
    """An AMQP URL on a new virtual host; the test is skipped, saying why, where none can be made."""
    if not _rabbit_answers():
        pytest.skip(f"no RabbitMQ answers on {RABBIT[0]}:{RABBIT[1]}")
    if shutil.which("rabbitmqctl") is None:
        pytest.skip("rabbitmqctl is not installed: a test's own virtual host cannot be made")
    vhost = f"ticker-test-{uuid.uuid4().hex[:12]}"
    try:
        _rabbitmqctl("add_vhost", vhost)
        _rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    except (subprocess.CalledProcessError, OSError) as exc:
        pytest.skip(f"rabbitmqctl could not make a virtual host: {exc}")
    try:
        yield f"amqp://guest:guest@{RABBIT[0]}:{RABBIT[1]}/{vhost}"
    finally:
        _rabbitmqctl("delete_vhost", vhost)


def messages_held(url: str) -> int:
    """Messages in every queue of the virtual host at ``url``, ready or delivered but unacknowledged."""
    vhost = url.rsplit("/", 1)[1]
    out = subprocess.run(
        ["rabbitmqctl", "-q", "list_queues", "-p", vhost, "--no-table-headers", "messages"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    return sum(int(line) for line in out.split())
