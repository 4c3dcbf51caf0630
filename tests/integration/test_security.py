"""Credentials and TLS go through the same URL setting; each failure has its own exit code."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
import redis

from tests.processes import WORKER, command
from ticker.embedded import EmbeddedRedis, free_port

pytestmark = pytest.mark.integration


def ticker(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command(["ticker"]), *args], capture_output=True, text=True, timeout=60)


@pytest.fixture
def password_redis(tmp_path: Path) -> EmbeddedRedis:
    server = EmbeddedRedis(data_dir=str(tmp_path), extra_args=("--requirepass", "s3cret"))
    server.start()
    yield server  # type: ignore[misc]
    server.close()


def test_right_password_works_and_wrong_one_exits_77(password_redis: EmbeddedRedis) -> None:
    port = password_redis.port
    ok = ticker("dlq", "--redis-url", f"redis://:s3cret@127.0.0.1:{port}/0")
    assert ok.returncode == 0, ok.stderr
    bad = ticker("dlq", "--redis-url", f"redis://:wrong@127.0.0.1:{port}/0")
    assert bad.returncode == 77
    assert bad.stderr.startswith("error: Redis authentication failed at redis://127.0.0.1:")
    assert "wrong" not in bad.stderr  # the password is never echoed


def test_unknown_url_scheme_is_a_configuration_error() -> None:
    result = ticker("dlq", "--redis-url", "http://127.0.0.1:1/0")
    assert result.returncode == 78
    assert result.stderr.startswith("error: invalid Redis URL")


def _make_tls_material(directory: Path) -> tuple[Path, Path, Path]:
    ca_key, ca_crt = directory / "ca.key", directory / "ca.crt"
    key, csr, crt = directory / "redis.key", directory / "redis.csr", directory / "redis.crt"
    run = lambda *args: subprocess.run(["openssl", *args], check=True, capture_output=True)  # noqa: E731
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(ca_key), "-out", str(ca_crt),
        "-days", "1", "-subj", "/CN=ticker-test-ca")  # fmt: skip
    run(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        str(key),
        "-out",
        str(csr),
        "-subj",
        "/CN=127.0.0.1",
    )
    ext = directory / "ext.cnf"
    ext.write_text("subjectAltName=IP:127.0.0.1\n")
    run("x509", "-req", "-in", str(csr), "-CA", str(ca_crt), "-CAkey", str(ca_key), "-CAcreateserial",
        "-out", str(crt), "-days", "1", "-extfile", str(ext))  # fmt: skip
    return ca_crt, crt, key


def test_tls_url_reaches_a_tls_only_redis(tmp_path: Path) -> None:
    ca, crt, key = _make_tls_material(tmp_path)
    tls_port = free_port()
    server = EmbeddedRedis(
        data_dir=str(tmp_path),
        extra_args=("--port", "0", "--tls-port", str(tls_port), "--tls-cert-file", str(crt),
                    "--tls-key-file", str(key), "--tls-ca-cert-file", str(ca), "--tls-auth-clients", "no"),
    )  # fmt: skip
    server.port = tls_port
    try:
        server.process = subprocess.Popen(
            [server.binary, "--dir", server.data_dir, "--save", "", *server.extra_args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"rediss://127.0.0.1:{tls_port}/0?ssl_ca_certs={ca}"
        result = None
        for _ in range(50):
            result = ticker("dlq", "--redis-url", url)
            if result.returncode == 0:
                break
        assert result is not None and result.returncode == 0, result.stderr
        plain = ticker("dlq", "--redis-url", f"redis://127.0.0.1:{tls_port}/0")
        assert plain.returncode == 69
    finally:
        server.close()


def _weak_user(server: EmbeddedRedis) -> str:
    """An ACL user that may connect and PING, and nothing else: no keys, no other commands."""
    admin = redis.Redis(port=server.port, password="s3cret")
    admin.execute_command("ACL", "SETUSER", "weak", "on", ">pw", "+ping", "+hello", "+auth")
    admin.close()
    return f"redis://weak:pw@127.0.0.1:{server.port}/0"


@pytest.mark.parametrize("args", [("dlq",), ("summary",), ("tail", "--no-follow"), ("consume",)])
def test_a_user_without_permissions_is_one_line_and_exit_77(
    password_redis: EmbeddedRedis, args: tuple[str, ...]
) -> None:
    result = ticker(*args, "--redis-url", _weak_user(password_redis))
    assert result.returncode == 77, result.stderr
    lines = [line for line in result.stderr.splitlines() if not line.startswith("consumer ")]  # its banner
    assert len(lines) == 1 and lines[0].startswith("error: Redis refused access: "), result.stderr


def test_the_consumer_gives_up_on_a_wrong_password_with_exit_77(password_redis: EmbeddedRedis) -> None:
    result = ticker("consume", "--redis-url", f"redis://:wrong@127.0.0.1:{password_redis.port}/0")
    assert result.returncode == 77, result.stderr
    assert result.stderr.splitlines()[-1].startswith("error: Redis refused the consumer's credentials: ")
    assert "wrong" not in result.stderr


@pytest.mark.parametrize("credentials", ["wrong", "weak"])
def test_a_worker_refuses_bad_credentials_at_start_up_with_exit_77(
    password_redis: EmbeddedRedis, credentials: str
) -> None:
    url = (
        _weak_user(password_redis)
        if credentials == "weak"
        else f"redis://:wrong@127.0.0.1:{password_redis.port}/0"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("TICKER_")}
    result = subprocess.run(
        [*command(WORKER)], env={**env, "TICKER_REDIS_URL": url}, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 77, result.stderr
    assert "error: Redis " in result.stderr
    assert "Traceback" not in result.stderr


def test_tls_to_a_plain_port_is_unavailable_within_10_seconds(password_redis: EmbeddedRedis) -> None:
    """The plain server takes the TLS hello as the start of a command and waits: we must not."""
    started = time.monotonic()
    result = ticker("dlq", "--redis-url", f"rediss://127.0.0.1:{password_redis.port}/0")
    assert result.returncode == 69, result.stderr
    assert result.stderr.startswith(
        f"error: cannot connect to Redis at rediss://127.0.0.1:{password_redis.port}"
    )
    assert time.monotonic() - started < 10
