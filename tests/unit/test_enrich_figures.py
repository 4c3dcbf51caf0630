"""Figures on any story: numbers that are not counts, background, totals and parts, number words,
the wider metric vocabulary, claimants in their common forms, and corrections.

The sentences are written for these tests in the style of wire copy and live blogs; none comes
from the development set.
"""

from __future__ import annotations

import pytest

from tests.factories import item as make_item
from ticker.enrich import enrich
from ticker.enrich.claims import extract
from ticker.enrich.merge import merge
from ticker.enrich.sentences import paragraphs
from ticker.models import Claim, Metric, Qualifier, Subject


def figures(text: str, year: int = 2024) -> list[tuple[str, int]]:
    return [(c.key, c.value) for c in claims(text, year)]


def claims(text: str, year: int = 2024) -> tuple[Claim, ...]:
    return merge([f for f in extract(paragraphs(text), year) if not f.background])


@pytest.mark.parametrize(
    "text",
    [
        "The writer Anna Berg, 29, was among those killed in the blast.",
        "The 58-year-old suspect's car was found near the scene on Tuesday.",
        "The blast was heard almost 2 miles away.",
        "The quake struck at a depth of 19 km and lasted 40 seconds.",
        "A magnitude 6 aftershock hit at 4 p.m.",
        "The government released $300m in emergency funds for 2024.",
        "Flight 235 crashed into the river.",
        "About 90 % of those arrested were later released.",
        "Police asked witnesses who saw the injured to call 555-0142.",
        "Officers were called to the 1200 block of Oak Street, where the wounded lay.",
        "Rescuers brought 143 fire trucks and ten ambulances to the site.",
    ],
)
def test_numbers_that_are_not_counts_of_people_never_become_figures(text: str) -> None:
    assert figures(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Forty were killed a fortnight ago in a similar attack on the same market.",
        "It is the deadliest strike since the 2009 attack that killed five people.",
        "Last year a blast in a factory killed around 70 people; in 2013, 119 died in a fire.",
        "The crash comes seven months after a plane crashed while landing, killing 48.",
        "He was named as the militant commander who oversaw the killings of 58 villagers.",
    ],
)
def test_numbers_about_another_event_or_an_earlier_time_are_background(text: str) -> None:
    item = make_item(1, "2024-05-01T12:00:00+00:00", text=text)
    enriched = enrich(item)
    assert enriched.claims == ()
    assert enriched.background, "background figures are kept as context on the item"


@pytest.mark.parametrize(
    "text",
    [
        "Some attacks have been carried out at random, with bombs left on buses. "
        "Farmers were among at least 23 people killed and 40 injured at Lakeview.",
        "The group has staged a string of bombings in the north. Forty people died at Hollins station.",
    ],
)
def test_figures_that_give_an_example_of_a_record_of_attacks_are_background(text: str) -> None:
    enriched = enrich(make_item(1, "2024-05-01T12:00:00+00:00", text=text))
    assert enriched.claims == ()
    assert enriched.background


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen stormed a college before dawn. "
        "Farmers were among at least 23 people killed and 40 injured at Lakeview.",
        "Some attacks have been carried out at random, with bombs left on buses. "
        "So far at least 23 people have been killed and 40 injured at Lakeview.",
        "Some attacks have been carried out across the city tonight. At least 23 people were killed.",
    ],
)
def test_figures_of_the_story_itself_of_the_same_shape_are_still_figures(text: str) -> None:
    assert ("killed:people", 23) in figures(text)


def test_a_total_with_its_breakdown_keeps_the_total_and_scopes_the_parts() -> None:
    found = claims("At least 265 were killed: 161 civilians and police and 104 plotters.")
    total = next(c for c in found if c.value == 265)
    assert (total.metric, total.subject, total.qualifier, total.scope) == (
        Metric.KILLED,
        Subject.PEOPLE,
        Qualifier.AT_LEAST,
        None,
    )
    plotters = next(c for c in found if c.value == 104)
    assert plotters.scope is not None, "a part never stands as the total"
    civilians = next(c for c in found if c.value == 161)
    assert civilians.subject is Subject.CIVILIANS


def test_parts_named_with_including_or_of_them_are_not_totals() -> None:
    found = claims(
        "So far 17 people are confirmed dead, including six firefighters. "
        "Some 520 people are injured, including 66 in critical condition. "
        "At least 23 people have died - 14 of them on the spot, and nine in hospital."
    )
    by_value = {c.value: c for c in found}
    assert by_value[6].key == "killed:rescuers"
    assert by_value[66].metric is Metric.INJURED and by_value[66].scope
    assert by_value[14].scope and by_value[9].scope
    assert by_value[17].scope is None and by_value[520].scope is None and by_value[23].scope is None


