"""Silver points right per half of the split (score_silver.py's --out files), as the scorer counts.

Usage: python scripts/silver_halves.py SPLIT.toml RESULTS.json [RESULTS.json ...]
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import Any


def _counts(blogs: list[dict[str, Any]]) -> str:
    points = [p for b in blogs for p in b["points"]]
    finals = 0
    for blog in blogs:
        last = max(p["time_utc"] for p in blog["points"])
        finals += all(p["right"] for p in blog["points"] if p["time_utc"] == last)
    right = sum(p["right"] for p in points)
    share = right / max(1, len(points))
    return f"points {right}/{len(points)} = {share:.2f}, final headlines {finals}/{len(blogs)}"


def main(split_path: str, *results: str) -> None:
    split = tomllib.loads(Path(split_path).read_text())
    for path in results:
        blogs = {b["blog"]: b for b in json.loads(Path(path).read_text())["blogs"]}
        errors = sorted(name for name, b in blogs.items() if b.get("error"))
        for half in ("tune", "check"):
            half_blogs = [blogs[n] for n in split[half] if n in blogs]
            sys.stdout.write(f"{Path(path).stem:14} {half:6} {_counts(half_blogs)}\n")
        failed = f"  errors: {errors}" if errors else ""
        sys.stdout.write(f"{Path(path).stem:14} {'all':6} {_counts(list(blogs.values()))}{failed}\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
