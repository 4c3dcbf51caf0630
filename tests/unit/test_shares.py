"""Rendezvous hashing: each story has one owner, and a consumer joining or leaving moves only its share."""

from __future__ import annotations

from ticker.shares import owner

STORIES = [f"story-{n}" for n in range(2000)]


def test_stories_spread_over_the_consumers_about_evenly() -> None:
    members = ["a", "b", "c"]
    counts = {m: sum(1 for s in STORIES if owner(members, s) == m) for m in members}
    assert all(500 < n < 830 for n in counts.values()), counts


def test_a_consumer_joining_takes_stories_from_the_others_and_moves_no_other() -> None:
    before = {s: owner(["a", "b"], s) for s in STORIES}
    after = {s: owner(["a", "b", "c"], s) for s in STORIES}
    moved = [s for s in STORIES if before[s] != after[s]]
    assert moved and all(after[s] == "c" for s in moved)
    assert 500 < len(moved) < 830  # about a third


def test_a_consumer_leaving_hands_over_only_its_own_stories() -> None:
    before = {s: owner(["a", "b", "c"], s) for s in STORIES}
    after = {s: owner(["a", "c"], s) for s in STORIES}
    assert {s for s in STORIES if before[s] != after[s]} == {s for s in STORIES if before[s] == "b"}


def test_the_owner_does_not_depend_on_the_order_members_are_listed_in() -> None:
    assert all(owner(["a", "b", "c"], s) == owner(["c", "a", "b"], s) for s in STORIES[:200])
