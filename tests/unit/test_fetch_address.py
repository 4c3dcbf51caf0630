"""The address policy of fetches: what is refused, and what the allow-list lets through (host or host:port)."""

from __future__ import annotations

import re

import pytest

from ticker.errors import SourceUnavailable
from ticker.ingest import FetchPolicy
from ticker.ingest.address import allow_entries, allowed, blocked, parse_allow_entry
from ticker.ingest.fetch import check_destination


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "10.0.0.1", "169.254.169.254", "0.0.0.0", "::1", "fe80::1", "fc00::1",
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:169.254.169.254",
        "::127.0.0.1",  # IPv4-compatible (deprecated)
        "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:c0a8:101::",  # 6to4 of 192.168.1.1
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1 (obfuscated)
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b:1::a00:1",  # local-use NAT64 of 10.0.0.1
    ],
)  # fmt: skip
def test_private_addresses_and_ipv6_forms_carrying_them_are_blocked(address: str) -> None:
    assert blocked(address)


@pytest.mark.parametrize(
    "address",
    [
        "93.184.216.34",
        "2606:2800:220:1:248:1893:25c8:1946",
        "2002:5db8:d822::1",  # 6to4 of 93.184.216.34
        "64:ff9b::5db8:d822",  # NAT64 of 93.184.216.34
    ],
)
def test_public_addresses_and_ipv6_forms_carrying_them_pass(address: str) -> None:
    assert not blocked(address)


@pytest.mark.parametrize(
    ("entry", "parsed"),
    [
        ("Feeds.Example", ("feeds.example", None)),
        ("feeds.example:8080", ("feeds.example", 8080)),
        ("127.0.0.1", ("127.0.0.1", None)),
        ("127.0.0.1:8080", ("127.0.0.1", 8080)),
        ("::1", ("::1", None)),
        ("[::1]", ("::1", None)),
        ("[::1]:8080", ("::1", 8080)),
        ("[0:0::1]:8080", ("::1", 8080)),
    ],
)
def test_allow_entries_are_a_host_or_a_host_and_port(entry: str, parsed: tuple[str, int | None]) -> None:
    assert parse_allow_entry(entry) == parsed


@pytest.mark.parametrize(
    "entry", ["host:", "host:0", "host:99999", "host:http", ":8080", "[::1", "[::1]x", "[]"]
)
def test_a_bad_allow_entry_is_refused(entry: str) -> None:
    with pytest.raises(ValueError):
        parse_allow_entry(entry)


def test_a_host_and_port_entry_admits_that_port_only() -> None:
    allow = allow_entries(["127.0.0.1:8080", "intranet.example"])
    assert allowed(allow, "127.0.0.1", 8080)
    assert not allowed(allow, "127.0.0.1", 6379)
    assert allowed(allow, "INTRANET.example", 6379)


def test_an_allowed_host_port_does_not_open_the_redis_port_to_a_redirect() -> None:
    policy = FetchPolicy(allow_hosts={"127.0.0.1:8080"}, resolver=lambda host, port: [])
    assert check_destination("http://127.0.0.1:8080/feed", policy)[:3] == ("127.0.0.1", 8080, "127.0.0.1")
    with pytest.raises(SourceUnavailable, match="blocked_destination"):
        check_destination("http://127.0.0.1:6379/", policy)


def test_an_allowed_name_resolving_privately_passes_on_its_port_only() -> None:
    policy = FetchPolicy(allow_hosts={"intranet.example:8443"}, resolver=lambda host, port: ["10.1.2.3"])
    assert check_destination("https://intranet.example:8443/rss", policy)[2] == "10.1.2.3"
    with pytest.raises(
        SourceUnavailable, match=re.escape("blocked_destination: intranet.example is 10.1.2.3")
    ):
        check_destination("http://intranet.example/rss", policy)


def test_a_name_resolving_to_a_6to4_form_of_the_metadata_address_is_refused() -> None:
    policy = FetchPolicy(resolver=lambda host, port: ["2002:a9fe:a9fe::1"])
    with pytest.raises(
        SourceUnavailable, match=re.escape("blocked_destination: evil.example is 2002:a9fe:a9fe::1")
    ):
        check_destination("http://evil.example/", policy)