@pytest.mark.parametrize(
    ("text", "value", "group"),
    [
        (
            "Officials said 22 of the people on board were schoolchildren from the capital.",
            22,
            "schoolchildren",
        ),
        ("Five of the dead were children, the governor said.", 5, "children"),
        ("One of the passengers injured in the crash was a pilot from a charter company.", 1, "pilot"),
    ],
)
def test_a_share_told_by_who_they_were_is_a_part_of_its_whole_not_its_count(
    text: str, value: int, group: str
) -> None:
    share = next(c for c in claims(text) if c.value == value)
    assert share.scope is not None and group in share.scope.split(":")[1], share


def test_a_share_told_by_what_befell_them_is_still_a_count() -> None:
    assert figures("Twelve of the people on board were killed.") == [("killed:people", 12)]


def test_a_count_with_an_aside_before_its_verb_keeps_its_metric() -> None:
    found = figures("Four others, including two women, were wounded, police said.")
    assert ("injured:people", 4) in found


def test_counts_from_other_incidents_of_a_roundup_are_background() -> None:
    text = (
        "Three men were wounded in a shooting on Elm Street. "
        "They were among 11 people wounded in shootings across the city overnight. "
        "Officials said 14 were hurt in weekend shootings. "
        "Two more were hurt in another shooting on the east side."
    )
    assert figures(text) == [("injured:civilians", 3)]  # "men": civilians
    assert figures("Two were shot, one mortally.") == [("shot:people", 2), ("killed:people", 1)]


# how crime and shooting reports word the hit, the wounded and the dead (written for these tests)
SHOOTING_REPORTS = [
    ("A shooting late Friday sent four people to the hospital.", [("injured:people", 4)]),
    ("Three others sustained non-fatal bullet wounds.", [("injured:people", 3)]),
    ("Shots were fired from a passing car, hitting five people, police said.", [("shot:people", 5)]),
    ("Two people suffered gunshot wounds.", [("shot:people", 2)]),
    (
        "A man died after he and four others were shot outside a home.",
        [("killed:people", 1), ("shot:people", 5)],
    ),
    ("Officers found Marcus T. Lane, 18, and four others with gunshot wounds.", [("shot:people", 5)]),
    ("Six people were wounded, two fatally.", [("shot:people", 6), ("killed:people", 2)]),
    ("Two people were wounded fatally.", [("killed:people", 2)]),
    ("Police are investigating four separate shootings that left 10 people shot.", []),
    (
        "A shooting killed two men and injured a third man and a 16-year-old boy.",
        [("killed:civilians", 2), ("injured:people", 2)],
    ),
    ("The gunman killed one man and wounded another.", [("killed:people", 1), ("injured:people", 1)]),
    ("He killed another 5 people.", [("killed:people", 5)]),
    ("A six-year-old and three others were shot.", [("shot:people", 4)]),
    ("Also injured in the shooting were three men, police said.", [("injured:civilians", 3)]),
    ("Among the dead were three children.", []),
    (
        "He fired several shots, killing Ann Vole at the scene and injuring Lee Marsh and Dora Finch.",
        [("killed:people", 1), ("injured:people", 2)],
    ),
    ("Four people were found on a lawn and bleeding from their wounds.", [("injured:people", 4)]),
    ("The suspect shot Ann Vole and Lee Marsh outside the store.", [("shot:people", 2)]),
    ("Tom Reyes, 22, who lives on Oak Street, was cited by police.", []),
    ("The fire claimed 40 lives.", [("killed:people", 40)]),
]


@pytest.mark.parametrize(("text", "found"), SHOOTING_REPORTS)
def test_the_hit_the_wounded_and_the_dead_as_shooting_reports_word_them(
    text: str, found: list[tuple[str, int]]
) -> None:
    assert figures(text) == found


def test_severity_belongs_to_the_count_it_follows() -> None:
    found = claims("Fifteen were injured - at least nine seriously, the paper said.")
    assert [(c.value, c.scope) for c in found] == [(15, None), (9, "in critical condition")]


def test_rescuers_read_to_the_end_of_their_clause_before_they_count_as_sent() -> None:
    text = "Six firefighters attending the scene of the blasts are now known to have been killed."
    assert figures(text) == [("killed:rescuers", 6)]
    assert figures("1,000 firefighters were fighting the blaze near the port.") == [
        ("deployed:rescuers", 1000)
    ]


