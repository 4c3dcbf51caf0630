"""Key actors: named as most outlets write them, and never a news outlet or agency."""

from __future__ import annotations

import itertools
from dataclasses import replace

from tests.factories import enriched, item
from ticker.enrich.media import is_media
from ticker.models import EnrichedItem, Entity, EntityKind
from ticker.summary import fold

ENGLISH = "The president said on Friday that the troops of the alliance were in the city."


def named(n: int, when: str, outlet: str, name: str) -> EnrichedItem:
    return enriched(item(n, when, outlet=outlet, text=ENGLISH), actors=(name,))


def test_the_spelling_most_outlets_use_wins_over_the_longest() -> None:
    items = [
        named(1, "2022-01-05T10:00:00+00:00", "A", "Kassym-Schomart Tokayev"),
        named(2, "2022-01-05T11:00:00+00:00", "B", "Kassym-Jomart Tokayev"),
        named(3, "2022-01-05T12:00:00+00:00", "C", "Kassym-Jomart Tokayev"),
        named(4, "2022-01-05T13:00:00+00:00", "D", "Tokayev"),
    ]
    names = {fold("s", list(order)).actors[0].name for order in itertools.permutations(items)}
    assert names == {"Kassym-Jomart Tokayev"}  # in any arrival order


def test_the_name_at_a_time_is_the_majority_of_the_items_up_to_then() -> None:
    items = [
        named(1, "2022-01-05T10:00:00+00:00", "A", "Kassym-Schomart Tokayev"),
        named(2, "2022-01-05T11:00:00+00:00", "A", "Kassym-Schomart Tokayev"),
        named(3, "2022-01-05T12:00:00+00:00", "B", "Kassym-Jomart Tokayev"),
        named(4, "2022-01-05T13:00:00+00:00", "C", "Kassym-Jomart Tokayev"),
    ]
    assert fold("s", items[:1]).actors[0].name == "Kassym-Schomart Tokayev"
    assert fold("s", items[:3]).actors[0].name == "Kassym-Jomart Tokayev"  # a tie: one outlet each, alphabet
    assert fold("s", items).actors[0].name == "Kassym-Jomart Tokayev"


def test_outlets_and_agencies_are_not_key_actors() -> None:
    items = [
        named(1, "2022-01-05T10:00:00+00:00", "A", "Reuters"),
        named(2, "2022-01-05T11:00:00+00:00", "A", "Khabar 24"),
        named(3, "2022-01-05T12:00:00+00:00", "Daily Planet", "Daily Planet"),
        named(4, "2022-01-05T13:00:00+00:00", "B", "Marco Rubio"),
    ]
    assert [a.name for a in fold("s", items).actors] == ["Marco Rubio"]


def test_a_body_any_item_calls_an_outlet_is_no_key_actor_in_any_order() -> None:
    """One item names the agency as a body, another calls it a news agency: it is a source."""

    def naming(n: int, kind: EntityKind) -> EnrichedItem:
        base = named(n, f"2022-01-05T1{n}:00:00+00:00", "A", "Marco Rubio")
        entities = (*base.enrichment.entities, Entity("Velinform", kind, ("Velinform",)))
        return EnrichedItem(base.item, replace(base.enrichment, entities=entities))

    items = [
        naming(1, EntityKind.ORGANISATION),
        naming(2, EntityKind.MEDIA),
        naming(3, EntityKind.PERSON),  # a lone name a rule took for a person's
        naming(4, EntityKind.ORGANISATION),
    ]
    for order in itertools.permutations(items):
        assert [a.name for a in fold("s", list(order)).actors] == ["Marco Rubio"]
    assert [a.name for a in fold("s", items[:1]).actors] == [
        "Marco Rubio",
        "Velinform",
    ]  # nothing said it yet


def test_outlet_shaped_names_are_media_and_bodies_are_not() -> None:
    assert all(map(is_media, ["AFP", "TASS", "Channel 5 News", "Radio Liberty", "Anadolu", "Tribune News"]))
    assert not any(map(is_media, ["International Atomic Energy Agency", "Group of 20", "Interior Ministry"]))
