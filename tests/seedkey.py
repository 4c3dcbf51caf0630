"""The answer key (tests/data/seed_key.json, a copy of ../shared/eval) mapped onto ticker's figures."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import KEY_PATH

# key figure name -> summary figure key (metric:subject); the mapping is the test's, not the product's
FIGURE_KEYS = {
    "arrested": "arrested:people",
    "killed_protesters": "killed:protesters",
    "killed_security_forces": "killed:security_forces",
    "killed_total": "killed:people",
    "injured": "injured:people",
    "foreign_troops": "deployed:foreign_troops",
    "claimed_attackers": "attacking:attackers",
}

CONTEXT_NUMBERS = {18_000_000, 155, 180, 81, 68, 2019, 1789, 25}


def key() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(KEY_PATH.read_text(encoding="utf-8"))
    return data


def all_values(summary: dict[str, Any]) -> set[int]:
    values = set()
    for fig in summary["figures"].values():
        for obs in fig["history"] + fig["sub_figures"]:
            values.add(obs["value"])
    return values


def assert_matches_key(summary: dict[str, Any]) -> None:
    """The final summary says what the key says a correct pipeline must find."""
    figures = summary["figures"]
    arrested = figures[FIGURE_KEYS["arrested"]]
    assert arrested["current"]["value"] == key()["figures"]["arrested"]["final"]["value"]
    assert "interior ministry" in (arrested["current"]["claimant"] or "").lower()
    history = [o["value"] for o in arrested["history"]]
    assert history == [h["value"] for h in key()["figures"]["arrested"]["history"]]
    assert [o["value"] for o in arrested["sub_figures"]] == [207]

    killed_total = figures[FIGURE_KEYS["killed_total"]]
    assert [o["value"] for o in killed_total["retractions"]] == [160]
    assert (killed_total["current"] or {}).get("value") != 160

    assert figures[FIGURE_KEYS["killed_protesters"]]["current"]["value"] == 26
    security = figures[FIGURE_KEYS["killed_security_forces"]]["current"]
    assert (security["value"], security["qualifier"]) == (18, "at_least")
    assert figures[FIGURE_KEYS["injured"]]["current"]["value"] == 2000
    assert figures[FIGURE_KEYS["foreign_troops"]]["current"]["value"] == 2500
    attackers = figures[FIGURE_KEYS["claimed_attackers"]]["current"]
    assert (attackers["value"], attackers["qualifier"]) == (20_000, "up_to")

    assert not all_values(summary) & CONTEXT_NUMBERS, "a context number was taken as an event figure"
