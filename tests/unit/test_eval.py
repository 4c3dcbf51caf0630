"""The evaluator scores the seed story against its answer key, and its scoring is sound."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import KEY_PATH, SAMPLE
from tests.factories import item
from ticker.enrich import enrich
from ticker.evaluate import EvalReport, claimant_matches, evaluate, expected_figures
from ticker.models import Claim, Enrichment, Metric, Subject, TickerItem


def key() -> dict[str, object]:
    data: dict[str, object] = json.loads(KEY_PATH.read_text(encoding="utf-8"))
    return data


def seed_items() -> list[TickerItem]:
    """The seeds as items: ingestion's own when it is there, else one item per ticker block or article."""
    try:
        from ticker.ingest import read_sources
    except ImportError:
        read_sources = None
    if read_sources is not None:
        return list(read_sources([str(SAMPLE)]).items)
    items = []
    for path in sorted(Path(SAMPLE).glob("*.txt")):
        blocks = re.split(r"\n(?=(?:Update|First report) from)", path.read_text(encoding="utf-8"))
        for n, block in enumerate(blocks):
            base = item(f"{path.name}/{n}", "2022-01-08T10:00:00+01:00", text=block)
            items.append(replace(base, source=str(path), title="", outlet=path.name[:3]))
    return items


@pytest.fixture(scope="module")
def report() -> EvalReport:
    return evaluate(key(), [(i, enrich(i)) for i in seed_items()])


def test_every_key_figure_is_found_with_its_claimant(report: EvalReport) -> None:
    assert report.figures_found == report.figures_expected > 0, report.to_text()
    assert report.claimant_right == report.figures_expected, report.to_text()
    assert report.retractions_flagged == report.retractions_expected == 1


def test_no_context_number_is_reported_as_an_event_figure(report: EvalReport) -> None:
    assert report.not_event_reported == [], report.to_text()


def test_every_actor_alias_is_canonicalised(report: EvalReport) -> None:
    assert report.actor_aliases[0] == report.actor_aliases[1] > 0, report.to_text()
    assert report.actors[0] == report.actors[1], report.to_text()


def test_entity_recall(report: EvalReport) -> None:
    assert report.places[0] == report.places[1], report.to_text()
    assert report.organisations[0] == report.organisations[1], report.to_text()


def test_claim_precision_is_high(report: EvalReport) -> None:
    assert report.claim_precision >= 0.9, report.to_text()


def test_report_prints_its_numbers(report: EvalReport) -> None:
    text = report.to_text()
    for label in ("figures", "precision", "not-event", "actors", "orgs", "places"):
        assert label in text


def test_a_wrong_claim_lowers_precision_and_a_missing_one_recall() -> None:
    base = item("x", "2022-01-10T10:00:00+01:00", text="x")
    base = replace(base, source="fixtures/003_x.txt")
    wrong = Claim(Metric.ARRESTED, Subject.PEOPLE, 1234, claimant="Interior Ministry")
    info = Enrichment(
        item_id=base.id, revision="r1", category=enrich(base).category, confidence=0.5, claims=(wrong,)
    )
    report = evaluate(key(), [(base, info)])
    assert report.claims_scored == 1 and report.claims_correct == 0
    assert report.figures_found == 0
    assert report.figures_expected == len(expected_figures(key()))


@pytest.mark.parametrize(
    ("claimant", "source", "ok"),
    [
        ("Interior Ministry via Khabar 24", "Interior Ministry via Khabar 24", True),
        ("Ministry of Health via state television", "state television citing the Ministry of Health", True),
        ("authorities", "Interior Ministry / the authorities", True),
        ("President Kassym-Shomart Tokayev", "President Tokayev", True),
        ("alliance", "the alliance (CSTO) / Kremlin", True),
        ("State television", "Kazakh authorities", False),
        (None, "Interior Ministry", False),
    ],
)
def test_claimant_matching_is_fuzzy_but_not_loose(claimant: str | None, source: str, ok: bool) -> None:
    assert claimant_matches(claimant, source) is ok
