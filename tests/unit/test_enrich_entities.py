"""Entities: one canonical name per actor across spellings, titles, surnames and acronyms."""

from __future__ import annotations

import pytest

from ticker.enrich.canonical import canonical_key, same_actor
from ticker.enrich.entities import extract
from ticker.enrich.gazetteer import lookup
from ticker.enrich.sentences import Paragraph, paragraphs
from ticker.models import Entity, EntityKind


def entities_of(text: str) -> tuple[Entity, ...]:
    return extract(paragraphs(text))


def names(text: str, kind: EntityKind) -> set[str]:
    return {e.name for e in entities_of(text) if e.kind is kind}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kassym-Jomart Tokayev", "Kassym-Shomart Tokayev"),
        ("Kassym-Jomart Tokayev", "Kassym-Schomart Tokayev"),
        ("Karim Massimov", "Karim Massimow"),
        ("Marco Buschmann", "Marco Bushmann"),
    ],
)
def test_transliterations_share_a_canonical_key(a: str, b: str) -> None:
    assert canonical_key(a) == canonical_key(b)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Kassym-Jomart Tokayev", "President Tokayev", True),
        ("Kassym-Jomart Tokayev", "Tokayev", True),
        ("Karim Massimov", "Massimow", True),
        ("Xi Jinping", "Xi", True),
        ("Ursula von der Leyen", "von der Leyen", True),
        ("CSTO", "Collective Security Treaty Organization", True),
        ("Collective Security Treaty Organization", "Organization of the Collective Security Treaty", True),
        ("OSCE", "Organization for Security and Cooperation in Europe", True),
        ("Ministry of Health", "Health Ministry", True),
        ("Joe Biden", "Hunter Biden", False),
        ("Interior Ministry", "Foreign Ministry", False),
        ("Interior Ministry", "Ministry", False),
        ("NATO", "CSTO", False),
        ("Vladimir Putin", "Vladimir Lenin", False),
    ],
)
def test_same_actor(a: str, b: str, same: bool) -> None:
    assert same_actor(a, b) is same
    assert same_actor(b, a) is same


def test_spellings_and_titles_of_one_person_make_one_entity() -> None:
    found = entities_of(
        "President Kassym-Schomart Tokayev is continuing to reorganize the leadership. "
        "Putin had a call with the Kazakh head of state Kassym-Shomart Tokayev, according to the Kremlin. "
        "Prime Minister Tokayev asked for help. Tokayev said order had been restored."
    )
    people = [e for e in found if e.kind is EntityKind.PERSON and "Tokayev" in e.name]
    assert len(people) == 1
    assert {"Prime Minister Tokayev", "Tokayev", "Kassym-Shomart Tokayev"} <= set(people[0].surface_forms)


def test_long_name_and_acronym_make_one_organisation() -> None:
    found = entities_of(
        "Tokayev asked the Collective Security Treaty Organization (CSTO) for help. The CSTO agreed. "
        "The Moscow-led military alliance sent troops."
    )
    orgs = [e for e in found if e.kind is EntityKind.ORGANISATION]
    assert len(orgs) == 1
    assert {"CSTO", "Collective Security Treaty Organization", "Moscow-led military alliance"} <= set(
        orgs[0].surface_forms
    )


def test_titles_and_role_words_are_not_part_of_names() -> None:
    text = (
        "Federal Justice Minister Marco Buschmann condemned the order. US Secretary of State Antony Blinken "
        "warned on Friday. NATO Secretary General Jens Stoltenberg said the alliance was concerned. "
        "Kremlin spokesman Dmitry Peskov said Putin had called."
    )
    assert {"Marco Buschmann", "Antony Blinken", "Jens Stoltenberg", "Dmitry Peskov"} <= names(
        text, EntityKind.PERSON
    )
    assert {"NATO", "Kremlin"} <= names(text, EntityKind.ORGANISATION)


def test_places_come_from_the_gazetteer_under_one_name() -> None:
    text = "The state of emergency in Almaty and the capital Nur-Sultan was extended to all of Kazakhstan."
    assert names(text, EntityKind.PLACE) == {"Almaty", "Astana", "Kazakhstan"}
    assert lookup("Alma-Ata") == lookup("Almaty")


