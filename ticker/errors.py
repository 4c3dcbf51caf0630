"""The error tree. Every error ticker raises on purpose derives from TickerError.

The CLI maps each class to an exit code (sysexits.h where one fits).
"""

from __future__ import annotations

from typing import Any


class TickerError(Exception):
    """Raised for any failure ticker anticipates; the CLI shows it in one line."""

    exit_code = 1


class SourceError(TickerError):
    """Raised when a source cannot be read or parsed at some position."""

    exit_code = 65  # EX_DATAERR

    def __init__(self, source: str, position: str, reason: str) -> None:
        super().__init__(f"{source}:{position}: {reason}")
        self.source = source
        self.position = position
        self.reason = reason


class SourceUnavailable(SourceError):
    """Raised when a source cannot be opened or fetched at all."""

    exit_code = 66  # EX_NOINPUT


class DecodeError(TickerError):
    """Raised when a payload from the wire is not a record we understand."""

    exit_code = 65

    def __init__(self, reason: str, raw: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.raw = raw


class ConfigError(TickerError):
    """Raised when the configuration cannot work (or cannot be safe)."""

    exit_code = 78  # EX_CONFIG


class RedisUnavailable(TickerError):
    """Raised when Redis cannot be reached after the configured retries."""

    exit_code = 69  # EX_UNAVAILABLE


class RedisAuthError(TickerError):
    """Raised when Redis refuses our credentials or permissions."""

    exit_code = 77  # EX_NOPERM


class MissingDependency(TickerError):
    """Raised when a program ticker needs (redis-server) is not installed."""

    exit_code = 69


class AnswerKeyError(TickerError):
    """Raised when an answer key cannot be read or is not a format ticker can score."""

    exit_code = 65  # EX_DATAERR

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class NoSuchStory(TickerError):
    """Raised when a command names a story the Redis has no items of (or has no stories at all)."""

    exit_code = 66  # EX_NOINPUT: the input asked for is not there

    def __init__(self, story: str | None, known: list[str], hint: str = "") -> None:
        if not known:
            message = "no stories in this Redis yet: replay or run some sources first"
        else:
            message = f"no story {story!r} in this Redis; its stories: {', '.join(known)}"
        super().__init__(f"{message} ({hint})" if hint else message)
        self.story = story
        self.known = known


class NoSuchItem(TickerError):
    """An item asked for by id that the story's stream does not hold."""

    exit_code = 66  # EX_NOINPUT