def test_military_staff_are_soldiers() -> None:
    assert figures("A team of 217 military toxic waste specialists arrived.") == [("deployed:soldiers", 217)]
    assert figures("A team of 217 toxic waste specialists arrived.") == [("deployed:people", 217)]


def test_hitting_without_gunfire_and_sending_elsewhere_are_no_wounded() -> None:
    assert figures("A car struck the crowd, hitting five people.") == []
    assert figures("The army sent 300 soldiers to the city.") == [("deployed:soldiers", 300)]


def test_ages_given_as_one_and_the_other_are_no_counts() -> None:
    found = figures("Two men, one 17 and the other 21, were wounded in the shooting.")
    assert ("injured:people", 21) not in found and ("injured:people", 17) not in found


def test_number_words_and_sums() -> None:
    assert figures("Two hundred and fifty others have been arrested.") == [("arrested:people", 250)]
    assert figures("A dozen protesters were detained.") == [("arrested:protesters", 12)]
    vague = claims("Hundreds of people were injured.")[0]
    assert vague.qualifier is Qualifier.HUNDREDS
    assert figures("Six passengers and the pilot were killed.") == [("killed:civilians", 7)]


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("Rescuers pulled 12 survivors from the rubble.", "rescued:people", 12),
        ("About 16 people have been rescued from the river.", "rescued:people", 16),
        ("At least 15 people survived the crash.", "rescued:people", 15),
        ("The plane had 58 people on board.", "on_board:people", 58),
        ("Thirty-one people remain unaccounted for.", "missing:people", 31),
        ("Authorities have lost contact with 36 firefighters.", "missing:rescuers", 36),
        ("Some 3,000 residents were evacuated overnight.", "evacuated:civilians", 3000),
        ("Tonight 6,000 people will sleep in emergency shelters.", "displaced:people", 6000),
        ("Police detained 40 protesters.", "arrested:protesters", 40),
        ("Five officers have been suspended from duty.", "suspended:security_forces", 5),
        ("More than 260 buildings have been destroyed.", "buildings_destroyed:buildings", 260),
        ("Over 1,000 firefighters were sent to the scene.", "deployed:rescuers", 1000),
        (
            "The authorities said 280 of the school's 815 students were accounted for.",
            "accounted_for:civilians",
            280,
        ),
    ],
)
def test_the_wider_metric_vocabulary(text: str, key: str, value: int) -> None:
    assert (key, value) in figures(text)


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("Seven people were killed, the regional governor said.", "regional governor"),
        ("Seven people were killed, according to the health ministry.", "Health Ministry"),
        ("The mayor told Reuters that seven people were killed.", "mayor"),
        ("State media reported that seven people were killed.", "State media"),
        ("Seven people were killed, the agency said, citing the fire service.", "fire service via agency"),
        ("the civil defence agency says seven people were killed .", "the civil defence agency"),
        ("The fire chief spoke to reporters. Seven people were killed, he said.", "fire chief"),
    ],
)
def test_claimants_in_their_common_forms(text: str, claimant: str) -> None:
    found = claims(text)
    assert [c.value for c in found] == [7]
    got = (found[0].claimant or "").lower()
    assert claimant.lower() in got or got in claimant.lower(), found[0].claimant


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        # a post's author relays the speaker before the figure
        (
            "City News (@citynews) the civil defence says seven people were killed .",
            "civil defence via City News",
        ),
        # a wire service named at the end of a long phrase speaks for itself
        (
            "Rescuers kept searching and in its latest update Reuters said seven people were killed.",
            "Reuters",
        ),
        # an outlet relaying a speaker from a briefing: the speaker, via the outlet
        (
            "The Daily Post has reported from the briefing: a spokesman for the regional health authority "
            "said seven people were killed.",
            "spokesman for the regional health authority via Daily Post",
        ),
        # a later sentence says who gave the figures before it
        (
            "The death toll has risen to seven. The governor reported the death toll on his official account.",
            "governor",
        ),
        # a body that issued a release speaks for the block's figures after it
        (
            "The regional emergency centre has issued a release on the flood. A colleague translated it. "
            "Rescue teams are at work in the valley. The water has killed seven people.",
            "regional emergency centre",
        ),
    ],
)
def test_claimants_relayed_and_named_after_the_figure(text: str, claimant: str) -> None:
    found = claims(text)
    assert [c.value for c in found] == [7]
    assert (found[0].claimant or "").lower() == claimant.lower()


