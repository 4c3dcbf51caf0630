"""Site chrome, share bars, credits, captions and reader comments: removed and counted.

The rules describe shapes of page furniture, not particular sites: short lines made
of navigation words, a credit line ("© …", "Source: dpa / …") with the caption above
it, a "Name, Outlet, time" video credit with its caption, a comment-section marker
and everything after it, a teaser after "also read", "X is an offer from Y", and
unpunctuated leftovers at the edges of a page. Short headlines inside the body are
subheadings and stay.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from ticker.ingest.timestamps import MOMENT, BadDate, find_date, find_time

log = logging.getLogger(__name__)

_SOCIAL = {
    "twitter", "facebook", "instagram", "reddit", "tumblr", "whatsapp", "telegram", "linkedin", "pinterest",
    "email", "e-mail", "mail", "print", "share", "tweet", "xing", "flipboard", "mastodon", "bluesky",
    "threads",
    "youtube", "tiktok", "copy", "link", "x",
}  # fmt: skip
# Words that make up navigation and widget labels ("You may like", "Trends 24h", "Search This Blog").
_NAV = _SOCIAL | {
    "translate", "search", "this", "blog", "you", "may", "also", "like", "trends", "trending", "24h",
    "latest",
    "source", "site", "home", "menu", "more", "most", "read", "popular", "top", "stories", "news", "related",
    "advertisement", "ad", "ads", "anzeige", "werbung", "skip", "to", "content", "subscribe", "login", "log",
    "in", "sign", "up", "newsletter", "follow", "us", "next", "previous", "back", "recommended", "for", "the",
    "archive", "archives", "tags", "categories", "category", "about", "contact", "imprint", "impressum",
    "cookies", "settings", "comments", "comment", "open", "close", "show", "hide", "all", "articles", "on",
    "of", "go", "video", "videos", "photos", "gallery", "live", "now", "watch", "listen", "podcast", "and",
}  # fmt: skip
_COMMENT_MARKER = re.compile(
    r"^(avatar|\d*\s*comments?:?|no comments( yet)?[:.]?|post a comment|leave a (comment|reply)|"
    r"write a comment|add a comment|show comments|reader comments|join the discussion|"
    r"\d+\s+(responses?|replies))\s*$",
    re.I,
)
_CREDIT = re.compile(
    r"^(©|\(c\)\s|copyright\b|(photos?|photographs?|images?|pictures?|fotos?|bild|video|source|quelle|credits?)\s*:)",
    re.I,
)
_PHOTO_CREDIT = re.compile(r"©|/|\b(photo|foto|image|picture|bild)\b", re.I)
_SITE_NOTICE = re.compile(r"\b(19|20)\d\d\b|privacy|rights|terms", re.I)  # "© Site 2019 - Privacy": a footer
_ALSO_READ = re.compile(
    r"^(also read|read also|read more|more on (this|the) topic|related( articles?| stories)?|see also|"
    r"lesen sie auch|auch interessant|mehr zum thema)\s*:?$",
    re.I,
)
_CHROME = re.compile(
    r"\b(this (site|website|page|blog) uses|external sources|not under our control|endorse the views|"
    r"all rights reserved|is an (offer|offering|service) (of|from|by)|cookies?|privacy|"
    r"comment data|newsletter|subscribe to|terms of (use|service))\b",
    re.I,
)
_CROSS_REF = re.compile(r"^\((see|siehe|read|more)\b[^)]*\)\.?$", re.I)
_PUNCT_ONLY = re.compile(r"^[\W_]{1,4}$")
_AGENCY = re.compile(r"^\(?\s*([A-Z]{2,5}|[a-z]{2,4})(\s*/\s*([A-Z]{2,5}|[a-z]{2,4}))+\s*\)?\s*\*?$")
_SENTENCE_END = re.compile(r"([.!?…:;]|\.\.\.)[\"'”“’»«)\]]*\s*$")
_DANGLING = {"on", "of", "to", "for", "with", "at", "from", "in", "by", "about"}
_NAME = re.compile(r"^[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3}$")


# "Continue reading…", "Read full article >>", "Read more", "Weiterlesen": a link to the rest, at the
# end of a paragraph (a whole line, or after the last sentence), with at most a few words and an arrow.
_MORE_LINK = re.compile(
    r"(?:^|(?<=[.!?…\"”»)\]]))\s*[\[(]?\s*(?:continue reading|keep reading|"
    r"read (?:the )?(?:full|whole|entire|complete) (?:article|story|post|report)|"
    r"read (?:the )?rest(?: of (?:the|this) (?:article|story|post))?|read more|"
    r"full (?:article|story)|more »|weiterlesen|mehr lesen|lire la suite|leia mais|leer más|sigue leyendo|"
    r"continua a leggere|leggi (?:tutto|di più)|lees (?:meer|verder)|czytaj (?:więcej|dalej)|читать далее|"
    r"подробнее|läs mer|les mer|læs mere|devamını oku|lue lisää)\b(?:[^.!?\n]{0,60}?)"
    r"(?:\.{3}|…|»|>>|>|›|→|\]|\))*\s*[\])]?\s*$",
    re.I,
)
# "The post X appeared first on Y." (WordPress feeds)
_POST_FOOTER = re.compile(
    r"(?:^|(?<=[.!?…\"”]))\s*The post .{1,300}? appeared first on .{1,120}?\.?\s*$", re.I
)
# "(Image credit: NASA)", "(Photo: X/AFP)", "[Foto: dpa]": a credit in brackets anywhere
_BRACKET_CREDIT = re.compile(
    r"\s*[(\[](?:(?:image|photo|picture|foto|bild|video)s?\s*(?:credits?|courtesy)?|credits?|photograph)"
    r"\s*:\s*[^)\]\n]{1,100}[)\]]",
    re.I,
)
# "Photo: X/AFP", "Photograph: Name/Getty Images" after the last sentence of a paragraph
_TRAILING_CREDIT = re.compile(
    r"(?:^|(?<=[.!?…\"”]))\s*(?:photo|photograph|image|picture|foto|bild)s?(?: credits?)?\s*:\s*"
    r"[^.!?\n]{1,80}$",
    re.I,
)
_INLINE_RULES = (
    ("more link", _MORE_LINK),
    ("post footer", _POST_FOOTER),
    ("credit", _BRACKET_CREDIT),
    ("credit", _TRAILING_CREDIT),
)


def strip_inline(line: str) -> tuple[str, list[tuple[str, str]]]:
    """A line without the furniture in it or at its end ("… Continue reading…", "(Image credit: X)")."""
    removed: list[tuple[str, str]] = []
    for rule, pattern in _INLINE_RULES:
        while True:
            match = pattern.search(line)
            # a credit line on its own is furniture(), which takes the caption above it too
            if match is None or (
                pattern is _TRAILING_CREDIT and (match.start() == 0 or words(match[0]) > 10)
            ):
                break
            removed.append((rule, match.group(0).strip()))
            line = (line[: match.start()] + line[match.end() :]).strip()
    return line, removed


def clean_feed_text(text: str) -> tuple[str, int]:
    """A feed entry's text without calls to read on, post footers and credits; and how many went.

    Gentler than a page's clean-up: a summary is short, and its short lines are often the news.
    """
    kept: list[str] = []
    count = 0
    for line in text.split("\n"):
        stripped, removed = strip_inline(line)
        count += len(removed)
        if line.strip() and not stripped:
            continue
        rule = furniture(stripped) if stripped else None
        if rule in ("credit", "share bar", "cross reference", "punctuation"):
            count += 1
            continue
        kept.append(stripped)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip(), count


@dataclass
class Cleaned:
    """Lines that are news, and the furniture removed from around them (rule, line)."""

    lines: list[str]
    removed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.removed)


def words(line: str) -> int:
    return len(line.split())


def is_sentence(line: str) -> bool:
    """Ends like a sentence (a headline or a label does not)."""
    return bool(_SENTENCE_END.search(line))


def is_share_bar(line: str) -> bool:
    tokens = [t.strip(",|·•").lower() for t in line.split()]
    return bool(tokens) and all(t in _SOCIAL for t in tokens if t)


def is_nav(line: str) -> bool:
    """A short label made only of navigation words, maybe with a date ("All news articles on 2022-01-12")."""
    if is_sentence(line) or words(line) > 6:
        return False
    tokens = [t.strip(",|·•:").lower() for t in re.sub(r"\d{4}-\d{2}-\d{2}", "", line).split()]
    return bool(tokens) and all(t in _NAV for t in tokens if t)


def furniture(line: str) -> str | None:
    """Which rule makes this line page furniture wherever it stands, if any."""
    if is_share_bar(line):
        return "share bar"
    if _CREDIT.match(line) and words(line) <= 15:
        return "credit"
    if _CROSS_REF.match(line):
        return "cross reference"
    if _PUNCT_ONLY.match(line):
        return "punctuation"
    if _AGENCY.match(line):
        return "agency line"
    if is_nav(line):
        return "navigation"
    if _CHROME.search(line) and words(line) < 25:
        return "site chrome"
    if words(line) <= 10 and not is_sentence(line) and line.rsplit(maxsplit=1)[-1].lower() in _DANGLING:
        return "widget label"  # a label cut before its link: "What I have posted on"
    return None


def is_video_credit(line: str) -> bool:
    """ "Ina Ruck, ARD Moscow, daily news 8 p.m., 7.1.2022": a name, an outlet, and a time at the end."""
    parts = [p.strip() for p in line.split(",")]
    if len(parts) < 3 or words(line) > 16 or not _NAME.match(parts[0]) or words(parts[1]) > 4:
        return False
    tail = ", ".join(parts[2:])
    try:
        stated = find_time(tail)
    except BadDate:
        return False
    rest = MOMENT.sub(" ", tail).strip(" .,")
    return stated is not None and words(rest) <= 3 and not re.search(r"\b(said|says|told|met|was|is)\b", tail)


def is_comment_start(lines: list[str], index: int) -> bool:
    """A comment-section marker, or a reader's name line followed by a date-only line."""
    line = lines[index]
    if _COMMENT_MARKER.match(line):
        return True
    if index + 1 >= len(lines) or not _NAME.match(line.title()) or words(line) > 4 or is_sentence(line):
        return False
    after = lines[index + 1]
    stamp = find_date(after)
    return stamp is not None and words(after) <= 8 and "•" in after


