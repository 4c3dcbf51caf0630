"""JSON lines of TickerItems: how users feed their own scrapers in, and `ticker parse --json` out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ticker.errors import DecodeError, SourceError, SourceUnavailable
from ticker.ingest.result import IngestResult
from ticker.ingest.text import clean_text, one_line
from ticker.models import TickerItem


def items_to_jsonl(items: Iterable[TickerItem]) -> str:
    return "".join(item.to_json() + "\n" for item in items)


def read_jsonl(path_or_text: str | Path, source: str | None = None) -> IngestResult:
    """Items from JSON lines (a path, or the text itself); a bad line is an error and the rest still count.

    A Path is always read as a file; a one-line str naming an existing file is read
    as that file; any other str is the JSON lines themselves.
    """
    if isinstance(path_or_text, Path) or ("\n" not in path_or_text and Path(path_or_text).is_file()):
        path = Path(path_or_text)
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError as exc:
            return IngestResult.failed(
                SourceUnavailable(source or str(path), "open", exc.strerror or str(exc))
            )
        return parse_jsonl(text, source or str(path))
    return parse_jsonl(path_or_text, source or "<jsonl>")


def parse_jsonl(text: str, source: str) -> IngestResult:
    items: list[TickerItem] = []
    errors: list[SourceError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(_cleaned(TickerItem.from_json(line)))
        except DecodeError as exc:
            errors.append(SourceError(source, f"line {number}", exc.reason[:200]))
        except RecursionError:
            errors.append(SourceError(source, f"line {number}", "JSON nested too deeply"))
    return IngestResult.of(items, errors)


def _cleaned(item: TickerItem) -> TickerItem:
    """Text from outside is cleaned like any source's (no NUL, no lone surrogates); id and revision stay."""
    title, text = one_line(item.title), clean_text(item.text)
    if (title, text) == (item.title, item.text):
        return item
    return replace(item, title=title, text=text)
