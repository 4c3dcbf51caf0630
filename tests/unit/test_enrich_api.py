"""The public enrichment API: enrich(item) is pure, deterministic and fills every field."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.factories import item
from ticker.enrich import VERSION, enrich, lead
from ticker.enrich.classify import classify
from ticker.enrich.dedupe import fingerprint
from ticker.enrich.numbers import find_numbers
from ticker.enrich.sentences import tokens
from ticker.models import Category, Enrichment, EntityKind, Metric, Qualifier

BLOCK = (
    "After the violent protests in Kazakhstan, almost 8,000 people were arrested, according to the "
    "authorities.\n\nThe Interior Ministry announced on Monday on its website. The former Soviet republic had "
    "been rocked by unprecedented clashes between protesters and security forces last week."
)


def test_enrich_fills_category_entities_claims_lead_and_fingerprint() -> None:
    base = replace(
        item(1, "2022-01-10T08:01:00+01:00", text=BLOCK), title="Update from January 10th, 8:01 a.m"
    )
    info = enrich(base)
    assert (info.item_id, info.revision, info.version) == (base.id, base.revision, VERSION)
    assert info.category is Category.ARRESTS
    assert 0 < info.confidence <= 1
    assert [(c.metric, c.value, c.qualifier, c.claimant) for c in info.claims] == [
        (Metric.ARRESTED, 8000, Qualifier.ALMOST, "authorities")
    ]
    assert {(e.name, e.kind) for e in info.entities} >= {
        ("Kazakhstan", EntityKind.PLACE),
        ("Interior Ministry", EntityKind.ORGANISATION),
    }
    assert info.lead.startswith("After the violent protests in Kazakhstan, almost 8,000 people were arrested")
    assert info.fingerprint == fingerprint(info.lead)
    assert info.duplicate_of == () and info.corroborated_by == ()


def test_enrich_is_deterministic_and_survives_json() -> None:
    base = item(2, "2022-01-10T08:01:00+01:00", text=BLOCK)
    first, second = enrich(base), enrich(base)
    assert first == second
    assert Enrichment.from_dict(first.to_dict()) == first


def test_enrich_handles_empty_and_odd_text() -> None:
    for text in ("", " ", "\u0000\u202e 12:30", "!!!", "A" * 5000):
        info = enrich(replace(item(3, "2022-01-10T08:01:00+01:00"), text=text, title=""))
        assert info.claims == ()
        assert len(info.lead) <= 201


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (
            "Federal government bans arms exports to Kazakhstan",
            "Body.",
            "Federal government bans arms exports to Kazakhstan",
        ),
        (
            "Update from January 8, 11:28 a.m.:",
            "In view of the conflict, exports were banned. More.",
            "In view of the conflict, exports were banned.",
        ),
        ("Item 4", ".: The USA is also reacting to the crisis.", "The USA is also reacting to the crisis."),
    ],
)
def test_lead_prefers_an_informative_title_else_the_first_sentence(
    title: str, text: str, expected: str
) -> None:
    assert lead(title, text) == expected


def test_lead_is_trimmed_at_a_word() -> None:
    line = lead("", "word " * 100)
    assert line.endswith("…") and len(line) <= 201 and "wor…" not in line


def test_classify_uses_the_closed_vocabulary_with_a_runner_up() -> None:
    category, confidence, second = classify(
        "Internet shut down",
        "The mobile network was switched off and websites were blocked during the protests.",
    )
    assert category is Category.COMMUNICATIONS
    assert second is None or second is not category
    assert classify("", "") == (Category.BACKGROUND, 0.0, None)
    assert 0 < confidence <= 1


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("at least eight police officers", [8]),
        ("7,939 people", [7939]),
        ("twenty-five people and two thousand five hundred soldiers", [25, 2500]),
        ("dozens of people and tens of thousands more", [24, 10000]),
        ("between 200 and 300 people", [200]),
        ("the 81-year-old, a two-day visit, 7.1.2022 at 9:12, ranks 155th", []),
    ],
)
def test_numbers_in_digits_and_words(text: str, values: list[int]) -> None:
    assert [n.value for n in find_numbers(tokens(text), text)] == values