def clean_body(lines: list[str]) -> Cleaned:
    """Drop page furniture from the lines of one item's body; count what went."""
    cleaned = Cleaned([])
    kept_from: list[int] = []  # original index of each kept line, to tell adjacent captions
    teaser = 0
    for index, line in enumerate(lines):
        line, inline = strip_inline(line)
        cleaned.removed.extend(inline)
        if not line:
            continue
        if index >= 3 and is_comment_start(lines, index):
            cleaned.removed.extend(("comments", rest) for rest in lines[index:])
            break
        if teaser and not is_sentence(line) and words(line) < 25:
            teaser -= 1
            cleaned.removed.append(("teaser", line))
            continue
        teaser = 0
        if _ALSO_READ.match(line):
            teaser = 3
            cleaned.removed.append(("also read", line))
            continue
        if line in (".", "!", "?") and cleaned.lines and not is_sentence(cleaned.lines[-1]):
            cleaned.lines[-1] += line  # a sentence's full stop split off by the page export
            continue
        video = is_video_credit(line)
        rule = "video credit" if video else furniture(line)
        if rule is None:
            cleaned.lines.append(line)
            kept_from.append(index)
            continue
        cleaned.removed.append((rule, line))
        if video or (rule == "credit" and _PHOTO_CREDIT.search(line) and not _SITE_NOTICE.search(line)):
            _drop_caption(cleaned, kept_from, index, two_lines=not video)
    _strip_tail(cleaned)
    for rule, line in cleaned.removed:
        log.debug("removed (%s): %.80s", rule, line)
    return cleaned


