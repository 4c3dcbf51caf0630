"""Bytes to clean text, and the ids derived from it."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from collections import Counter

from ticker.errors import SourceError
from ticker.ingest.charset import codec_name, declared, detect

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_STRAY_ASTERISK = re.compile(r"(?<=\w) \*(?= |$)", re.M)  # link markers left by page export: "Scholz * has"
_SAMPLE = 64 * 1024
_ISO2022 = re.compile(rb"\x1b\$[@B]")
# Bytes that are never in text: NUL and C0 controls other than tab, newlines, form feed and escape.
_BINARY_BYTES = frozenset(range(9)) | frozenset(range(14, 27)) | frozenset(range(28, 32))


def decode_bytes(data: bytes, source: str, charset: str | None = None) -> str:
    """Text from bytes: BOM-aware UTF-8/16, UTF-16 without BOM, strict UTF-8, then the charset
    declared (``charset``, else the document's own XML or meta declaration), then detected.

    Raises SourceError for binary data and for bytes no charset decodes without mojibake.
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    offset = binary_offset(data)
    if offset is not None:
        raise SourceError(source, f"byte {offset}", "binary data, not text")
    if _ISO2022.search(data):
        try:  # 7-bit Japanese: valid ASCII, so it must be caught before UTF-8
            return data.decode("iso2022_jp")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace")
    found = detect(data, codec_name(charset) or declared(data))
    if found is None:
        first = next(i for i, b in enumerate(data) if b >= 0x80)
        raise SourceError(source, f"byte {first}", "cannot tell the charset: none decodes it cleanly")
    return found[0]


def binary_offset(data: bytes) -> int | None:
    """Where binary data starts, if the sample has many bytes no text file contains (else None)."""
    sample = data[:_SAMPLE]
    bad = [i for i, b in enumerate(sample) if b in _BINARY_BYTES]
    if not bad or len(bad) < max(4, len(sample) // 50):
        return None
    return bad[0]


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 sniffed from its pattern: one byte of each pair is nearly always the same small value."""
    sample = data[: _SAMPLE & ~1]
    if len(sample) < 8:
        return None
    for codec, high, low in (
        ("utf-16-le", sample[1::2], sample[0::2]),
        ("utf-16-be", sample[0::2], sample[1::2]),
    ):
        value, count = Counter(high).most_common(1)[0]
        # 0x00 Latin, 0x03 Greek, 0x04 Cyrillic, 0x05 Hebrew/Armenian, 0x06 Arabic ...
        if value <= 0x1F and count / len(high) > 0.6 and low.count(0) / len(low) < 0.05:
            text = data[: len(data) & ~1].decode(codec, errors="replace")
            printable = sum(1 for ch in text[:4096] if ch.isprintable() or ch in "\n\r\t")
            if printable / max(len(text[:4096]), 1) > 0.95:
                return text
    return None


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few broken sequences (a cut file, an encoded surrogate) rather than a legacy charset."""
    text = data.decode("utf-8", errors="surrogateescape")
    broken = len(re.findall("[\udc80-\udcff]+", text))
    fine = sum(1 for ch in text if ord(ch) > 127 and not "\udc80" <= ch <= "\udcff")
    # a legacy multi-byte charset (EUC-JP) forms some valid sequences by chance, and many broken ones
    return fine > 0 and broken <= max(1, fine // 20)


def guess_single_byte(data: bytes) -> str:
    """windows-1251, windows-1252 or latin-1, from the shape of the bytes above 0x7F.

    Cyrillic words are runs of high bytes; Western text has isolated accented letters
    and smart quotes. latin-1 only when bytes that windows-1252 leaves undefined occur.
    """
    high = [i for i, b in enumerate(data) if b >= 0x80]
    if not high:
        return "ascii"
    in_runs = sum(
        1 for i in high if (i > 0 and data[i - 1] >= 0xC0) or (i + 1 < len(data) and data[i + 1] >= 0xC0)
    )
    if in_runs / len(high) > 0.5:
        return "cp1251"
    if any(data[i] in (0x81, 0x8D, 0x8F, 0x90, 0x9D) for i in high):
        return "latin-1"
    return "cp1252"


def clean_text(text: str) -> str:
    """NFC, lone surrogates as U+FFFD, no NUL or control characters other than newlines and tabs."""
    text = _SURROGATE.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def normalise(text: str) -> str:
    """clean_text, then spaces collapsed within lines and at most one blank line in a row."""
    lines = [_SPACES.sub(" ", line).strip() for line in clean_text(text).split("\n")]
    text = _STRAY_ASTERISK.sub("", "\n".join(lines))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def one_line(text: str) -> str:
    """Normalised text on one line (titles)."""
    return " ".join(normalise(text).split())


def first_sentence(text: str) -> str:
    """A title for an entry that has none: its first sentence, at most 200 characters."""
    match = re.match(r"(.{10,200}?[.!?])(\s|$)", text, re.S)
    return one_line(match.group(1) if match else text[:200])


def paragraphs(lines: list[str]) -> str:
    """Lines as paragraphs separated by one blank line."""
    return "\n\n".join(" ".join(line.split()) for line in lines if line.strip())


def item_id(story: str, outlet: str, source: str, position: str) -> str:
    return hashlib.sha256(
        "\0".join((story, outlet, source, position)).encode("utf-8", "replace")
    ).hexdigest()[:16]


def revision(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "replace")).hexdigest()[:12]
