"""Records cross processes as versioned JSON and refuse anything else with our own error."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

import ticker
from tests.factories import item
from ticker.errors import DecodeError
from ticker.models import (
    Category,
    Claim,
    EnrichedItem,
    Enrichment,
    Entity,
    EntityKind,
    Metric,
    Precision,
    Qualifier,
    Subject,
    TickerItem,
    escape_part,
    version_key,
)


def test_item_round_trips_and_stores_times_as_utc() -> None:
    one = item(1, "2022-01-08T16:20:00+01:00")
    data = json.loads(one.to_json())
    assert data["schema"] == 1 and data["stated_at"] == "2022-01-08T15:20:00Z"
    back = TickerItem.from_json(one.to_json())
    assert back == one.__class__(**{**one.__dict__, "stated_at": one.stated_at.astimezone(UTC)})
    assert back.event_time == one.event_time


def test_event_time_falls_back_from_stated_to_published_to_ingested() -> None:
    one = item(1, "2022-01-08T16:20:00+01:00")
    published = datetime(2022, 1, 9, tzinfo=UTC)
    assert (
        one.__class__(**{**one.__dict__, "stated_at": None, "published_at": published}).event_time
        == published
    )
    bare = one.__class__(**{**one.__dict__, "stated_at": None})
    assert bare.event_time == bare.ingested_at


def test_day_precise_item_sorts_at_the_end_of_its_local_day() -> None:
    day = item(1, "2022-01-10T00:00:00+01:00", precision=Precision.DAY)
    assert day.sort_time == datetime(2022, 1, 10, 22, 59, 59, tzinfo=UTC)
    assert day.event_date.isoformat() == "2022-01-10"


@pytest.mark.parametrize(
    "raw",
    [b"\xff\xfe", "[1, 2]", '{"schema": 2, "id": "x"}', '{"schema": 1, "id": "x"}', "not json"],
)
def test_bad_payloads_raise_decode_error_with_the_raw_data(raw: str | bytes) -> None:
    with pytest.raises(DecodeError) as info:
        TickerItem.from_json(raw)
    assert info.value.raw is not None


@pytest.mark.parametrize("story", ["../evil", "Evil\x1b[2J", "a:b", ""])
def test_item_with_a_story_name_unfit_for_a_redis_key_is_refused(story: str) -> None:
    payload = json.loads(item(1, "2022-01-08T16:20:00+01:00").to_json()) | {"story": story}
    with pytest.raises(DecodeError, match="invalid story name"):
        TickerItem.from_dict(payload)


def test_enriched_item_round_trips() -> None:
    claim = Claim(Metric.ARRESTED, Subject.PEOPLE, 8000, Qualifier.ALMOST, claimant="Interior Ministry")
    one = item(1, "2022-01-10T08:01:00+01:00")
    enriched = EnrichedItem(one, Enrichment(one.id, one.revision, Category.ARRESTS, 0.8, claims=(claim,)))
    back = EnrichedItem.from_json(enriched.to_json())
    assert back.enrichment == enriched.enrichment
    assert back.enrichment.claims[0].key == "arrested:people"


def test_an_entity_kind_or_metric_from_a_newer_writer_drops_that_entry_not_the_item() -> None:
    claim = Claim(Metric.ARRESTED, Subject.PEOPLE, 8000, Qualifier.ALMOST)
    one = item(1, "2022-01-10T08:01:00+01:00")
    known = Entity("Almaty", EntityKind.PLACE)
    enriched = EnrichedItem(
        one, Enrichment(one.id, one.revision, Category.ARRESTS, 0.8, entities=(known,), claims=(claim,))
    )
    wire = json.loads(enriched.to_json())
    wire["enrichment"]["entities"].append({"name": "Flight 9", "kind": "vehicle", "surface_forms": []})
    wire["enrichment"]["claims"].append({**wire["enrichment"]["claims"][0], "metric": "quarantined"})
    wire["enrichment"]["topic"] = "astrology"
    back = EnrichedItem.from_json(json.dumps(wire)).enrichment
    assert (back.entities, back.claims, back.topic) == ((known,), (claim,), None)


def test_lone_surrogates_stay_escaped_on_the_wire() -> None:
    one = item(1, "2022-01-10T08:01:00+01:00", text="bad \ud800 text")
    wire = one.to_json()
    assert wire.isascii()
    assert TickerItem.from_json(wire).text == "bad \ud800 text"


def test_public_api_is_explicit() -> None:
    assert sorted(ticker.__all__) == sorted(set(ticker.__all__))
    for name in ticker.__all__:
        assert hasattr(ticker, name), name


@pytest.mark.parametrize(
    "item_id", ["urn:item:1", "tag:example.com,2022:entry:1", "{a}:b c", "項目 1", "x" * 512]
)
def test_a_printable_id_of_up_to_512_characters_round_trips(item_id: str) -> None:
    one = replace(item(1, "2022-01-05T10:00+01:00"), id=item_id, revision=item_id)
    back = TickerItem.from_json(one.to_json())
    assert (back.id, back.revision) == (item_id, item_id)


@pytest.mark.parametrize(
    ("item_id", "reason"),
    [("", "empty id"), ("x" * 513, "513 characters"), ("a\tb", "control"), ("a\u200bb", "control")],
)
def test_an_id_outside_the_contract_is_refused_with_the_reason(item_id: str, reason: str) -> None:
    data = json.loads(item(1, "2022-01-05T10:00+01:00").to_json()) | {"id": item_id}
    with pytest.raises(DecodeError, match=reason):
        TickerItem.from_dict(data)


def test_version_keys_of_ids_with_colons_never_meet() -> None:
    assert version_key("a:b", "c") != version_key("a", "b:c")
    assert version_key("plain", "r1") == "plain:r1"  # as stored before escaping
    assert escape_part("a:b") != version_key("a", "b")  # an id's own mark is never a version key
