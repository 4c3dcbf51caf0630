"""The IPTC topic: a shipped linear model over hashed words, deterministic and on the wire."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.factories import item as make_item
from ticker.enrich import enrich
from ticker.enrich.topics import BUCKETS, MODEL_FILE, TopicModel, features, model, topic_of
from ticker.evaluate.bullets import dedupe, read_bullets
from ticker.evaluate.names import is_proper, matches
from ticker.models import EnrichedItem, Topic


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("The striker scored twice as the home team won the league final on penalties.", Topic.SPORT),
        (
            "A magnitude 6.8 earthquake destroys hundreds of houses; rescuers search the rubble.",
            Topic.DISASTER,
        ),
        ("Police arrest a man suspected of murder after a stabbing; he is charged in court.", Topic.CRIME),
        ("The central bank raises interest rates as inflation reaches a ten-year high.", Topic.ECONOMY),
        ("Voters elect a new parliament; the governing party loses its majority.", Topic.POLITICS),
        ("Airstrikes and shelling kill soldiers as the army launches an offensive.", Topic.CONFLICT),
    ],
)
def test_plain_news_sentences_get_their_topic(text: str, topic: Topic) -> None:
    assert topic_of("", text)[0] is topic


def test_the_same_text_always_gets_the_same_topic_and_probability() -> None:
    text = "Astronomers discover a planet orbiting a nearby star with a new space telescope."
    first = topic_of("", text)
    assert first == topic_of("", text)
    assert first[0] is Topic.SCIENCE and 0 < first[1] <= 1


def test_features_are_hashed_buckets_of_words_and_pairs() -> None:
    found = features("Rain and rain")
    assert len(found) == 4  # "rain", "and", "rain and", "and rain"; the repeated word once
    assert all(0 <= bucket < BUCKETS for bucket in found)


def test_the_model_file_holds_numbers_not_words() -> None:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert all(key.isdigit() for key in data["weights"])
    assert set(data["classes"]) <= {t.value for t in Topic}
    assert model().classes == tuple(Topic(c) for c in data["classes"])


def test_a_model_with_rows_of_the_wrong_width_is_refused() -> None:
    data = {"buckets": BUCKETS, "classes": ["sport", "crime"], "bias": [0, 0], "weights": {"1": [1.0]}}
    with pytest.raises(ValueError, match="one weight per class"):
        TopicModel.from_dict(data)


def test_the_topic_goes_through_the_wire_json() -> None:
    item = make_item(1, "2024-05-01T10:00:00Z", text="The national team wins the football world cup final.")
    enriched = EnrichedItem(item, enrich(item))
    assert enriched.enrichment.topic is Topic.SPORT
    again = EnrichedItem.from_json(enriched.to_json())
    assert again.enrichment.topic is Topic.SPORT


def test_bullets_map_portal_sections_and_keep_the_story_headings(tmp_path: Path) -> None:
    rows = [
        {"day_guid": "d1", "category": "Health and environment", "text": "A", "story_path": ["S", "T"],
         "wiki_links": [{"anchor": "World Health Organization", "wiki_title": "WHO"}]},
        {"day_guid": "d1", "category": "International relations", "text": "B", "wiki_links": []},
        {"day_guid": "d1", "category": "Health and environment", "text": "A", "story_path": ["S", "T"]},
    ]  # fmt: skip
    path = tmp_path / "bullets.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    bullets = dedupe(read_bullets(path))
    assert [b.topics for b in bullets] == [
        frozenset({Topic.HEALTH, Topic.ENVIRONMENT}),
        frozenset({Topic.POLITICS}),
    ]
    assert bullets[0].title == "S – T" and bullets[0].links == ("World Health Organization",)


def test_proper_noun_anchors_and_their_matches() -> None:
    assert is_proper("Organization of the Collective Security Treaty") and is_proper("U.S.")
    assert not is_proper("ceasefire") and not is_proper("Lebanese president")
    assert matches("CSTO", "Collective Security Treaty Organization")
    assert matches("Tokayev", "Kassym-Jomart Tokayev")
    assert not matches("Security", "Collective Security Treaty Organization")
