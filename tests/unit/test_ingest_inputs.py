"""Bad and odd inputs: each becomes a clean item or one `source:position: reason` error, never an exception."""

from __future__ import annotations

import codecs
import inspect
import os
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ticker.ingest
from tests.conftest import SAMPLE
from ticker.errors import SourceError, SourceUnavailable
from ticker.ingest import MAX_FILE_BYTES, read_jsonl, read_sources
from ticker.ingest.feeds import MAX_MARKUP
from ticker.ingest.htmltext import _TextOnly
from ticker.ingest.page import Page
from ticker.ingest.text import decode_bytes, item_id, normalise, revision
from ticker.ingest.textpage import read_page

NOW = datetime(2026, 11, 23, tzinfo=UTC)
ARTICLE = "Curfew ordered\n\nThe authorities ordered a curfew in the city from 11 p.m. on Wednesday.\n"


def one_error(paths: list[str], **kwargs: object) -> SourceError:
    result = read_sources(paths, now=NOW, **kwargs)  # type: ignore[arg-type]
    assert result.items == ()
    (error,) = result.errors
    assert "\n" not in str(error) and str(error).startswith(f"{error.source}:{error.position}: ")
    return error


def test_a_missing_path_is_source_unavailable(tmp_path: Path) -> None:
    error = one_error([str(tmp_path / "nope.txt")])
    assert isinstance(error, SourceUnavailable)
    assert str(error) == f"{tmp_path / 'nope.txt'}:open: no such file or directory"


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root reads files whatever their mode; the directory case below still runs"
)
def test_an_unreadable_file_is_source_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE)
    path.chmod(0)
    error = one_error([str(path)])
    assert isinstance(error, SourceUnavailable) and error.reason == "permission denied"


def test_a_path_that_cannot_be_read_as_a_file_is_source_unavailable(tmp_path: Path) -> None:
    (tmp_path / "story").mkdir()
    (tmp_path / "story" / "manifest.json").write_text('{"sources": [{"file": "sub", "kind": "article"}]}')
    (tmp_path / "story" / "sub").mkdir()
    error = one_error([str(tmp_path / "story")])
    assert isinstance(error, SourceUnavailable) and "is a directory" in error.reason


class CountingReader:
    """A file opened for reading that counts the bytes read from it."""

    def __init__(self, handle: BinaryIO, counts: list[int]) -> None:
        self.handle, self.counts = handle, counts

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.counts.append(len(data))
        return data

    def __enter__(self) -> CountingReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


def test_a_50_mb_file_is_refused_reading_no_more_than_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse
    reads: list[int] = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: CountingReader(real_open(self, *a, **k), reads))
    error = one_error([str(path)])
    assert (error.position, error.reason) == ("size", "file is 50.0 MB, over the 20 MB limit")
    assert reads and sum(reads) <= MAX_FILE_BYTES + 1  # one byte past the limit tells it is over


def test_the_size_cap_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 3 * 1024)
    error = one_error([str(path)], max_bytes=1024)
    assert error.reason == "file is 3.0 KB, over the 1 KB limit"
    assert read_sources([str(path)], now=NOW).errors == ()


def test_a_bad_source_never_hides_a_good_one(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 16)
    result = read_sources([str(tmp_path / "missing.txt"), str(binary), str(good)], now=NOW)
    assert [i.title for i in result.items] == ["Curfew ordered"]
    assert [(e.position, e.reason) for e in result.errors] == [
        ("open", "no such file or directory"),
        ("byte 0", "binary data, not text"),
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + "Grüße".encode(), "Grüße"),
        (codecs.BOM_UTF16_LE + "Grüße".encode("utf-16-le"), "Grüße"),
        (codecs.BOM_UTF16_BE + "Grüße".encode("utf-16-be"), "Grüße"),
        ("Plain text with Алматы in it".encode("utf-16-be"), "Plain text with Алматы in it"),
        ("Протесты в Алматы продолжаются".encode("utf-16-le"), "Протесты в Алматы продолжаются"),
        ("Протесты в Алматы продолжаются".encode("cp1251"), "Протесты в Алматы продолжаются"),
        ("“Quoted” – café".encode("cp1252"), "“Quoted” – café"),
        (b"Caf\xe9 \x81 control", "Café \x81 control"),  # 0x81 is undefined in cp1252: latin-1
        ("naïve café".encode(), "naïve café"),
    ],
)
def test_text_is_decoded_from_any_common_encoding(data: bytes, expected: str) -> None:
    assert decode_bytes(data, "x") == expected


