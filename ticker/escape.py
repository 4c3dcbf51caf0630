"""Makes untrusted text safe to show: every control, format or unassigned character escaped.

News text comes from outlets and feeds we do not control: an escape sequence in a
title could rewrite the user's terminal, a bidi override could disguise a line.
``clean`` turns every such character into a visible ``\\uXXXX``. Pure: workers and the
poller use it for their log lines without loading a terminal library.
"""

from __future__ import annotations

import unicodedata

# Cc (controls, incl. ESC, C1, NUL, DEL), Cf (format: bidi overrides, zero-width), Cs, Co, Cn
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def clean(text: str, *, width: int | None = None, keep_newlines: bool = False) -> str:
    """Printable text: unsafe characters shown as escapes, whitespace runs collapsed."""
    out = []
    for ch in text:
        if ch in "\t\n\r ":
            out.append("\n" if keep_newlines and ch == "\n" else " ")
        elif unicodedata.category(ch) in _UNSAFE_CATEGORIES:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    result = "".join(out)
    if not keep_newlines:
        result = " ".join(result.split())
    if width is not None and len(result) > width:
        result = _cut(result, max(width - 1, 0)) + "…"
    return result


def _cut(text: str, limit: int) -> str:
    """At most ``limit`` characters, ending between words when a word ends in the second half."""
    head = text[:limit]
    if not text[limit : limit + 1].isspace():  # the cut falls inside a word: drop its start
        boundary = max(head.rfind(" "), head.rfind("\n"))
        if boundary >= limit // 2:
            head = head[:boundary]
    return head.rstrip(" \n,;:-–")
