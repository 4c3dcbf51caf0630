"""The store's Lua scripts, read once from the ``.lua`` files beside this module."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def source(name: str) -> str:
    """The text of ``<name>.lua``; each file's header lists its KEYS and ARGV."""
    return files(__package__).joinpath(f"{name}.lua").read_text(encoding="utf-8")
