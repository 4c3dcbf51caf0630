"""The summary's hash layout: applying each commit's diff to the stored fields reads back the summary."""

from __future__ import annotations

import json
import random

from tests.factories import claim, enriched, item
from ticker.models import EnrichedItem, Metric, Precision, Subject
from ticker.store import layout
from ticker.summary import Limits, Summary, apply

LEADS = [
    "Protesters stormed the mayor's office in Almaty",
    "Protesters stormed the mayor's office in Almaty on Wednesday",
    "The government resigned after fuel prices doubled",
    "Troops were sent to restore order in the city",
    "Internet access was cut across the country",
]
ACTORS = ["Tokayev", "Kassym-Jomart Tokayev", "Nazarbayev", "Interior Ministry", "Kassym-Shomart Tokayev"]


def messy(n: int, rng: random.Random, revision: str = "r1") -> EnrichedItem:
    when = f"2022-01-{5 + rng.randrange(4):02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}+01:00"
    metric = rng.choice([Metric.KILLED, Metric.ARRESTED, Metric.INJURED])
    claims = [claim(metric, rng.randrange(1, 500), subject=rng.choice([Subject.PEOPLE, Subject.PROTESTERS]))]
    if rng.random() < 0.3:
        claims.append(claim(metric, rng.randrange(1, 50), scope="in two markets"))
    return enriched(
        item(
            n,
            when,
            outlet=f"Outlet {rng.randrange(4)}",
            revision=revision,
            precision=rng.choice(list(Precision)),
        ),
        *claims,
        lead=rng.choice(LEADS) if rng.random() < 0.9 else "",
        actors=tuple(rng.sample(ACTORS, rng.randrange(3))),
    )


def stored(fields: dict[str, str], diff: layout.Diff, version: int) -> dict[str, str]:
    fields = {
        **fields,
        **{name: json.dumps(value) for name, value in diff.fields.items()},
        "version": str(version),
    }
    for name in diff.deleted:
        fields.pop(name, None)
    return fields


def test_every_commit_written_as_a_diff_reads_back_as_the_summary_it_stored() -> None:
    rng = random.Random(7)
    limits = Limits(history=5, developments=3, actors=3, reports=4)  # small bounds: things fall out
    state, fields, seen = Summary("test-story"), dict[str, str](), set[int]()
    for step in range(300):
        n = rng.randrange(60)
        one = messy(n, rng, revision=f"r{step}")  # a number seen before comes back as a new revision
        new, _ = apply(state, one, first_sighting=n not in seen, limits=limits)
        seen.add(n)
        fields = stored(fields, layout.diff(new, state), new.version)
        assert layout.from_fields(fields) == new, f"step {step}"
        state = new
    # nothing is left behind: every stored report and observation is one the summary holds
    assert fields == stored({}, layout.full(state), state.version)


def test_a_summary_in_the_legacy_layout_is_read_and_rewritten_whole() -> None:
    rng = random.Random(3)
    state = Summary("test-story")
    for n in range(20):
        state, _ = apply(state, messy(n, rng))
    head = {k: v for k, v in state.to_dict().items() if k != "figures"}
    legacy = {"version": str(state.version), "head": json.dumps(head)}
    legacy |= {f"figure:{k}": json.dumps(f.to_dict()) for k, f in state.figures.items()}
    assert layout.is_legacy(legacy)
    assert layout.from_fields(legacy) == state
    rewritten = stored(legacy, layout.full(state), state.version)
    assert "head" not in rewritten
    assert layout.from_fields(rewritten) == state
