"""On the dev set (../shared/eval/dev beside the clone): the table covers it, and ticker names none of it.

Skipped when the dev set is not there locally; a failure in CI (CI=true), where it must be.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.processes import ROOT
from ticker.evaluate.bullets import is_bullet_file
from ticker.evaluate.keys import LiveBlogKey, read_key
from ticker.evaluate.run import dev_keys, dev_lines

DEV = ROOT.parent / "shared" / "eval" / "dev"
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Capitalised in the keys as parts of names, but ordinary words in code; nationality adjectives,
# which a general list of nationalities may hold, are not names of a story's places or people.
ORDINARY = {"Airways", "College", "Fire", "Pacific", "Ring", "University"}
NATIONALITIES = {"Chinese", "Japanese", "Kenyan", "Somali", "Ugandan"}
GAZETTEER = ROOT / "ticker" / "data" / "places.json"  # generated from world place lists (scripts/)
_KEY_EVENT_TIME = re.compile(r"^[\d.:]+\s*[ap]m\s+[A-Z]{3}\s+[\d:]+\s+")


@pytest.fixture(scope="module")
def dev() -> Path:
    if not DEV.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the dev set is not at {DEV}: CI must place shared/ beside the clone")
        pytest.skip(f"the dev set is not at {DEV} (place shared/ beside the clone to run this)")
    return DEV


def liveblog_keys(dev: Path) -> list[LiveBlogKey]:
    keys = [read_key(p) for p in dev_keys(dev) if not is_bullet_file(p)]
    return [k for k in keys if isinstance(k, LiveBlogKey)]


def _capitalised_names(text: str) -> set[str]:
    """Words a headline capitalises other than as its first word, or with an inner capital."""
    names = set()
    for part in re.split(r"(?<=[.:;!?])\s+|\s+[-–]\s+|\(|\|", text):
        for n, token in enumerate(part.split()):
            word = re.sub(r"^[\"'‘“]+|[\"'’”),.:;!?]+$", "", token).removesuffix("'s").removesuffix("’s")
            inner = re.fullmatch(r"[A-Z][a-z]+(?:-?[A-Z][a-z]+)+", word)
            if inner or (n > 0 and re.fullmatch(r"[A-Z][a-z]{2,}", word)) or token.endswith(("'s", "’s")):
                names.add(word)
    return names


def story_names(dev: Path) -> set[str]:
    names: set[str] = set()
    for path in sorted((dev / "liveblogs").glob("*_key.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        texts = [data["title"].split(" | ")[0], data.get("event", "")]
        texts += [_KEY_EVENT_TIME.sub("", e["text"]) for e in data.get("editor_key_events", [])]
        texts += [str(b) for b in data.get("editor_bulletin_summary") or []]
        texts += [d.get("why", "") for d in data["distractors"]]
        texts += [p.get("note", "") for p in data["figure_timeline"]]
        for text in texts:
            names |= _capitalised_names(text)
    return (
        {n for n in names if re.fullmatch(r"[A-Z][\w-]+", n)}
        - ORDINARY
        - NATIONALITIES
        - set(MONTHS)
        - set(DAYS)
    )


def test_the_names_are_read_from_the_keys(dev: Path) -> None:
    names = story_names(dev)
    assert len(names) >= 10, sorted(names)


def test_the_package_names_no_dev_story_place_or_person(dev: Path) -> None:
    names = story_names(dev)
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names)) + r")\b", re.IGNORECASE)
    found = []
    for folder in ("ticker", "workers"):
        for path in sorted((ROOT / folder).rglob("*")):
            if (
                path.is_file()
                and path != GAZETTEER
                and path.suffix in {".py", ".txt", ".json", ".toml", ".lua"}
            ):
                for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    found += [f"{path.relative_to(ROOT)}:{n}: {m.group()}" for m in pattern.finditer(line)]
    assert found == [], "\n".join(found)


def test_every_dev_key_reads_and_the_table_covers_each_blog_twice(dev: Path) -> None:
    lines = dev_lines(dev)
    blogs = liveblog_keys(dev)
    assert blogs
    for key in blogs:
        assert {ln.text for ln in lines if ln.key == key.name} == {"plain", "cased"}
        assert sum(ln.key == key.name and ln.check == "current figure right" for ln in lines) == 2
    retractions = {ln.key for ln in lines if ln.check == "retractions flagged"}
    assert retractions == {k.name for k in blogs if any(p.status == "retracted" for p in k.timeline)}
    assert any(ln.text == "articles" and ln.check.startswith("killed right") for ln in lines)
    topics = {ln.text for ln in lines if ln.check == "topic right (IPTC)"}
    assert topics == {"trained on", "held out"}  # the model says which files it learnt from
    assert any(ln.check == "linked proper nouns found" for ln in lines)
