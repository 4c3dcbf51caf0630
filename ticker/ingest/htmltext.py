"""HTML fragments (feed summaries, contents, titles) to plain text."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from ticker.ingest.text import normalise

_BLOCKS = frozenset(
    {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section",
     "article", "header", "footer", "figure", "figcaption", "pre", "table", "hr", "dd", "dt"}
)  # fmt: skip
_HIDDEN = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "head"})
MAX_DEPTH_SKIP = 10_000
_HTML_START = re.compile(rb"^(\xef\xbb\xbf)?\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.I | re.S)


def looks_like_html(data: bytes) -> bool:
    """An HTML document (by its first tag), as opposed to XML or plain text."""
    return bool(_HTML_START.match(data[:4096]))


class _TextOnly(HTMLParser):
    """Keeps character data, drops scripts and styles, breaks lines at block elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden = min(self._hidden + 1, MAX_DEPTH_SKIP)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(self._hidden - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment, entities decoded, one paragraph per line."""
    if "<" not in html and "&" not in html:
        return normalise(html)
    if "<" not in html:
        return normalise(unescape(html))
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return normalise("".join(parser.parts))
