"""The hostile-input corpus in fixtures/hostile/, and what must never reach a terminal or a log raw.

Regenerate the files with ``python -m tests.chaos.hostile``; the committed copies are what the
tests read, so a reviewer sees the exact bytes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.processes import ROOT

HOSTILE_DIR = ROOT / "fixtures" / "hostile"
STORY = "hostile"

FORGED_LOG_LINE = "[2026-11-23 00:00:00,000: ERROR/MainProcess] FORGED-LOG-LINE"
# each is a way text from a news source could attack a terminal, a log or a reader
ATTACKS = {
    "clear-screen": "\x1b[2J\x1b[H",
    "window-title": "\x1b]0;pwned\x07",
    "hyperlink": "\x1b]8;;http://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
    "clipboard": "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "c1-csi": "\x9b31mred",
    "c1-nel": "line\x85break",
    "bell-backspace": "\x07\x08\x08\x08",
    "carriage-return": "safe\rEVIL",
    "nul": "nul\x00byte",
    "bidi-override": "\u202egnp.exe",
    "bidi-isolate": "\u2067isolate\u2069",
    "zero-width": "zero\u200bwidth",
    "lone-surrogate": "half \ud800 pair",
    "log-injection": f"ok\n{FORGED_LOG_LINE}",
    "log-injection-crlf": f"ok\r\n{FORGED_LOG_LINE}",
    "rich-markup": "[bold red]markup[/] [link=http://evil.example]link[/link]",
}

# Raw in the output bytes, any of these is an attack that got through.
FORBIDDEN_BYTES = {
    b"\x1b]": "OSC (title, hyperlink, clipboard)",
    b"\x1b[2J": "clear screen",
    b"\x1b[H": "cursor home",
    b"\x1bP": "DCS",
    b"\x1b_": "APC",
    b"\x00": "NUL",
    b"\x07": "BEL",
    b"\x08": "backspace",
}
FORBIDDEN_CHARS = {
    "\x9b": "C1 CSI",
    "\x85": "C1 NEL",
    "\u202e": "bidi override",
    "\u2067": "bidi isolate",
    "\u2069": "bidi pop isolate",
    "\u200b": "zero-width space",
}
_SGR = re.compile(rb"\x1b\[[0-9;]*m")


def violations(output: bytes) -> list[str]:
    """Every way ``output`` (terminal bytes) lets a hostile sequence through."""
    found = [f"{what}: {seq!r}" for seq, what in FORBIDDEN_BYTES.items() if seq in output]
    text = output.decode("utf-8", errors="surrogateescape")
    found += [f"{what}: {ch!r}" for ch, what in FORBIDDEN_CHARS.items() if ch in text]
    found += [f"undecodable byte {ch!r}" for ch in set(text) if "\udc80" <= ch <= "\udcff"]
    leftover = _SGR.sub(b"", output)  # colours are fine; any other escape is not
    if b"\x1b" in leftover:
        at = leftover.index(b"\x1b")
        found.append(f"escape sequence {leftover[at : at + 12]!r}")
    if re.search(rb"\r(?!\n)", output):
        found.append("bare carriage return")
    if re.search(rb"(^|\n)" + re.escape(FORGED_LOG_LINE.encode()), output.replace(b"\r\n", b"\n")):
        found.append("forged log line at the start of a line")
    return found


def jsonl_items() -> list[dict[str, object]]:
    """TickerItem JSON (schema 1) with every attack in title, outlet and text, and figures to fold."""
    out: list[dict[str, object]] = []
    for n, (name, attack) in enumerate(ATTACKS.items()):
        out.append(
            {
                "schema": 1,
                "type": "item",
                "id": f"{n:016x}",
                "revision": "r1",
                "story": STORY,
                "outlet": f"Outlet {attack}",
                "source": f"hostile-{name}.jsonl",
                "position": f"line {n + 1}",
                "kind": "ticker_update",
                "title": f"Title {name} {attack}",
                "text": f"The {attack} Ministry said {n + 3} protesters were arrested in Almaty. {attack}",
                "url": f"http://example.com/{name}",
                "stated_at": f"2022-01-05T{10 + n // 6:02d}:{(n % 6) * 10:02d}:00+00:00",
                "published_at": None,
                "ingested_at": "2022-01-06T00:00:00+00:00",
                "precision": "minute",
                "timezone": "Asia/Almaty",
            }
        )
    return out


def rss_feed() -> bytes:
    """A small RSS feed: attacks as character references (the XML-legal ones) and as raw bytes."""
    entries = []
    for n, (name, attack) in enumerate(ATTACKS.items()):
        escaped = "".join(
            f"&#x{ord(ch):x};" if not ch.isprintable() or ch in "<>&" else ch
            for ch in attack
            if not (0xD800 <= ord(ch) <= 0xDFFF)
        )
        entries.append(
            f"<item><title>Feed {name} {escaped}</title><guid>hostile-{n}</guid>"
            f"<link>http://example.com/feed/{n}</link>"
            f"<pubDate>Wed, 05 Jan 2022 1{n // 6}:{(n % 6) * 10:02d}:00 +0000</pubDate>"
            f"<description>Police said {n + 2} people were injured. {escaped}</description></item>"
        )
    raw_title = "Feed raw bytes \x1b]0;pwned\x07 \x1b[2J \xc2\x9b31m".encode("latin-1")
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>Hostile &#x1b;]0;feed&#x7;</title><link>http://example.com/</link>"
        "<description>hostile</description>\n" + "\n".join(entries) + "\n"
    ).encode()
    raw_item = (
        b"<item><title>" + raw_title + b"</title><guid>hostile-raw</guid>"
        b"<pubDate>Wed, 05 Jan 2022 13:00:00 +0000</pubDate><description>raw</description></item>\n"
    )
    return body + raw_item + b"</channel></rss>\n"


def write_fixtures(directory: Path = HOSTILE_DIR) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(entry, ensure_ascii=True) for entry in jsonl_items()]
    (directory / "items.jsonl").write_text("\n".join(lines) + "\n", encoding="ascii")
    (directory / "feed.xml").write_bytes(rss_feed())


if __name__ == "__main__":
    write_fixtures()
