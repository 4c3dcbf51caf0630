"""The sample story through the pure core (ingest, enrich, fold): the answer key is the spec."""

from __future__ import annotations

import random
from functools import cache

from tests.conftest import SAMPLE
from tests.seedkey import assert_matches_key, key
from ticker.enrich import enrich
from ticker.ingest import read_sources
from ticker.models import EnrichedItem
from ticker.summary import Summary, fold


@cache
def seed_items() -> tuple[EnrichedItem, ...]:
    result = read_sources([str(SAMPLE)])
    assert not result.errors
    return tuple(EnrichedItem(item, enrich(item)) for item in result.items)


def comparable(summary: Summary) -> dict[str, object]:
    data = summary.to_dict()
    data.pop("version")
    return data


def test_final_summary_matches_the_answer_key() -> None:
    summary = fold("kazakhstan-2022", seed_items())
    assert_matches_key(summary.to_dict())
    assert summary.items == len(seed_items())
    assert set(summary.sources) == {s["outlet"] for s in _manifest_sources()}


def test_any_arrival_order_gives_the_same_summary() -> None:
    items = list(seed_items())
    expected = comparable(fold("kazakhstan-2022", items))
    rng = random.Random(2022)
    for _ in range(10):
        rng.shuffle(items)
        assert comparable(fold("kazakhstan-2022", items)) == expected


def test_key_actors_are_canonical() -> None:
    summary = fold("kazakhstan-2022", seed_items())
    names = {a.name for a in summary.actors}
    for canonical in ("Kassym-Jomart Tokayev", "Karim Massimov", "Vladimir Putin", "Antony Blinken"):
        surname = canonical.split()[-1][:5]
        matching = [n for n in names if surname in n]
        assert len(matching) == 1, (canonical, matching)
    assert len(key()["actors"]) >= 17


def test_developments_collapse_cross_outlet_duplicates() -> None:
    summary = fold("kazakhstan-2022", seed_items())
    assert any(len(set(d.outlets)) > 1 for d in summary.developments)
    assert len(summary.developments) <= 40


def _manifest_sources() -> list[dict[str, str]]:
    import json

    manifest = json.loads((SAMPLE / "manifest.json").read_text())
    sources: list[dict[str, str]] = manifest["sources"]
    return sources
