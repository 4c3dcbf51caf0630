"""`tail --entity NAME` finds an entity by any of its aliases, in any case."""

from __future__ import annotations

import pytest

from ticker.follow import names_entity
from ticker.models import Entity, EntityKind

PERSON = Entity("Kassym-Shomart Tokayev", EntityKind.PERSON, ("President Tokayev", "Kassym-Shomart Tokayev"))
ALLIANCE = Entity("Organization of the Collective Security Treaty", EntityKind.ORGANISATION, ())


@pytest.mark.parametrize("wanted", ["Tokayev", "tokayev", "Kassym-Jomart Tokayev", "kassym-jomart tokayev"])
def test_every_spelling_of_the_person_finds_the_item(wanted: str) -> None:
    assert names_entity(wanted, PERSON)


@pytest.mark.parametrize("wanted", ["CSTO", "csto", "Collective Security Treaty Organization"])
def test_acronym_and_reordered_long_name_find_the_organisation(wanted: str) -> None:
    assert names_entity(wanted, ALLIANCE)


@pytest.mark.parametrize("wanted", ["Nazarbayev", "Jomart", "NATO"])
def test_other_names_do_not(wanted: str) -> None:
    assert not names_entity(wanted, PERSON) and not names_entity(wanted, ALLIANCE)
