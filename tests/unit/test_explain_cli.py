"""`ticker explain TEXT`: what became of every number, and why."""

from __future__ import annotations

import json
import re

import pytest

from tests.clirun import run_ticker
from tests.processes import ROOT

TEXT = (
    "The mayor tweeted that 5 people died in the fire on Tuesday. "
    "In 2015 a similar blaze killed 40 people. The 38-year-old driver was arrested."
)


def test_explain_names_each_number_its_rules_claim_and_claimant() -> None:
    result = run_ticker("explain", TEXT, "--year", "2022")
    assert result.exit_code == 0, result.output
    out = result.output.splitlines()
    five = out.index("5 in: The mayor tweeted that 5 people died in the fire on Tuesday.")
    assert out[five + 1 : five + 4] == [
        "    figure: killed people exact 5 claimant 'mayor'",
        "    rules: metric word after",
        "    claimant: mayor (subject of a speech verb)",
    ]
    assert any(
        line.startswith("    background, not a figure of the story now: an earlier year (2015)")
        for line in out
    )
    assert out[out.index("2015 in: In 2015 a similar blaze killed 40 people.") + 1] == (
        "    dropped: a measure: a year"
    )


def test_explain_json_is_one_document_with_every_number() -> None:
    result = run_ticker("explain", TEXT, "--year", "2022", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert [n["number"] for n in doc["numbers"]] == ["5", "2015", "40", "The 38-year-old driver"]
    five = doc["numbers"][0]
    assert five["claim"]["value"] == 5 and five["claimant_rules"] == ["subject of a speech verb"]
    assert doc["numbers"][2]["background"] == "an earlier year (2015)"


def test_explain_says_when_there_is_no_number_and_refuses_half_an_item() -> None:
    assert run_ticker("explain", "Nothing counted here.").output.strip() == "no number in the text"
    assert run_ticker("explain").exit_code == 2
    assert run_ticker("explain", "--item", "x").exit_code == 2  # --item wants --story


def test_explain_never_prints_control_characters_of_the_text() -> None:
    result = run_ticker("explain", "Police said 12 people \x1b[31mwere arrested\x1b[0m.")
    assert "\x1b" not in result.output and "\\u001b" in result.output


@pytest.mark.parametrize("doc", ["README.md", "docs/figures.md"])
def test_the_documented_explain_example_is_what_it_prints(doc: str) -> None:
    text = (ROOT / doc).read_text()
    block = re.search(r"```\n\$ ticker explain (\".*?\") --year (\d+)\n(.*?)```", text, re.S)
    assert block, f"{doc} shows a ticker explain example"
    result = run_ticker("explain", json.loads(block.group(1)), "--year", block.group(2))
    assert result.output == block.group(3)
