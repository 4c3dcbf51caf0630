"""Enrichment parses an item once: one split per paragraph, one tokenisation per sentence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from tests.factories import item
from ticker.enrich import enrich, sentences

TEXT = (
    "Police said 12 people were killed in the city on Tuesday. The mayor tweeted that 40 were hurt.\n\n"
    "Rescuers are still searching the rubble.\n\n"
    "A spokesman for the ministry said 300 people had been arrested. More arrests are expected."
)


def test_an_item_is_split_and_tokenised_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: Counter[str] = Counter()

    def counted(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any) -> Any:
            calls[name] += 1
            return real(*args)

        return wrapper

    monkeypatch.setattr(sentences, "split_sentences", counted("split", sentences.split_sentences))
    monkeypatch.setattr(sentences, "tokens", counted("tokens", sentences.tokens))
    one = replace(
        item(1, "2022-01-05T10:00+01:00", text=TEXT), title="Update"
    )  # a title that says nothing: the lead is the first sentence
    enriched = enrich(one)
    assert enriched.claims  # it did read the figures
    # three paragraphs and the title; five sentences and the title's one
    assert calls == Counter(split=3 + 1, tokens=5 + 1)
