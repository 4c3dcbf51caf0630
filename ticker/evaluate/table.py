"""The target table: one line per check, with its value, its target and whether it is met."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Bound(StrEnum):
    RATIO_AT_LEAST = "ratio_at_least"  # got/total >= limit
    COUNT_AT_MOST = "count_at_most"  # got <= limit
    ALL = "all"  # got == total


@dataclass(frozen=True)
class Target:
    bound: Bound
    limit: float = 0.0

    def met(self, got: int, total: int) -> bool:
        match self.bound:
            case Bound.RATIO_AT_LEAST:
                return ratio(got, total) >= self.limit
            case Bound.COUNT_AT_MOST:
                return got <= self.limit
            case Bound.ALL:
                return got == total

    def label(self) -> str:
        match self.bound:
            case Bound.RATIO_AT_LEAST:
                return f">= {self.limit:.2f}"
            case Bound.COUNT_AT_MOST:
                return f"<= {self.limit:g}"
            case Bound.ALL:
                return "all"


RECALL = Target(Bound.RATIO_AT_LEAST, 0.85)
CLAIMANT = Target(Bound.RATIO_AT_LEAST, 0.80)
DISTRACTORS = Target(Bound.COUNT_AT_MOST, 1)
RETRACTIONS = Target(Bound.ALL)
CURRENT_FIGURE = Target(Bound.RATIO_AT_LEAST, 0.90)
ARTICLE_COUNT = Target(Bound.RATIO_AT_LEAST, 0.85)
TRAPS = Target(Bound.COUNT_AT_MOST, 0)


@dataclass(frozen=True)
class Tally:
    """How many of how many: hits of points, checks right, distractors taken."""

    got: int
    total: int


def ratio(got: int, total: int) -> float:
    return got / total if total else 1.0


@dataclass(frozen=True)
class Line:
    key: str  # the blog or gold file
    text: str  # "plain", "cased", "articles", ...
    check: str
    tally: Tally
    target: Target

    @property
    def got(self) -> int:
        return self.tally.got

    @property
    def total(self) -> int:
        return self.tally.total

    @property
    def passed(self) -> bool:
        return self.target.met(self.got, self.total)

    def value(self) -> str:
        if self.target.bound is Bound.COUNT_AT_MOST:
            return f"{self.got} of {self.total}"
        return f"{self.got}/{self.total} = {ratio(self.got, self.total):.2f}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "text": self.text,
            "check": self.check,
            "got": self.got,
            "total": self.total,
            "target": {"bound": self.target.bound.value, "limit": self.target.limit},
            "pass": self.passed,
        }


HEADER = ("key", "text", "check", "value", "target", "")


def render(lines: Sequence[Line]) -> str:
    """The table as aligned plain-text columns, one line per check."""
    rows = [
        HEADER,
        *((ln.key, ln.text, ln.check, ln.value(), ln.target.label(), _verdict(ln)) for ln in lines),
    ]
    widths = [max(len(row[n]) for row in rows) for n in range(len(HEADER))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows
    )


def _verdict(line: Line) -> str:
    return "PASS" if line.passed else "MISS"
