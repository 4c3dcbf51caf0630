"""A throwaway three-node Redis Cluster (no replicas) on free loopback ports, for tests."""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

import redis

from ticker.embedded import EmbeddedRedis

BUS_OFFSET = 10_000  # a node's cluster bus listens on its port + 10,000


def _free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def cluster_port() -> int:
    """A free port whose bus port is free too (an ephemeral port may be too high for one)."""
    for _ in range(100):
        port = random.randrange(20_000, 65_535 - BUS_OFFSET)
        if _free(port) and _free(port + BUS_OFFSET):
            return port
    raise RuntimeError("no free port pair for a cluster node")


class LocalCluster:
    """Three cluster-enabled redis-servers joined with ``redis-cli --cluster create``."""

    def __init__(self, data_dir: Path, nodes: int = 3) -> None:
        self.data_dir = data_dir
        self.servers: list[EmbeddedRedis] = []
        for index in range(nodes):
            node_dir = data_dir / f"node-{index}"
            node_dir.mkdir(parents=True, exist_ok=True)
            self.servers.append(
                EmbeddedRedis(
                    port=cluster_port(),
                    appendonly=False,
                    data_dir=str(node_dir),
                    extra_args=(
                        "--cluster-enabled", "yes",
                        "--cluster-config-file", str(node_dir / "nodes.conf"),
                        "--cluster-node-timeout", "5000",
                    ),
                )
            )  # fmt: skip

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.servers[0].port}/0"

    @property
    def addresses(self) -> list[str]:
        return [f"127.0.0.1:{server.port}" for server in self.servers]

    def start(self, timeout: float = 30.0) -> LocalCluster:
        try:
            return self._start(timeout)
        except BaseException:  # no node outlives a cluster that failed to form
            self.close()
            raise

    def _start(self, timeout: float) -> LocalCluster:
        for server in self.servers:
            server.start()
        cli = shutil.which("redis-cli")
        assert cli is not None, "redis-cli is not installed"
        subprocess.run(
            [cli, "--cluster", "create", *self.addresses, "--cluster-replicas", "0", "--cluster-yes"],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        deadline = time.monotonic() + timeout
        while not all(self._ok(server) for server in self.servers):
            if time.monotonic() > deadline:
                raise TimeoutError("the cluster did not reach cluster_state:ok")
            time.sleep(0.1)
        return self

    def _ok(self, server: EmbeddedRedis) -> bool:
        node = redis.Redis(host="127.0.0.1", port=server.port, decode_responses=True, socket_timeout=2)
        try:
            info = str(node.execute_command("CLUSTER", "INFO"))
            # every node must also know every slot's owner, or a client may be sent astray
            return "cluster_state:ok" in info and f"cluster_known_nodes:{len(self.servers)}" in info
        finally:
            node.close()

    def close(self) -> None:
        for server in self.servers:
            server.close()

    def __enter__(self) -> LocalCluster:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
