"""Which feed entry an entry is: its guid or link, normalised, whatever file or URL it was read from.

A snapshot saved to disk, the same feed polled again and a mirror under another
address all carry the same entry; only its content may change (a new revision).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ticker.ingest.text import item_id

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Query parameters that say how a reader arrived, never which page it is.
_TRACKING = re.compile(r"^(utm_\w*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|igshid)$", re.I)
_GLOBAL_ID = re.compile(r"^(https?://|tag:|urn:)", re.I)


def canonical_url(url: str) -> str:
    """``url`` with scheme and host lower-cased, no default port, no fragment, no tracking parameters."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return url
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    if parts.username or parts.password:
        credentials = parts.username or ""
        host = f"{credentials}{':' + parts.password if parts.password else ''}@{host}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    )
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def entry_key(guid: str, link: str, *, feed: str, fallback: str) -> str:
    """The identity of a feed entry.

    A URL, ``tag:`` or ``urn:`` guid (or, without a guid, the link) names the entry
    everywhere; a bare guid ("12345") is only unique within its feed, so the feed's
    name qualifies it. ``fallback`` (title and date) serves an entry with neither.
    """
    guid, link = guid.strip(), link.strip()
    for value in (guid, link):
        if value and _GLOBAL_ID.match(value):
            return canonical_url(value) if value.lower().startswith("http") else value
    if guid:
        return f"{feed}\0{guid}"
    return f"{feed}\0{fallback}"


def entry_id(story: str, key: str) -> str:
    """An entry's item id: its key within the story, never the file or URL it came from."""
    return item_id(story, "feed entry", "", key)