def test_a_toll_names_the_first_figure_after_it_only() -> None:
    found = figures("The death toll stood at 15 on Monday, and as many as 28 people have survived.")
    assert found == [("killed:people", 15), ("rescued:people", 28)]
    # a magnitude between the toll and its figure is no figure of its own
    found = figures("The death toll from the magnitude-7.8 quake has tripled to 233, with hundreds injured.")
    assert ("killed:people", 233) in found


def test_digits_glued_to_a_name_are_no_count() -> None:
    assert figures("Anne Lee (@annelee9) posted a video of a toddler rescued alive.") == [
        ("rescued:people", 1)
    ]
    assert figures("Flight GE235 crashed; 15 people were rescued.") == [("rescued:people", 15)]


def test_people_a_defence_ministry_sends_are_soldiers() -> None:
    assert figures("The defence ministry said it had sent 165 people to the scene.") == [
        ("deployed:soldiers", 165)
    ]
    assert figures("The city said it had sent 165 people to the scene.") == [("deployed:people", 165)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials say a Denver man, his wife and their two daughters died.", [("killed:people", 4)]),
        ("Father, two children found dead in car", [("killed:civilians", 3)]),
        ("Two children and their father were found dead in a vehicle.", [("killed:people", 3)]),
        ("A man and a woman were shot on Main Street.", [("shot:people", 2)]),
        ("Ana Ruiz, 17, was shot and killed on Sunday.", [("killed:people", 1)]),
        ("Police said Ana Ruiz, 21, and Tom Hale, 30, were killed.", [("killed:people", 2)]),
        ("Police ID four people killed inside a home", [("killed:people", 4)]),
        ("Police say a father fatally shot his infant son.", [("killed:people", 1)]),
        ("Lakeside teen shot dead near a school", [("killed:people", 1)]),
        ("Police named a suspect in the fatal shooting of a 16-year-old male.", [("killed:people", 1)]),
        ("The murder of a 20-year-old woman shocked the town.", [("killed:people", 1)]),
        ("The shooting of five people at a party shocked the town.", [("shot:people", 5)]),
        ("The victim, 16-year-old Ana Ruiz, from Lakeside, was shot and killed.", [("killed:people", 1)]),
        ("A two year old child and a woman were shot overnight.", [("shot:people", 2)]),
        ("A 27-year-old woman suffered gunshot wounds.", [("shot:people", 1)]),
        ("Ana Ruiz and her 12-year-old brother were not injured.", []),
        ("Two other people were not hurt.", []),
        ("Thirty people are not accounted for.", [("missing:people", 30)]),
    ],
)
def test_people_named_one_by_one_are_counted(text: str, expected: list[tuple[str, int]]) -> None:
    assert figures(text) == expected


def test_a_second_name_for_one_person_is_not_a_second_person() -> None:
    assert figures("The victim, a 15-year-old boy, was pronounced dead at a hospital.") == [
        ("killed:people", 1)
    ]
    assert figures("The girl was shot in the head on Wednesday.") == [("shot:people", 1)]


def test_a_list_joins_people_only() -> None:
    found = figures("A man was shot, two cars and a house were hit.")
    assert found == [("shot:people", 1)]


def test_a_clause_is_not_a_claimant() -> None:
    found = claims("Regulators are likely to order checks. At least seven people were killed, data showed.")
    assert [c.value for c in found] == [7]
    assert found[0].claimant is None or "likely" not in found[0].claimant


def test_a_figure_called_an_error_is_retracted_and_its_correction_is_not() -> None:
    found = claims(
        "Local outlets reported a death toll of 142, but that now appears to have been an error. "
        "The broadcaster has since revised it down to 16 people killed."
    )
    by_value = {c.value: c for c in found}
    assert by_value[142].retracted
    assert not by_value[16].retracted


def test_an_event_in_another_country_and_a_local_frame() -> None:
    text = (
        "Chile's strongest storm in decades has killed at least 40 people. "
        "A cyclone hit Fiji on Friday, killing 12 people."
    )
    enriched = enrich(make_item(1, "2024-05-01T12:00:00+00:00", text=text))
    assert [c.value for c in enriched.claims] == [40]
    assert [c.value for c in enriched.background] == [12]
    local = claims("The mayor said the toll had not risen in his city overnight. There were 3 deaths.")
    assert [c.scope for c in local] == ["in his city"]
