"""Every figure rule's own examples (fixtures/figures/*.toml): it fires where it should, naming
what it should, and a near miss is not its doing."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import pytest

from tests.processes import ROOT
from ticker.enrich.attribution import CLAIMANT_RULES, explain_claimant
from ticker.enrich.claims import METRIC_RULES
from ticker.explain import explain_text

FIGURES = ROOT / "fixtures" / "figures"
CLAIMANT = tomllib.loads((FIGURES / "claimant.toml").read_text())["rule"]
METRIC = tomllib.loads((FIGURES / "metric.toml").read_text())["rule"]


def _position(text: str) -> int | None:
    """Where the sentence's figure stands: its first digit."""
    found = re.search(r"\d", text)
    return found.start() if found else None


def _cases(kind: str, rules: list[dict[str, Any]] = CLAIMANT) -> list[Any]:
    return [
        pytest.param(rule["name"], example, id=f"{rule['name']}: {example['text'][:40]}")
        for rule in rules
        for example in rule[kind]
    ]


def test_every_claimant_rule_has_examples_that_fire_and_near_misses() -> None:
    named = {rule["name"]: rule for rule in CLAIMANT}
    assert list(named) == [rule.name for rule in CLAIMANT_RULES]  # in the order they are tried
    assert all(rule["fires"] and rule["misses"] for rule in CLAIMANT)


@pytest.mark.parametrize(("name", "example"), _cases("fires"))
def test_a_claimant_rule_fires_on_its_examples(name: str, example: dict[str, str]) -> None:
    text = example["text"]
    claimant, rules = explain_claimant(text, position=_position(text), last=example.get("last"))
    assert (claimant, name in rules) == (example["claimant"], True), rules


@pytest.mark.parametrize(("name", "example"), _cases("misses"))
def test_a_claimant_rule_does_not_decide_a_near_miss(name: str, example: dict[str, str]) -> None:
    text = example["text"]
    _, rules = explain_claimant(text, position=_position(text), last=example.get("last"))
    assert name not in rules


def test_every_metric_rule_has_examples_that_fire_and_near_misses() -> None:
    assert [rule["name"] for rule in METRIC] == [name for name, _ in METRIC_RULES]
    assert all(rule["fires"] and rule["misses"] for rule in METRIC)


def _number(example: dict[str, str]) -> Any:
    (traced,) = [e.traced for e in explain_text(example["text"]) if e.traced.number == example["number"]]
    return traced


@pytest.mark.parametrize(("name", "example"), _cases("fires", METRIC))
def test_a_metric_rule_reads_its_examples(name: str, example: dict[str, str]) -> None:
    traced = _number(example)
    assert name in traced.rules
    assert traced.claim is not None and traced.claim.metric.value == example["metric"]


@pytest.mark.parametrize(("name", "example"), _cases("misses", METRIC))
def test_a_metric_rule_does_not_read_a_near_miss(name: str, example: dict[str, str]) -> None:
    assert name not in _number(example).rules


@pytest.mark.parametrize(
    ("text", "number", "background"),
    [
        ("It is two weeks since a tremor killed more than 8,000 people.", "8,000", True),
        ("Three weeks since the quake, 300 people are still missing.", "300", False),
        ("Police said the toll rose to 1953 on Sunday.", "1953", False),  # a count, not a year
        ("In 1953 a flood killed 300 people.", "300", True),
    ],
)
def test_an_earlier_event_is_background_and_the_storys_own_count_is_not(
    text: str, number: str, background: bool
) -> None:
    (traced,) = [e.traced for e in explain_text(text, year=2015) if e.traced.number == number]
    assert traced.claim is not None and (traced.background is not None) is background
