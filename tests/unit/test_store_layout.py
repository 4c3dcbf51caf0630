"""The summary's hash layout: applying each commit's diff to the stored fields reads back the summary."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _with_id(one: EnrichedItem, item_id: str) -> EnrichedItem:
    return replace(one, item=replace(one.item, id=item_id))


printable_ids = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cf", "Zl", "Zp")),
    min_size=1,
    max_size=512,
).filter(str.isprintable)


@settings(max_examples=60, deadline=None)
@given(ids=st.lists(printable_ids, min_size=1, max_size=8, unique=True))
def test_any_printable_ids_read_back_and_fold_as_plain_ones(ids: list[str]) -> None:
    rng = random.Random(5)
    items = [messy(n, rng) for n in range(len(ids))]
    plain, hostile, fields = Summary("test-story"), Summary("test-story"), dict[str, str]()
    for one, item_id in zip(items, ids, strict=True):
        plain, _ = apply(plain, one)
        new, _ = apply(hostile, _with_id(one, item_id))
        fields = stored(fields, layout.diff(new, hostile), new.version)
        hostile = new
        assert layout.from_fields(fields) == hostile
    assert layout.unescaped_names(fields) == []
    # the same story folds to the same figures whatever its ids
    assert {k: [o.value for o in f.observations] for k, f in hostile.figures.items()} == {
        k: [o.value for o in f.observations] for k, f in plain.figures.items()
    }


def test_report_names_written_before_escaping_are_read_and_listed_for_the_rewrite() -> None:
    state = Summary("test-story")
    for n, item_id in enumerate(["urn:item:1", "tag:example.com,2022:entry:1", "plain"]):
        one = enriched(item(n, "2022-01-05T10:00+01:00"), claim(Metric.INJURED, 70 + n))
        state, _ = apply(state, _with_id(one, item_id))
    fields = stored({}, layout.full(state), state.version)
    # the names 5458d3c wrote: <metric>:<subject>:<raw item id>:<index>
    old = dict(fields)
    for o in state.figures["injured:people"].observations:
        fig = state.figures["injured:people"]
        old[f"obs:{fig.key}:{o.item_id}:{o.index}"] = old.pop(
            "obs:" + layout.report_name(fig, o.item_id, o.index)
        )
    assert sorted(layout.unescaped_names(old)) == [
        "obs:injured:people:tag:example.com,2022:entry:1:0",
        "obs:injured:people:urn:item:1:0",
    ]
    assert layout.from_fields(old) == state
    repaired = stored(old, layout.full(state), state.version)
    for name in layout.unescaped_names(old):
        repaired.pop(name)
    assert layout.unescaped_names(repaired) == [] and layout.from_fields(repaired) == state


def test_a_field_that_cannot_be_read_is_skipped_and_the_rest_of_the_story_stays(
    caplog: pytest.LogCaptureFixture,
) -> None:
    state = Summary("test-story")
    for n in range(3):
        state, _ = apply(state, enriched(item(n, "2022-01-05T10:00+01:00"), claim(Metric.KILLED, 10 + n)))
    fields = stored({}, layout.full(state), state.version)
    bad = next(name for name in fields if name.startswith("obs:"))
    fields[bad] = "{not json"
    fields["obs:nosuchmetric:people:x:0"] = fields[
        next(n for n in fields if n.startswith("obs:") and n != bad)
    ]
    fields["actor:Someone"] = json.dumps({"no": "name"})
    read = layout.from_fields(fields)
    assert read is not None
    assert len(read.figures["killed:people"].observations) == 2
    assert read.actors == state.actors
    assert (
        bad in caplog.text and "obs:nosuchmetric:people:x:0" in caplog.text and "actor:Someone" in caplog.text
    )