def test_binary_data_is_an_error_at_its_first_byte() -> None:
    with pytest.raises(SourceError) as caught:
        decode_bytes(b"PK\x03\x04" + bytes(range(256)) * 4, "archive.txt")
    assert str(caught.value) == "archive.txt:byte 2: binary data, not text"


def test_normalise_cleans_without_losing_text() -> None:
    raw = "Cafe\u0301\x00 \x1b[2J and \x07bell\ud800 \t tab\r\n\r\n\r\n\r\nnext   line\u00a0here"
    assert normalise(raw) == "Café [2J and bell\ufffd tab\n\nnext line here"
    assert unicodedata.is_normalized("NFC", normalise(raw))


def test_ids_and_revisions_are_short_stable_hashes() -> None:
    assert item_id("s", "o", "f.txt", "block 1") == item_id("s", "o", "f.txt", "block 1")
    assert len(item_id("s", "o", "f.txt", "block 1")) == 16
    assert item_id("s", "o", "f.txt", "block 1") != item_id("s", "o", "f.txt", "block 2")
    assert revision("a  b\n c") == revision("a b c") and len(revision("x")) == 12


def test_json_lines_round_trip(tmp_path: Path) -> None:
    items = read_sources([str(SAMPLE)], now=NOW).items
    text = ticker.ingest.items_to_jsonl(items)
    assert text.count("\n") == len(items)
    assert read_jsonl(text).items == items
    path = tmp_path / "items.jsonl"
    path.write_text(text)
    assert read_jsonl(str(path)).items == items
    assert read_sources([str(path)], now=NOW).items == items


def test_a_bad_json_line_is_an_error_and_the_other_lines_count() -> None:
    items = read_sources([str(SAMPLE)], now=NOW).items[:2]
    lines = ticker.ingest.items_to_jsonl(items).splitlines()
    text = "\n".join([lines[0], '{"schema": 1, "type": "item"', "[" * 100_000, lines[1]])
    result = read_jsonl(text, source="pasted")
    assert result.items == items
    assert [(e.source, e.position) for e in result.errors] == [("pasted", "line 2"), ("pasted", "line 3")]


def test_the_public_api_is_what_the_cli_and_tasks_call() -> None:
    for name in ticker.ingest.__all__:
        assert hasattr(ticker.ingest, name), name
    assert list(inspect.signature(ticker.ingest.read_sources).parameters)[:3] == ["paths", "story", "now"]
    assert list(inspect.signature(ticker.ingest.paced).parameters) == ["items", "speed", "max_gap", "sleep"]
    assert list(inspect.signature(ticker.ingest.parse_feed_bytes).parameters)[:5] == [
        "data", "source", "story", "outlet", "now",
    ]  # fmt: skip
    assert list(inspect.signature(ticker.ingest.fetch_feed).parameters) == [
        "url",
        "etag",
        "last_modified",
        "policy",
    ]


def test_feedparser_is_never_handed_a_path() -> None:
    with pytest.raises(TypeError):
        ticker.ingest.parse_feed_bytes("/etc/passwd", source="x", story="s")  # type: ignore[arg-type]


def test_deeply_nested_html_in_a_feed_is_cut_before_the_html_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    fed: list[int] = []
    real_feed = _TextOnly.feed

    def counting_feed(parser: _TextOnly, data: str) -> None:
        fed.append(len(data))
        real_feed(parser, data)

    monkeypatch.setattr(_TextOnly, "feed", counting_feed)
    depth = 100_000  # the opening tags and the text fit in MAX_MARKUP, the closing tags run past it
    body = "&lt;div&gt;" * depth + "deep" + "&lt;/div&gt;" * depth
    data = f'<rss version="2.0"><channel><title>t</title><item><title>x</title><description>{body}</description></item></channel></rss>'
    result = ticker.ingest.parse_feed_bytes(data.encode(), source="nested.xml", story="s", now=NOW)
    (item,) = result.items
    assert item.text.startswith("deep")  # the closing tag the cap cuts in two may stay as text
    assert fed and max(fed) <= MAX_MARKUP < len("<div></div>") * depth


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400) | st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_no_bytes_make_a_feed_or_page_raise(data: bytes) -> None:
    result = ticker.ingest.parse_feed_bytes(
        b"<rss><channel><item><title>" + data, source="f", story="s", now=NOW
    )
    assert all("\x00" not in i.title + i.text for i in result.items)
    try:
        text = decode_bytes(data, "page.txt")
    except SourceError as exc:
        assert exc.reason in ("binary data, not text", "cannot tell the charset: none decodes it cleanly")
        return
    reading = read_page(text, Page("s", "o", "page.txt", now=NOW))
    assert len(reading.items) + len(reading.errors) >= 1
