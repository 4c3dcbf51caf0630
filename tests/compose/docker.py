"""A Docker engine and a compose command for the compose tests, or the reason there is none."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path


class NoDocker(Exception):
    """Raised with the reason the compose tests cannot run here (they skip with it)."""


def engine_answers() -> bool:
    return subprocess.run(["docker", "info"], capture_output=True, timeout=60).returncode == 0


def start_engine(log_path: Path, timeout: float = 90.0) -> subprocess.Popen[bytes]:
    """Start dockerd (root only) and wait until it answers; NoDocker if it cannot."""
    if shutil.which("dockerd") is None:
        raise NoDocker("no Docker engine is running and there is no dockerd binary to start one")
    if os.geteuid() != 0:
        raise NoDocker("no Docker engine is running and starting dockerd needs root")
    with log_path.open("wb") as log:
        daemon = subprocess.Popen(["dockerd"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + timeout
    while not engine_answers():
        if daemon.poll() is not None or time.monotonic() > deadline:
            stop_engine(daemon)
            tail = log_path.read_text(errors="replace").strip().splitlines()[-1:]
            raise NoDocker(f"dockerd did not start: {' '.join(tail) or 'no output'}")
        time.sleep(0.5)
    return daemon


def stop_engine(daemon: subprocess.Popen[bytes]) -> None:
    if daemon.poll() is None:
        daemon.terminate()
        try:
            daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()


def compose_command() -> list[str]:
    """`docker compose` (the v2 plugin) if present, else Debian's `docker-compose` (v1)."""
    plugin = subprocess.run(["docker", "compose", "version"], capture_output=True)
    if plugin.returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    raise NoDocker("neither `docker compose` nor `docker-compose` is installed")


LOCAL_IMAGES = {"BASE_IMAGE": "ticker-base:bookworm", "REDIS_IMAGE": "ticker-redis:bookworm"}


def have_image(name: str) -> bool:
    return subprocess.run(["docker", "image", "inspect", name], capture_output=True).returncode == 0


def build_local_images(script: Path) -> dict[str, str]:
    """Base and Redis images from Debian's packages (scripts/local-docker-images; kept by tag)."""
    if shutil.which("debootstrap") is None and not all(map(have_image, LOCAL_IMAGES.values())):
        raise NoDocker("debootstrap is not installed: no local base image can be built")
    result = subprocess.run(
        [str(script)], env={**os.environ, **LOCAL_IMAGES}, capture_output=True, text=True, timeout=1200
    )
    assert result.returncode == 0, f"{script.name} failed:\n{result.stderr[-3000:]}"
    return dict(LOCAL_IMAGES)
