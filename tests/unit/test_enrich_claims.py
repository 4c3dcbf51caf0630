"""Numeric claims: metric, subject, qualifier, claimant, scope and status from real sentences."""

from __future__ import annotations

import pytest

from ticker.enrich.claims import extract
from ticker.enrich.merge import merge
from ticker.enrich.sentences import paragraphs
from ticker.models import Claim, Metric, Qualifier, Subject


def claims_of(text: str) -> tuple[Claim, ...]:
    return merge(extract(paragraphs(text)))


def one(text: str) -> Claim:
    found = claims_of(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "metric", "subject", "qualifier", "value", "claimant"),
    [
        (
            "According to the Kazakh authorities, more than 1,000 people have been injured and around "
            "2,300 arrested across the country.",
            Metric.ARRESTED,
            Subject.PEOPLE,
            Qualifier.ABOUT,
            2300,
            "Kazakh authorities",
        ),
        (
            "According to the Interior Ministry, 26 demonstrators were killed during the protests. In addition, "
            "there were more than 3,000 arrests, reported the state broadcaster Khabar 24, citing the ministry.",
            Metric.ARRESTED,
            Subject.PEOPLE,
            Qualifier.MORE_THAN,
            3000,
            "Interior Ministry via Khabar 24",
        ),
        (
            "State television reported on Friday that 26 demonstrators had already been killed. In addition, "
            "there have been more than 4,000 arrests across the country.",
            Metric.ARRESTED,
            Subject.PEOPLE,
            Qualifier.MORE_THAN,
            4000,
            "State television",
        ),
        (
            "After the violent protests in Kazakhstan, almost 8,000 people were arrested, according to the "
            "authorities.",
            Metric.ARRESTED,
            Subject.PEOPLE,
            Qualifier.ALMOST,
            8000,
            "authorities",
        ),
        (
            "The unprecedented rioting resulted in almost 8,000 arrests. The country's interior ministry said "
            "that morning 7,939 people had come into custody.",
            Metric.ARRESTED,
            Subject.PEOPLE,
            Qualifier.EXACT,
            7939,
            "Interior Ministry",
        ),
        (
            "According to the Kazakh authorities, at least eight police officers and soldiers have already "
            "been killed.",
            Metric.KILLED,
            Subject.SECURITY_FORCES,
            Qualifier.AT_LEAST,
            8,
            "Kazakh authorities",
        ),
        (
            "The authorities had initially only confirmed the deaths of 18 security forces.",
            Metric.KILLED,
            Subject.SECURITY_FORCES,
            Qualifier.EXACT,
            18,
            "authorities",
        ),
        (
            "According to official information, at least 18 police officers and soldiers have also died so far.",
            Metric.KILLED,
            Subject.SECURITY_FORCES,
            Qualifier.AT_LEAST,
            18,
            "official information",
        ),
        (
            "According to the latest official figures, more than 2,000 people were injured across the country.",
            Metric.INJURED,
            Subject.PEOPLE,
            Qualifier.MORE_THAN,
            2000,
            "latest official figures",
        ),
        (
            "The alliance spoke of a total of around 2,500 foreign soldiers who were supposed to support the "
            "Kazakh security forces.",
            Metric.DEPLOYED,
            Subject.FOREIGN_TROOPS,
            Qualifier.ABOUT,
            2500,
            "alliance",
        ),
        (
            "In the evening, President Kassym-Shomart Tokayev spoke of up to 20,000 “terrorists” who attacked "
            "Almaty in several waves.",
            Metric.ATTACKING,
            Subject.ATTACKERS,
            Qualifier.UP_TO,
            20000,
            "President Kassym-Shomart Tokayev",
        ),
        # not from the seeds
        (
            "Police detained at least 40 protesters on Tuesday, the prosecutor's office said.",
            Metric.ARRESTED,
            Subject.PROTESTERS,
            Qualifier.AT_LEAST,
            40,
            "Prosecutor's Office",
        ),
        (
            "The death toll rose to 63, according to the health ministry.",
            Metric.KILLED,
            Subject.PEOPLE,
            Qualifier.EXACT,
            63,
            "Health Ministry",
        ),
        (
            "Nearly two hundred civilians were wounded, the Red Cross said.",
            Metric.INJURED,
            Subject.CIVILIANS,
            Qualifier.ALMOST,
            200,
            "Red Cross",
        ),
        (
            "By the evening the Interior Ministry said 1,000 people had been arrested.",
            Metric.ARRESTED,
            Subject.PEOPLE,
            Qualifier.EXACT,
            1000,
            "Interior Ministry",
        ),
    ],
)
def test_figure_is_read_with_its_claimant(
    text: str, metric: Metric, subject: Subject, qualifier: Qualifier, value: int, claimant: str
) -> None:
    wanted = [c for c in claims_of(text) if c.value == value]
    assert len(wanted) == 1
    claim = wanted[0]
    assert (claim.metric, claim.subject, claim.qualifier) == (metric, subject, qualifier)
    assert claim.claimant == claimant
    assert claim.scope is None
    assert claim.quote in text


