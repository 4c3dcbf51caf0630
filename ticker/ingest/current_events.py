"""Wikipedia's Portal:Current events day pages: one bullet per news item, dated by the portal's day.

A feed built from the portal carries a whole day in one entry; its pubDate is when a
scraper ran, not when anything happened. Each leaf bullet is one event of that day,
filed by the editors under a section ("Armed conflicts and attacks") and a story path
(the nested headings above it), with its cited outlets as trailing "(Outlet)" links.
The markup is the portal's own template (classes ``current-events-content``,
``dtstart``), not any one feed's, so the reader applies to every mirror of the portal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser

from ticker.ingest.text import one_line

CONTENT_CLASS = "current-events-content"
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "wbr", "source", "area", "col", "base"})
_HIDDEN = frozenset({"style", "script", "noscript", "template"})
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ID_DAY = re.compile(r"(\d{4})_([A-Z][a-z]+)_(\d{1,2})\b")
_MONTHS = {datetime(2000, m, 1).strftime("%B"): m for m in range(1, 13)}
MAX_NODES = 200_000  # a day page has a few thousand; more is not this template


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def elements(self, tag: str | None = None) -> list[_Node]:
        return [c for c in self.children if isinstance(c, _Node) and (tag is None or c.tag == tag)]

    def find(self, predicate: Callable[[_Node], bool]) -> _Node | None:
        stack: list[_Node] = [self]
        while stack:
            node = stack.pop(0)
            if predicate(node):
                return node
            stack[:0] = node.elements()
        return None

    def text(self, skip: Callable[[_Node], bool] | None = None) -> str:
        parts: list[str] = []
        stack: list[_Node | str] = [self]
        while stack:
            node = stack.pop(0)
            if isinstance(node, str):
                parts.append(node)
            elif node.tag not in _HIDDEN and not (skip and skip(node)):
                stack[:0] = node.children
        return "".join(parts)


class _TreeBuilder(HTMLParser):
    """Enough of a DOM for the portal's template: tolerant of unclosed tags, bounded in size."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self._open: list[_Node] = [self.root]
        self.nodes = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            return
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self._open[-1].children.append(node)
        if tag not in _VOID:
            self._open.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)


@dataclass(frozen=True)
class Source:
    name: str
    url: str


@dataclass(frozen=True)
class Link:
    anchor: str
    title: str  # the linked article's title: the entity the editors meant


@dataclass(frozen=True)
class Bullet:
    """One event of a portal day, as the editors filed it."""

    day: date | None
    index: int  # 0-based, in page order
    section: str  # the editors' heading ("Law and crime"), "" when the bullet comes before any
    story_path: tuple[str, ...]
    text: str
    links: tuple[Link, ...]
    sources: tuple[Source, ...]


def is_current_events(html: str) -> bool:
    return CONTENT_CLASS in html


def read_day(html: str) -> list[Bullet]:
    """The bullets of one portal day page (or feed entry carrying it), in page order."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    content = builder.root.find(lambda n: CONTENT_CLASS in n.classes)
    if content is None:
        return []
    day = _day_of(builder.root)
    bullets: list[Bullet] = []
    section = ""
    for child in content.elements():
        if child.tag == "p" and child.find(lambda n: n.tag == "b") is not None:
            section = one_line(child.text())
        elif child.tag in ("ul", "ol"):
            _walk(child, (), section, day, bullets)
    return bullets


def _walk(ul: _Node, path: tuple[str, ...], section: str, day: date | None, out: list[Bullet]) -> None:
    for li in ul.elements("li"):
        nested = [c for c in li.elements() if c.tag in ("ul", "ol")]
        if nested:
            label = one_line(li.text(skip=lambda n: n.tag in ("ul", "ol")))
            for sub in nested:
                _walk(sub, (*path, label), section, day, out)
            continue
        text = one_line(li.text(skip=_is_citation))
        if not text:
            continue
        text = re.sub(r"\s+([,.;:])", r"\1", text)
        out.append(Bullet(day, len(out), section, path, text, tuple(_links(li)), tuple(_sources(li))))


def _is_external(node: _Node) -> bool:
    return node.tag == "a" and "external" in node.classes


def _is_citation(node: _Node) -> bool:
    """A cited outlet, "(Reuters)": an external link in parentheses. One inside the sentence stays."""
    return _is_external(node) and node.text().lstrip().startswith("(")


def _anchors(node: _Node) -> list[_Node]:
    found: list[_Node] = []
    stack = [node]
    while stack:
        current = stack.pop(0)
        if current.tag == "a":
            found.append(current)
        stack[:0] = current.elements()
    return found


def _sources(li: _Node) -> list[Source]:
    return [
        Source(one_line(a.text()).strip("() "), a.attrs.get("href", ""))
        for a in _anchors(li)
        if _is_external(a)
    ]


def _links(li: _Node) -> list[Link]:
    return [
        Link(one_line(a.text()), a.attrs["title"])
        for a in _anchors(li)
        if not _is_external(a) and a.attrs.get("title")
    ]


def _day_of(root: _Node) -> date | None:
    """The portal's own date: the hidden ISO ``dtstart``, else the region id ("2026_June_24")."""
    stamp = root.find(lambda n: "dtstart" in n.classes)
    if stamp is not None:
        match = _ISO_DAY.search(stamp.text())
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                pass
    region = root.find(
        lambda n: "current-events-main" in n.classes and bool(_ID_DAY.search(n.attrs.get("id", "")))
    )
    if region is not None:
        return day_from_name(region.attrs["id"])
    return None


def day_from_name(name: str) -> date | None:
    """The day a portal page name or URL names ("Portal:Current_events/2026_June_24")."""
    match = _ID_DAY.search(name)
    if not match or match[2] not in _MONTHS:
        return None
    try:
        return date(int(match[1]), _MONTHS[match[2]], int(match[3]))
    except ValueError:
        return None
