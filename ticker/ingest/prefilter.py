"""Numeric character references that name no character, replaced before feedparser sees them.

feedparser turns ``&#xD800;`` into a lone surrogate and then raises UnicodeEncodeError
(its issue 599); ``&#x110000;`` raises ValueError and ``&#xFFFFFFFF;`` OverflowError.
One such reference would lose the whole feed, so each becomes ``&#xFFFD;``.
"""

from __future__ import annotations

import codecs
import re

_CHAR_REF = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,16})|0*([0-9]{1,20}));")
REPLACEMENT = "&#xFFFD;"


def repair_char_refs(data: bytes) -> tuple[bytes, int]:
    """The document with references to surrogates or past U+10FFFF replaced, and how many there were."""
    # latin-1 maps every byte to one character and back, so ASCII-compatible encodings survive untouched
    codec = _utf16_codec(data) or "latin-1"
    text = data.decode(codec, errors="surrogatepass")
    if "&#" not in text:
        return data, 0
    count = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal count
        value = int(match[1], 16) if match[1] else int(match[2])
        if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
            count += 1
            return REPLACEMENT
        return match[0]

    repaired = _CHAR_REF.sub(fix, text)
    if not count:
        return data, 0
    return repaired.encode(codec, errors="surrogatepass"), count


def _utf16_codec(data: bytes) -> str | None:
    """UTF-16 by its BOM or by the NUL beside the document's first '<'; None for ASCII-compatible bytes."""
    if data.startswith((codecs.BOM_UTF16_LE, b"<\x00")):
        return "utf-16-le"
    if data.startswith((codecs.BOM_UTF16_BE, b"\x00<")):
        return "utf-16-be"
    return None
