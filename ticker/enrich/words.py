"""Word lists written as one string: ``wordset("killed dead died")``."""

from __future__ import annotations


def wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


def wordlist(text: str) -> tuple[str, ...]:
    return tuple(text.split())
