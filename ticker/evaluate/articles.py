"""Score claims against article gold (one incident per article, killed and injured counts).

The article's count for a metric is the largest standing claim for people that covers the
whole event: not retracted and not a part of another (see ``count_of``). An article is scored
on a metric only where its gold number occurs in the text. A claim "reads a trap" when its
value occurs in the words it was taken from only as an age ("21-year-old", "Smith, 21,"), a
year, part of an address or part of a phone number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from urllib.parse import urlsplit

from ticker.evaluate.keys import Article
from ticker.evaluate.table import Tally
from ticker.ingest.page import Page, make_item
from ticker.models import Claim, Enrichment, ItemKind, Metric, Subject, TickerItem

_STREET = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Boulevard|Blvd|Lane|Ln|Court|Ct|Place|Pl|Way|"
    r"Circle|Cir|Highway|Hwy|Parkway|Pkwy|Terrace|Trail|Pike|Square)(?![\w-])"
)
TRAPS: dict[str, re.Pattern[str]] = {
    "age": re.compile(
        r"\b(\d{1,3})(?:-|\s)(?:years?|yrs?)(?:-|\s)old\b|\baged?\s(\d{1,3})\b"
        r"|\b[A-Z][a-z'-]+,\s(\d{1,3}),"
    ),
    "year": re.compile(r"\b(1[89]\d\d|20\d\d)\b"),
    "address": re.compile(
        rf"\b(\d{{1,6}})\s+(?:block\s+of\s+)?(?:[NSEW]\.?\s+)?(?:[A-Z0-9][\w'.-]*\s+){{1,3}}{_STREET}"
        r"|\b(\d{1,6})\s+block\b"
    ),
    "phone": re.compile(r"(?:\(?\b(\d{3})\)?[-.\s])?\b(\d{3})[-.](\d{4})\b"),
}
_NUMBER = re.compile(r"\b\d[\d,]*\b")
_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


@dataclass(frozen=True)
class ArticleScore:
    killed_right: Tally
    injured_right: Tally
    traps: int
    trap_examples: tuple[str, ...]


_NOT_PEOPLE = frozenset({Subject.BUILDINGS, Subject.ATTACKERS})


def item_of(article: Article, source: str) -> TickerItem:
    """The article as ingestion makes it: a day-precise article of its own story."""
    page = Page(
        story=f"article-{article.id}",
        outlet=urlsplit(article.url or "").hostname or "unknown",
        source=source,
        kind="article",
        published=datetime.combine(article.published, time(), tzinfo=UTC),
        published_is_day=True,
        url=article.url,
    )
    lines = article.text.splitlines()
    return make_item(page, article.id, ItemKind.ARTICLE, article.title, lines, removed=0, stated=None)


def count_of(claims: Sequence[Claim], metric: Metric) -> int:
    """The article's count: its largest standing claim for people that is not a part of another
    (a place named with it only locates the one incident). Injuries not reported as such are the
    people shot less those killed ("four people were shot, three fatally": one injured)."""
    count = max((c.value for c in claims if c.metric is metric and _whole(c)), default=0)
    if metric is Metric.INJURED:
        shot = max((c.value for c in claims if c.metric is Metric.SHOT and _whole(c)), default=0)
        count = max(count, shot - count_of(claims, Metric.KILLED))
    return count


def _whole(claim: Claim) -> bool:
    return claim.subject not in _NOT_PEOPLE and not claim.retracted and not claim.part


def trap_values(text: str) -> tuple[set[int], set[int]]:
    """(numbers that occur as an age, year, address or phone part; numbers that occur otherwise)."""
    trapped: set[int] = set()
    spans: list[tuple[int, int]] = []
    for pattern in TRAPS.values():
        for match in pattern.finditer(text):
            for group in range(1, (pattern.groups or 0) + 1):
                if match.group(group):
                    trapped.add(int(match.group(group)))
                    spans.append(match.span(group))
    plain = {
        int(m.group().replace(",", ""))
        for m in _NUMBER.finditer(text)
        if not any(start <= m.start() < end for start, end in spans)
    }
    lowered = text.lower()
    plain |= {n for n, word in enumerate(_WORDS, 1) if re.search(rf"\b{word}\b", lowered)}
    return trapped, plain


def reads_trap(claim: Claim, article: Article) -> bool:
    trapped, plain = trap_values(claim.quote or f"{article.title}\n{article.text}")
    return claim.value in trapped and claim.value not in plain


def score(articles: Sequence[tuple[Article, Enrichment]]) -> ArticleScore:
    killed = [(a, count_of(e.claims, Metric.KILLED)) for a, e in articles if a.killed_in_text]
    injured = [(a, count_of(e.claims, Metric.INJURED)) for a, e in articles if a.injured_in_text]
    traps = [(a, c) for a, e in articles for c in e.claims if reads_trap(c, a)]
    return ArticleScore(
        killed_right=Tally(sum(a.killed == got for a, got in killed), len(killed)),
        injured_right=Tally(sum(a.injured == got for a, got in injured), len(injured)),
        traps=len(traps),
        trap_examples=tuple(f"{a.id}: {c.key} {c.value} in {c.quote[:80]!r}" for a, c in traps),
    )
