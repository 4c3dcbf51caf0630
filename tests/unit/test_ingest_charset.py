"""Charsets: strict UTF-8, then declared, then detected with a sanity check; never mojibake in an item."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ticker.errors import SourceError
from ticker.ingest import parse_feed_bytes
from ticker.ingest.charset import plausible
from ticker.ingest.text import decode_bytes

NOW = datetime(2031, 3, 9, tzinfo=UTC)

JAPANESE = (
    "東京で大きな地震が発生し、少なくとも十二人が負傷したと消防当局が発表した。鉄道の運行は一時停止された。"
)
RUSSIAN = (
    "В Алматы полиция задержала более ста человек после протестов на главной площади. Власти объявили режим."
)
THAI = "เจ้าหน้าที่กู้ภัยได้ช่วยเหลือผู้ประสบภัยน้ำท่วมในจังหวัดเชียงใหม่ออกจากพื้นที่แล้วกว่าสองร้อยคน"
HEBREW = "המשטרה עצרה הבוקר שלושה חשודים בירושלים לאחר עימותים ליד השוק המרכזי, כך נמסר."


def feed(text: str, declaration: str = "<?xml version='1.0'?>") -> str:
    return (
        f"{declaration}<rss version='2.0'><channel><title>T</title>"
        f"<item><title>Item</title><guid>g1</guid><description>{text}</description></item></channel></rss>"
    )


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (JAPANESE, "shift_jis"),
        (JAPANESE, "euc_jp"),
        (RUSSIAN, "koi8_r"),
        (RUSSIAN, "cp1251"),
        (THAI, "tis_620"),
        (THAI, "cp874"),
        (HEBREW, "cp1255"),
    ],
)
def test_undeclared_feeds_in_other_charsets_come_out_right(text: str, codec: str) -> None:
    result = parse_feed_bytes(feed(text).encode(codec), source="f.xml", story="s", now=NOW)
    assert result.ok, result.errors
    assert result.items[0].text == text


@pytest.mark.parametrize(
    ("text", "codec"), [(JAPANESE, "shift_jis"), (RUSSIAN, "koi8_r"), (HEBREW, "cp1255")]
)
def test_undeclared_pages_in_other_charsets_come_out_right(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec), "page.txt") == text


def test_a_declared_charset_is_used() -> None:
    data = feed(RUSSIAN, "<?xml version='1.0' encoding='koi8-r'?>").encode("koi8_r")
    assert parse_feed_bytes(data, source="f.xml", story="s", now=NOW).items[0].text == RUSSIAN
    assert decode_bytes(RUSSIAN.encode("koi8_r"), "p.txt", charset="KOI8-R") == RUSSIAN


@pytest.mark.parametrize(
    "text",
    ["Café fermé", "Straße gesperrt", "Ação policial", "Niño herido", "à bientôt", "Größe", "Øresund åben"],
)
@pytest.mark.parametrize("codec", ["latin_1", "cp1252"])
def test_a_short_latin_text_is_never_read_as_cyrillic_or_cjk(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec), "short.txt") == text


@pytest.mark.parametrize(
    "mojibake",
    ["Cafﻠ fermﻠ", "A誽o policial", "zatrzyma³a dwóch mê¿czyzn", "рПМЙГЙС ЪБДЕТЦБМБ", "crème\x85brûlée"],
)
def test_mojibake_shapes_are_implausible(mojibake: str) -> None:
    assert not plausible(mojibake)


@pytest.mark.parametrize(
    "text", [JAPANESE, RUSSIAN, THAI, HEBREW, "don’t stop: col·lecció, l'été, São Paulo"]
)
def test_real_text_is_plausible(text: str) -> None:
    assert plausible(text)


def test_bytes_no_charset_reads_cleanly_are_a_one_line_error_with_the_position() -> None:
    data = b"ok " + bytes(range(0x80, 0x100)) * 3
    with pytest.raises(SourceError) as caught:
        decode_bytes(data, "odd.txt")
    assert str(caught.value) == "odd.txt:byte 3: cannot tell the charset: none decodes it cleanly"
    result = parse_feed_bytes(
        feed(data.decode("latin_1")).encode("latin_1"), source="odd.xml", story="s", now=NOW
    )
    assert not result.items
    assert str(result.errors[0]).startswith("odd.xml:byte ")