@pytest.mark.parametrize(
    ("text", "junk"),
    [
        ("After violent riots in Kazakhstan, Prime Minister T", "T"),
        ("EU Commission President Ursula von der Leyen called for restraint.", "Ursula"),
        ("Kazakh forces and Russian paratroopers patrolled the streets.", "Kazakh"),
        ("Russian President Vladimir Putin spoke by phone.", "Vladimir"),
        ("Several Kazakh Telegram channels published videos on Thursday night.", "Telegram"),
    ],
)
def test_no_junk_entities(text: str, junk: str) -> None:
    assert junk not in {e.name for e in entities_of(text)}


def test_media_names_with_numbers_are_outlets() -> None:
    text = (
        "There were more than 3,000 arrests, reported the state broadcaster Khabar 24, citing the ministry."
    )
    assert "Khabar 24" in names(text, EntityKind.MEDIA)


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        (
            "According to the state agency Velinform, all flags were at half-mast. Velinform said more.",
            "Velinform",
        ),
        ("Broadcaster Tarvo 7 reported the figure.", "Tarvo 7"),
        ("The figure was given by the newspaper Dnevna Zora on Monday.", "Dnevna Zora"),
        ("Merovia news agency said the roads were closed.", "Merovia"),
        ("Officials told Radio Free Harbour that the port was shut.", "Radio Free Harbour"),
    ],
)
def test_a_name_the_text_calls_an_outlet_is_media_in_the_whole_item(text: str, outlet: str) -> None:
    found = {e.name: e.kind for e in entities_of(text)}
    assert found.get(outlet) is EntityKind.MEDIA, found


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("The agency Frontera said 40 boats were stopped.", "Frontera"),
        ("Officials blamed the militant network Harrakat for the attack.", "Harrakat"),
    ],
)
def test_an_agency_or_network_that_is_not_a_news_one_stays_an_organisation(text: str, body: str) -> None:
    assert body in names(text, EntityKind.ORGANISATION)


def test_an_adjective_of_a_country_names_the_country() -> None:
    text = "Norwegian rescuers and Chilean divers searched the lake. Bolivians protested."
    found = {e.name: e for e in entities_of(text) if e.kind is EntityKind.PLACE}
    assert {"Norway", "Chile", "Bolivia"} <= set(found)
    assert "Norwegian" in found["Norway"].surface_forms


def test_a_lone_capitalised_word_inside_a_sentence_is_a_name() -> None:
    text = "Fighters of Zorbaq attacked a convoy in Quellandia on Monday, officials said."
    assert "Zorbaq" in names(text, EntityKind.ORGANISATION)
    assert "Quellandia" in names(text, EntityKind.PLACE)


def test_a_lone_word_written_in_lower_case_elsewhere_is_not_a_name() -> None:
    text = "The Ferry was late again. Passengers said the ferry is always late at Dunmore Pier."
    assert "Ferry" not in {e.name for e in entities_of(text)}


def test_capitalised_words_no_rule_names_stay_one_name() -> None:
    text = "Tankers crossing the Strait of Quell were stopped, and veterans of World War II marched."
    found = {e.name: e.kind for e in entities_of(text)}
    assert found.get("Strait of Quell") is EntityKind.PLACE
    assert "World War II" in found
    assert "Middle Eastern" not in {e.name for e in entities_of("The Middle Eastern crisis deepened.")}


def test_a_source_credit_names_no_actor() -> None:
    text = "Rebels seize the port of Quellandia. (Wirenews via The Daily Planet) (Eco Diario in Spanish)"
    found = {e.name for e in entities_of(text)}
    assert "Quellandia" in found
    assert not found & {"Wirenews", "Daily Planet", "Eco Diario"}


def test_a_given_name_is_no_adjective_of_a_place() -> None:
    headline = Paragraph(("Russia's head of state Vladimir Putin has spoken with his allies.",), True)
    found = {e.name: e.kind for e in extract([headline])}
    assert found.get("Vladimir Putin") is EntityKind.PERSON
