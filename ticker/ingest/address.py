"""Which destinations a fetch may reach: the address policy and the allow-list, pure.

An address is blocked unless it is on the public internet; an IPv6 address that carries
an IPv4 one (IPv4-mapped, IPv4-compatible, 6to4, Teredo, NAT64) is judged by what it
carries too, since a relay or the kernel may deliver it there. Allow-list entries are
``host`` (any port) or ``host:port`` (``[v6]:port`` for an IPv6 literal).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
AllowEntry = tuple[str, int | None]  # (lower-case host or address, port or None for any)

_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]*|\d+)(\.(0x[0-9a-f]*|\d+)){0,3}$", re.I)
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


def _not_public(ip: IPAddress) -> bool:
    return bool(
        ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved
        or ip.is_unspecified or not ip.is_global
    )  # fmt: skip


def translated_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped or NAT64 address stands for: the one reached."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if any(ip in net for net in _NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def tunnelled_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses a 6to4, Teredo or IPv4-compatible address carries to a relay."""
    found = [ip.sixtofour] if ip.sixtofour is not None else []
    if ip.teredo is not None:
        found.extend(ip.teredo)  # (server, client)
    if int(ip) >> 32 == 0 and int(ip) > 1:  # ::a.b.c.d, the deprecated IPv4-compatible form
        found.append(ipaddress.IPv4Address(int(ip)))
    return found


def blocked(address: str) -> bool:
    """Loopback, private, link-local, multicast, reserved or unspecified: not the public internet.

    An IPv4-mapped or NAT64 address is judged by the IPv4 address it stands for; a 6to4,
    Teredo or IPv4-compatible one is blocked as well when an address it carries is.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        translated = translated_ipv4(ip)
        if translated is not None:
            return _not_public(translated)
        if any(_not_public(v4) for v4 in tunnelled_ipv4(ip)):
            return True
        if ip.sixtofour is not None or ip.teredo is not None:
            # judged by what they carry alone: Python releases disagree on whether 2002::/16 and
            # 2001::/32 are global (3.11.2 with Debian's patches says private, 3.11.7 global)
            return False
    return _not_public(ip)


def literal_address(host: str) -> str | None:
    """The address an IP literal names, legacy forms included (2130706433, 0x7f.1, 0177.0.0.1).

    C resolvers read those numeric forms as IPv4, so they are decoded here, without
    asking DNS, rather than be mistaken for names. Raises ValueError for a numeric
    host no resolver would accept.
    """
    host = host.rstrip(".")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if not _NUMERIC_HOST.match(host):
        return None
    try:
        return socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        raise ValueError(f"{host!r} is not an IPv4 address") from None


def parse_allow_entry(entry: str) -> AllowEntry:
    """``host``, ``host:port`` or ``[v6]:port`` (a bare IPv6 literal means any port); ValueError if bad."""
    text = entry.strip().lower()
    host, port_text = text, ""
    if text.startswith("["):
        host, sep, rest = text[1:].partition("]")
        if not sep or not host or (rest and not rest.startswith(":")):
            raise ValueError(f"{entry!r} is not host, host:port or [v6]:port")
        if not rest:
            return _canonical(host), None
        port_text = rest[1:]
    elif text.count(":") == 1:
        host, port_text = text.split(":")
    if not host:
        raise ValueError(f"{entry!r} names no host")
    if text.startswith("[") or text.count(":") == 1:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ValueError(f"{entry!r}: the port must be a number from 1 to 65535")
        return _canonical(host), int(port_text)
    return _canonical(host), None


def _canonical(host: str) -> str:
    host = host.rstrip(".")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host


def allow_entries(entries: Iterable[str]) -> frozenset[AllowEntry]:
    return frozenset(parse_allow_entry(entry) for entry in entries)


def allowed(allow: frozenset[AllowEntry], host: str, port: int) -> bool:
    """Whether ``host`` (a name or an address) at ``port`` is on the allow-list."""
    name = _canonical(host.lower())
    return (name, None) in allow or (name, port) in allow