def _drop_caption(cleaned: Cleaned, kept_from: list[int], credit: int, *, two_lines: bool) -> None:
    """The caption just above a credit: one line, or two when the upper one is a caption headline."""
    if not kept_from or kept_from[-1] != credit - 1 or words(cleaned.lines[-1]) >= 25:
        return
    cleaned.removed.append(("caption", cleaned.lines.pop()))
    kept_from.pop()
    upper = cleaned.lines[-1] if cleaned.lines else ""
    if (
        two_lines
        and kept_from
        and kept_from[-1] == credit - 2
        and words(upper) < 10
        and not is_sentence(upper)
    ):
        cleaned.removed.append(("caption", cleaned.lines.pop()))
        kept_from.pop()


def _strip_tail(cleaned: Cleaned) -> None:
    """Trailing leftovers: short unpunctuated lines and furniture at the very end of a page."""
    while cleaned.lines:
        last = cleaned.lines[-1]
        rule = furniture(last) or ("trailing label" if words(last) < 10 and not is_sentence(last) else None)
        if rule is None:
            return
        cleaned.removed.append((rule, cleaned.lines.pop()))


def strip_head(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Site chrome before the headline: very short lines, truncated teasers ("…"), furniture."""
    removed: list[tuple[str, str]] = []
    while lines:
        first = lines[0]
        rule = furniture(first) or ("site banner" if _is_banner(first) else None)
        if rule is None and words(first) < 4 and not is_sentence(first) and len(lines) > 1:
            # a site's name ("The Limited Times") rather than a short headline: more banner follows
            rule = "site banner" if furniture(lines[1]) or _is_banner(lines[1]) else None
        if rule is None:
            break
        removed.append((rule, first))
        lines = lines[1:]
    return lines, removed


def _is_banner(line: str) -> bool:
    """A truncated teaser ("Now you can see non-English news...")."""
    return line.endswith(("...", "…")) and words(line) < 12
