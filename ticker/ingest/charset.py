"""Which charset bytes are in: UTF-8 if they are strictly that, else the declared one, else detected.

Detection is charset-normalizer's, checked for sanity: mojibake has tell-tale shapes
(a word mixing scripts, "Cafﻠ"; C1 controls; presentation forms), so a candidate that
decodes into them is refused. Detectors fail on short texts: a few accented letters
inside Latin words ("Café fermé") are read as CJK or Cyrillic. When the bytes above
0x7F sit alone inside Latin words, the text is Western and cp1252 is taken, unless
the detector names another Latin charset with a long enough text to be sure.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import cache

import charset_normalizer

MIN_CONFIDENT_HIGH_BYTES = 24  # below this many non-ASCII bytes a detector's vote is a guess
_LATIN_FAMILY = frozenset(
    {"cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1254", "iso8859_9", "cp1257", "iso8859_4",
     "iso8859_13", "mac_roman"}
)  # fmt: skip
_OTHER_SCRIPTS = (
    "cp1251", "koi8_r", "cp1253", "cp1255", "cp1256", "cp874",
    "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr",
)  # fmt: skip
_XML_DECL = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']"""
)
_META = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})""", re.I)
_WORD = re.compile(r"[^\W\d_]+")
_ODD_CASE = re.compile(r"[^\W\d_A-Z]{1}(?<=[a-zà-ÿа-яёα-ω])[А-ЯЁΑ-Ω]")
# Latin-1 symbols (not the Catalan middle dot) between Latin letters: another Latin code page's letter
_SYMBOL_IN_WORD = re.compile(
    r"(?<=[A-Za-z\u00c0-\u024f])[\u00a1-\u00b6\u00b8-\u00bf\u02c0-\u02ff](?=[A-Za-z\u00c0-\u024f])"
)
# Characters real text does not carry but mojibake does.
_IMPLAUSIBLE = re.compile(
    "[\x80-\x9f\u2500-\u259f\ufffd\ue000-\uf8ff\uf900-\ufaff\ufb50-\ufdff\ufe70-\ufeff\U000f0000-\U0010ffff]"
)


def codec_name(label: str | None) -> str | None:
    """Python's name for a charset label ("Shift_JIS" → "shift_jis"); None if unknown."""
    if not label:
        return None
    try:
        return codecs.lookup(label.strip()).name.replace("-", "_")
    except LookupError:
        return None


def declared(data: bytes) -> str | None:
    """The charset the document names itself: the XML declaration, else an HTML meta tag."""
    head = data[:4096]
    match = _XML_DECL.match(head) or _META.search(head)
    return codec_name(match.group(1).decode("ascii")) if match else None


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    if first in ("CJK", "HIRAGANA", "KATAKANA", "FULLWIDTH", "IDEOGRAPHIC"):
        return "CJK"
    if ch.isascii() or first == "LATIN":
        return "LATIN"
    return first


def plausible(text: str) -> bool:
    """No mojibake shapes: no C1 controls or presentation forms, and no word mixing two scripts."""
    if _IMPLAUSIBLE.search(text):
        return False
    words = _WORD.findall(text)
    mixed = sum(1 for w in words if len({_script(c) for c in w}) > 1)
    # a symbol inside a word is a letter of another Latin code page: "zatrzyma³a", "mê¿czyzn"
    mixed += len(_SYMBOL_IN_WORD.findall(text))
    # a capital after a small letter in a non-Latin word: one Cyrillic code page read as another
    odd = sum(1 for w in words if not w.isascii() and _ODD_CASE.search(w))
    return mixed <= len(words) // 50 and odd <= len(words) // 10


def latin_shaped(data: bytes) -> bool:
    """Non-ASCII bytes that stand alone (or in pairs) inside ASCII words: accented Western letters.

    Cyrillic, Greek, Hebrew or Thai in a single-byte charset, and every CJK charset, write
    whole words in bytes above 0x7F instead.
    """
    runs = [m for m in re.finditer(rb"[\x80-\xff]+", data)]
    if not runs:
        return True
    inside = 0
    for run in runs:
        before = data[run.start() - 1 : run.start()]
        after = data[run.end() : run.end() + 1]
        if len(run.group(0)) <= 2 and (before.isalpha() or after.isalpha() or len(run.group(0)) == 1):
            inside += 1  # an accented letter in a word, or a one-letter word ("à", "é")
    return inside / len(runs) >= 0.8


def _decodes(data: bytes, codec: str) -> str | None:
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if plausible(text) else None


@cache
def _is_latin(codec: str) -> bool:
    return codec in _LATIN_FAMILY


def detect(data: bytes, hint: str | None = None) -> tuple[str, str] | None:
    """(text, codec) for bytes that are not UTF-8, or None when nothing decodes them sanely.

    ``hint`` is the declared charset: used when it decodes the bytes sanely.
    """
    if hint is not None:
        text = _decodes(data, hint)
        if text is not None:
            return text, hint
    high = sum(1 for b in data if b >= 0x80)
    western = latin_shaped(data)
    candidates = [c for c in (codec_name(m.encoding) for m in charset_normalizer.from_bytes(data)) if c]
    if western:
        latin = [c for c in candidates if _is_latin(c)]
        # a short Western text: the detector's guess is weaker than the bytes' shape
        candidates = [*latin, "cp1252"] if high >= MIN_CONFIDENT_HIGH_BYTES else ["cp1252", *latin]
    else:  # the detector's choices, then the common charsets of other scripts, for texts too short for it
        candidates += [c for c in _OTHER_SCRIPTS if c not in candidates]
    for codec in candidates:
        text = _decodes(data, codec)
        if text is not None:
            return text, codec
    if western:  # Western bytes with a C1 control: latin-1 keeps the letters (the control is dropped later)
        return data.decode("latin_1"), "latin_1"
    return None


def feed_as_utf8(data: bytes, content_type: str | None = None) -> bytes | None:
    """An undeclared non-UTF-8 feed re-encoded as UTF-8, for feedparser (which would guess
    windows-1252 and hand out mojibake); other feeds unchanged. None when no charset decodes it.
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:64]:
        return data
    header = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.I)
    if declared(data) or (header and codec_name(header.group(1))):
        return data  # feedparser weighs the declarations itself
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    found = detect(data)
    return None if found is None else found[0].encode("utf-8")
