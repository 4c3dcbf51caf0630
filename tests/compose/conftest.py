"""A Docker engine for the compose tests: the running one, or a dockerd started here and stopped after."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest

from tests.compose.docker import NoDocker, compose_command, engine_answers, start_engine, stop_engine


@pytest.fixture(scope="session")
def compose(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """The compose command to run (`docker compose` or `docker-compose`), with an engine answering it."""
    if shutil.which("docker") is None:
        pytest.skip("no docker binary")
    daemon: subprocess.Popen[bytes] | None = None
    try:
        command = compose_command()
        if not engine_answers():
            daemon = start_engine(tmp_path_factory.mktemp("dockerd") / "dockerd.log")
    except NoDocker as reason:
        pytest.skip(str(reason))
    yield command
    if daemon is not None:
        stop_engine(daemon)