def test_retracted_report_is_flagged_and_keeps_both_sources() -> None:
    claim = one(
        "On Sunday there was confusion in the country about the number of deaths, which state television had "
        "cited as more than 160, citing the Ministry of Health. This message was later deleted without giving "
        "reasons."
    )
    assert (claim.metric, claim.subject, claim.value, claim.qualifier) == (
        Metric.KILLED,
        Subject.PEOPLE,
        160,
        Qualifier.MORE_THAN,
    )
    assert claim.retracted
    assert claim.claimant == "Ministry of Health via state television"


def test_unverifiable_figure_is_disputed() -> None:
    claim = one(
        "Rebels said 300 soldiers were killed in the attack. The figure could not be independently verified."
    )
    assert claim.disputed and not claim.retracted
    assert claim.subject is Subject.SECURITY_FORCES


def test_sub_figure_has_scope() -> None:
    claim = one("207 people were arrested in two markets in Almaty, a city in the south-east of the country.")
    assert claim.scope == "in two markets in Almaty"
    assert claim.metric is Metric.ARRESTED


def test_vague_quantity_keeps_its_word() -> None:
    claim = one('State television had already spoken of dozens of "eliminated" people in Almaty on Thursday.')
    assert (claim.metric, claim.qualifier, claim.claimant) == (
        Metric.KILLED,
        Qualifier.DOZENS,
        "State television",
    )


@pytest.mark.parametrize(
    "text",
    [
        "The country with more than 18 million inhabitants borders among others with Russia and China.",
        "In Reporters Without Borders’ press freedom list, the former Soviet republic ranks 155th out of 180 countries.",
        "The 81-year-old Nazarbayev was still considered the most powerful man after his resignation in 2019.",
        "Von der Leyen is on a two-day visit to Paris with the EU commissioners.",
        "Last year, 25 permits with a total value of around 2.2 million euros were granted.",
        "The military alliance consists of six former Soviet republics.",
        "Abdymomunov had been appointed deputy secretary by Nazarbayev more than six years ago.",
        "A spokesman said that the troops could leave the country “within a week”.",
        "Update from January 8, 4:20 p.m.: the Kremlin said the call lasted 40 minutes.",
        "The station Khabar 24 reported that the operation will continue.",
        "Under Louis XVI bread prices led to the 1789 French revolution.",
    ],
)
def test_context_numbers_are_not_claims(text: str) -> None:
    assert claims_of(text) == ()


def test_repeats_within_an_item_collapse_to_the_most_informative() -> None:
    found = claims_of(
        "Kazakhstan’s authorities report 8,000 arrests\n\n"
        "The rioting resulted in almost 8,000 arrests. The country’s interior ministry said that morning "
        "7,939 people had come into custody. And the authorities announce thousands of arrests."
    )
    assert [(c.value, c.qualifier, c.claimant) for c in found] == [
        (7939, Qualifier.EXACT, "Interior Ministry")
    ]


def test_reports_that_disagree_are_all_kept() -> None:
    found = claims_of("The ministry said 26 people were killed. The opposition said 90 people were killed.")
    assert sorted(c.value for c in found) == [26, 90]


def test_headline_count_is_subsumed_by_the_specific_body_figure() -> None:
    found = claims_of(
        "Kazakh Government Reports 26 Deaths And More Than 3,000 Arrests\n\n"
        "According to the Interior Ministry, 26 demonstrators were killed."
    )
    assert {c.key for c in found} == {"killed:protesters", "arrested:people"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The United Nations said more than 1.2 million people had been displaced by the fighting since April.",
            ("displaced:people", 1_200_000, Qualifier.MORE_THAN, "United Nations"),
        ),
        (
            "Some 3,000 troops have been deployed to the border region, the Defence Ministry announced.",
            ("deployed:soldiers", 3000, Qualifier.ABOUT, "Defence Ministry"),
        ),
        (
            "Rescuers evacuated around 4,500 residents from flooded villages, state media reported.",
            ("evacuated:civilians", 4500, Qualifier.ABOUT, "state media"),
        ),
        (
            "At least 30 people remain missing after the landslide, according to local authorities.",
            ("missing:people", 30, Qualifier.AT_LEAST, "local authorities"),
        ),
        (
            "Hundreds of demonstrators took to the streets on Thursday evening.",
            ("protesting:protesters", 200, Qualifier.HUNDREDS, None),
        ),
        (
            "More than 500 police officers were injured in the riots, said Home Secretary Suella Braverman.",
            ("injured:security_forces", 500, Qualifier.MORE_THAN, "Home Secretary Suella Braverman"),
        ),
    ],
)
def test_other_stories_metrics(text: str, expected: tuple[str, int, Qualifier, str | None]) -> None:
    claim = one(text)
    assert (claim.key, claim.value, claim.qualifier, claim.claimant) == expected


def test_denied_figure_is_disputed() -> None:
    claim = one("The opposition claimed that 70 people had been killed, a figure the government denied.")
    assert (claim.value, claim.claimant, claim.disputed) == (70, "opposition", True)


def test_sentence_and_age_numbers_in_a_court_report_are_not_claims() -> None:
    assert claims_of("The 45-year-old activist was sentenced to 10 years in prison in 2021.") == ()


def test_lower_cased_tokenised_text_is_split_into_sentences() -> None:
    from ticker.enrich.sentences import split_sentences

    text = "the ministry said 15 died . survivors fled to the town . police arrived at 5.30 am ."
    assert split_sentences(text) == [
        "the ministry said 15 died .",
        "survivors fled to the town .",
        "police arrived at 5.30 am .",
    ]
