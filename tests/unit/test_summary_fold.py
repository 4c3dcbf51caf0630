"""The pure fold: event time wins over arrival, re-application is a no-op, any order gives one answer."""

from __future__ import annotations

import json
import random
from dataclasses import replace

from tests.factories import claim, enriched, item
from ticker.models import ChangeKind, EnrichedItem, Metric, Precision, Qualifier, Subject
from ticker.store import layout
from ticker.summary import Limits, Summary, apply, fold

A = Metric.ARRESTED
WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
    "mike",
    "november",
    "oscar",
    "papa",
    "quebec",
    "romeo",
    "sierra",
    "tango",
    "uniform",
    "victor",
    "whiskey",
    "xray",
    "yankee",
    "zulu",
]


def arrests(n: int, when: str, value: int, qualifier: Qualifier = Qualifier.EXACT) -> EnrichedItem:
    return enriched(
        item(n, when), claim(A, value, qualifier=qualifier), lead=f"{value} arrested in round {n}"
    )


def test_current_figure_is_the_latest_by_event_time() -> None:
    state = fold(
        "s", [arrests(1, "2022-01-07T10:00+01:00", 2300), arrests(2, "2022-01-08T10:00+01:00", 4000)]
    )
    fig = state.figures["arrested:people"]
    assert fig.current is not None and fig.current.value == 4000
    assert [o.value for o in fig.observations] == [2300, 4000]


def test_late_item_does_not_replace_newer_figure() -> None:
    newer = arrests(2, "2022-01-08T10:00+01:00", 4000)
    older = arrests(1, "2022-01-07T10:00+01:00", 2300)
    state, _ = apply(Summary("s"), newer)
    state, changes = apply(state, older)
    fig = state.figures["arrested:people"]
    assert fig.current is not None and fig.current.value == 4000
    assert [o.value for o in fig.observations] == [2300, 4000]
    # the figure stands, but its history grew: subscribers hear of the late report
    assert [c.kind for c in changes if c.payload.get("figure")] == [ChangeKind.FIGURE_REPORTED]


def test_reapplying_the_same_item_changes_no_figure() -> None:
    one = arrests(1, "2022-01-07T10:00+01:00", 2300)
    state, _ = apply(Summary("s"), one)
    again, changes = apply(state, one, first_sighting=False)
    assert again.figures["arrested:people"].to_dict() == state.figures["arrested:people"].to_dict()
    assert again.sources == state.sources and again.items == 1
    assert not [c for c in changes if c.kind is ChangeKind.FIGURE_UPDATED]


def test_new_revision_replaces_the_old_observation() -> None:
    first = enriched(item(1, "2022-01-07T10:00+01:00"), claim(A, 100))
    edited = enriched(item(1, "2022-01-07T10:00+01:00", revision="r2"), claim(A, 150))
    state, _ = apply(Summary("s"), first)
    state, _ = apply(state, edited, first_sighting=False)
    assert [o.value for o in state.figures["arrested:people"].observations] == [150]
    assert state.items == 1


def test_shuffled_orders_give_the_same_summary() -> None:
    items = [
        arrests(1, "2022-01-07T10:20+01:00", 2300, qualifier=Qualifier.ABOUT),
        arrests(2, "2022-01-07T18:00+01:00", 3000, qualifier=Qualifier.MORE_THAN),
        arrests(3, "2022-01-08T09:12+01:00", 4000, qualifier=Qualifier.MORE_THAN),
        arrests(4, "2022-01-10T08:01+01:00", 8000, qualifier=Qualifier.ALMOST),
        enriched(item(5, "2022-01-09T12:00+01:00"), claim(Metric.KILLED, 160, retracted=True)),
        enriched(item(6, "2022-01-08T12:00+01:00"), claim(Metric.KILLED, 26, subject=Subject.PROTESTERS)),
    ]
    expected = fold("s", items).to_dict()
    rng = random.Random(7)
    for _ in range(20):
        order = items[:]
        rng.shuffle(order)
        got = fold("s", order).to_dict()
        got.pop("version"), expected.pop("version", None)
        assert got == {k: v for k, v in expected.items() if k != "version"}


def test_day_precise_report_sorts_after_the_same_days_minute_reports() -> None:
    morning = arrests(1, "2022-01-10T08:01+01:00", 8000, qualifier=Qualifier.ALMOST)
    that_day = enriched(item(2, "2022-01-10T00:00+01:00", precision=Precision.DAY), claim(A, 7939))
    state = fold("s", [that_day, morning])
    cur = state.figures["arrested:people"].current
    assert cur is not None and cur.value == 7939


def test_retracted_figure_is_never_current() -> None:
    state = fold(
        "s", [enriched(item(1, "2022-01-09T12:00+01:00"), claim(Metric.KILLED, 160, retracted=True))]
    )
    fig = state.figures["killed:people"]
    assert fig.current is None
    assert [o.value for o in fig.retractions] == [160]


def test_conflicting_claimants_at_the_same_time_are_both_kept() -> None:
    a = enriched(item(1, "2022-01-08T10:00+01:00"), claim(Metric.KILLED, 26, claimant="Interior Ministry"))
    b = enriched(item(2, "2022-01-08T11:00+01:00"), claim(Metric.KILLED, 160, claimant="Opposition"))
    state, changes = apply(fold("s", [a]), b)
    fig = state.figures["killed:people"]
    # the official 26 stands; the opposition's six-fold 160 waits for a second source, and disagrees
    assert fig.current is not None and fig.current.value == 26
    assert [o.value for o in fig.conflicts()] == [160] == [o.value for o in fig.unconfirmed]
    assert fig.confidence()["status"] == "conflicting"
    assert any(c.kind is ChangeKind.FIGURE_CONFLICT for c in changes)


def test_cumulative_count_going_down_is_flagged() -> None:
    a = enriched(item(1, "2022-01-08T10:00+01:00"), claim(A, 4000, qualifier=Qualifier.MORE_THAN))
    b = enriched(item(2, "2022-01-09T10:00+01:00"), claim(A, 2500))  # within a third of it: the newest stands
    assert fold("s", [a, b]).figures["arrested:people"].decreased()
    assert not fold("s", [a]).figures["arrested:people"].decreased()


def test_sub_figure_never_replaces_the_total() -> None:
    total = enriched(item(1, "2022-01-10T08:00+01:00"), claim(A, 7939))
    part = enriched(item(2, "2022-01-10T09:00+01:00"), claim(A, 207, scope="in two markets in Almaty"))
    state, changes = apply(fold("s", [total]), part)
    assert [c.kind for c in changes if c.payload.get("figure")] == [ChangeKind.FIGURE_REPORTED]
    fig = state.figures["arrested:people"]
    assert fig.current is not None and fig.current.value == 7939
    assert [o.value for o in fig.sub_figures] == [207]


def test_duplicate_developments_collapse_with_more_sources() -> None:
    lead = "Germany halts arms exports to Kazakhstan after the unrest"
    a = enriched(item(1, "2022-01-08T11:28+01:00", outlet="Merkur"), lead=lead)
    b = enriched(item(2, "2022-01-08T12:00+01:00", outlet="tagesschau"), lead=lead + ".")
    state = fold("s", [a, b])
    assert len(state.developments) == 1
    assert sorted(state.developments[0].outlets) == ["Merkur", "tagesschau"]


def test_developments_are_bounded_and_newest_first() -> None:
    items = [
        enriched(
            item(n, f"2022-01-{n:02d}T10:00+01:00"), lead=f"{WORDS[n]} {WORDS[n + 1]} {WORDS[n + 2]} happened"
        )
        for n in range(1, 21)
    ]
    state = fold("s", items, Limits(developments=5))
    assert len(state.developments) == 5
    assert [d.lead.at.day for d in state.developments] == [20, 19, 18, 17, 16]


def test_actors_merge_surname_with_full_name() -> None:
    a = enriched(item(1, "2022-01-07T10:00+01:00"), actors=("Tokayev",))
    b = enriched(item(2, "2022-01-08T10:00+01:00"), actors=("Kassym-Jomart Tokayev",))
    state = fold("s", [a, b])
    assert [(x.name, x.mentions) for x in state.actors] == [("Kassym-Jomart Tokayev", 2)]


def test_summary_round_trips_through_json() -> None:
    state = fold("s", [arrests(1, "2022-01-07T10:00+01:00", 2300)])
    assert Summary.from_dict(state.to_dict()).to_dict() == state.to_dict()


def test_apply_leaves_the_state_it_was_given_unchanged() -> None:
    # the consumer keeps the last committed summary and folds into a copy: a commit that loses
    # its compare-and-set race must leave that summary exactly as it was
    lead = "Germany halts arms exports to Kazakhstan after the unrest"
    first = enriched(
        item(1, "2022-01-08T11:28+01:00", outlet="Merkur"),
        claim(A, 2300),
        lead=lead,
        actors=("Tokayev",),
    )
    state = fold("s", [first])
    before = json.dumps(state.to_dict())  # a snapshot: to_dict shares lists with the state
    again = enriched(
        item(1, "2022-01-08T11:28+01:00", outlet="Merkur"), claim(A, 2400), lead=lead, actors=("Tokayev",)
    )
    other = enriched(
        item(2, "2022-01-08T12:00+01:00", outlet="tagesschau"),
        claim(A, 3000),
        lead=lead + ".",
        actors=("Kassym-Jomart Tokayev",),
    )
    apply(state, again, first_sighting=False)
    apply(state, other)
    assert json.dumps(state.to_dict()) == before


def test_a_commit_stores_only_the_figures_the_item_changed() -> None:
    killed = enriched(item(1, "2022-01-07T10:00+01:00"), claim(Metric.KILLED, 26, subject=Subject.PROTESTERS))
    state = fold("s", [killed, arrests(2, "2022-01-07T11:00+01:00", 2300)])
    new, _ = apply(state, arrests(3, "2022-01-08T11:00+01:00", 4000))
    diff = layout.diff(new, state)
    news = new.figures["arrested:people"].observations[-1].item_id
    # the figure's one new report, the counts, the item's development and its lead; nothing of
    # the other figure, and no other development or report
    assert sorted(diff.fields) == sorted(
        [f"obs:arrested:people:{news}:0", "meta", f"development:{news}", f"report:{news}"]
    )
    assert diff.deleted == []
    stored = {name: json.dumps(value) for name, value in layout.diff(state, Summary("s")).fields.items()}
    stored |= {name: json.dumps(value) for name, value in diff.fields.items()}
    stored["version"] = str(new.version)
    assert layout.from_fields(stored) == Summary.from_dict(new.to_dict())


def test_a_development_reported_endlessly_stays_bounded_and_keeps_every_outlet() -> None:
    lead = "Protesters stormed the mayor's office in Almaty"
    reports = [
        enriched(
            item(n, f"2022-01-05T{10 + n // 60:02d}:{n % 60:02d}+01:00", outlet=f"Outlet {n % 7}"), lead=lead
        )
        for n in range(300)
    ]
    forward = fold("s", reports)
    backward = fold("s", list(reversed(reports)))
    (dev,) = forward.developments
    assert len(dev.item_ids) == Limits().reports
    assert sorted(set(dev.outlets)) == [f"Outlet {n}" for n in range(7)]
    assert forward.developments == backward.developments


K = Metric.KILLED


def current_of(*items: EnrichedItem, key: str = "killed:people") -> int | None:
    cur = fold("s", list(items)).figures[key].current
    return None if cur is None else cur.value


def test_a_part_never_replaces_or_decreases_the_total() -> None:
    total = enriched(item(1, "2024-05-01T10:00:00+00:00"), claim(K, 265, qualifier=Qualifier.AT_LEAST))
    part = enriched(item(2, "2024-05-01T11:00:00+00:00"), claim(K, 161, scope="part of 265"))
    summary = fold("s", [total, part])
    assert summary.figures["killed:people"].current.value == 265  # type: ignore[union-attr]
    assert not summary.figures["killed:people"].decreased()


def test_a_vague_report_does_not_displace_a_precise_one_it_agrees_with() -> None:
    precise = enriched(item(1, "2024-05-01T10:00:00+00:00"), claim(K, 580))
    vague = enriched(item(2, "2024-05-01T11:00:00+00:00"), claim(K, 200, qualifier=Qualifier.HUNDREDS))
    assert current_of(precise, vague) == 580
    more = enriched(item(3, "2024-05-01T12:00:00+00:00"), claim(K, 1000, qualifier=Qualifier.HUNDREDS))
    assert current_of(precise, vague, more) == 1000, "a vague report that says more stands"


def test_a_place_count_stands_when_no_report_of_the_whole_exists() -> None:
    local = enriched(item(1, "2024-05-01T10:00:00+00:00"), claim(K, 2, scope="in South Memphis"))
    assert current_of(local) == 2
    whole = enriched(item(2, "2024-05-01T09:00:00+00:00"), claim(K, 77))
    assert current_of(local, whole) == 77


def test_an_items_first_report_is_its_news() -> None:
    both = enriched(
        item(1, "2024-05-01T10:00:00+00:00"),
        claim(K, 147),
        claim(K, 4),  # "there were four of them and all have been killed, he says"
    )
    assert current_of(both) == 147


def test_a_later_report_the_item_sets_in_the_present_is_its_news() -> None:
    sheltered = replace(claim(Metric.DISPLACED, 3000), quote="3,000 people had been put up in shelters")
    tonight = replace(claim(Metric.DISPLACED, 6000), quote="Tonight there will be 6,000 people in shelters")
    both = enriched(item(1, "2024-05-01T10:00:00+00:00"), sheltered, tonight)
    assert fold("s", [both]).figures["displaced:people"].current.value == 6000  # type: ignore[union-attr]


def test_a_later_agreeing_report_settles_a_conflict() -> None:
    a = enriched(item(1, "2024-05-01T10:00:00+00:00"), claim(K, 2, claimant="ministry"))
    b = enriched(item(2, "2024-05-01T10:30:00+00:00"), claim(K, 1, claimant="minister"))
    assert fold("s", [a, b]).figures["killed:people"].conflicts()
    c = enriched(item(3, "2024-05-01T11:00:00+00:00"), claim(K, 1, claimant="police"))
    assert not fold("s", [a, b, c]).figures["killed:people"].conflicts()


def test_a_toll_that_falls_below_half_of_another_sources_earlier_one_is_a_stale_report() -> None:
    """ "3 reported dead now", quoted after the toll reached 13: a conflict, not the new toll; a
    fall from 15 to 13 is news, and so is a source lowering its own count."""
    toll = enriched(item(1, "2015-02-04T08:14+00:00"), claim(Metric.KILLED, 13, claimant="state TV"))
    stale = enriched(item(2, "2015-02-04T08:37+00:00"), claim(Metric.KILLED, 3, claimant="a blogger"))
    fig = fold("s", [toll, stale]).figures["killed:people"]
    assert fig.current is not None and fig.current.value == 13
    assert [o.value for o in fig.conflicts()] == [3]
    lower = enriched(item(3, "2015-02-04T08:37+00:00"), claim(Metric.KILLED, 11, claimant="a blogger"))
    assert fold("s", [toll, lower]).figures["killed:people"].current.value == 11  # type: ignore[union-attr]
    own = enriched(item(4, "2015-02-04T08:37+00:00"), claim(Metric.KILLED, 3, claimant="state TV"))
    assert fold("s", [toll, own]).figures["killed:people"].current.value == 3  # type: ignore[union-attr]


def test_a_figures_current_and_conflicts_follow_its_lists_when_they_are_rebound() -> None:
    """They are worked out once per pair of lists: a fold step rebinds the lists, and a clone that
    shares them and then gets new ones leaves the original's answers alone."""
    first = fold("s", [enriched(item(1, "2022-01-05T10:00+06:00", outlet="A"), claim(A, 100))])
    fig = next(iter(first.figures.values()))
    assert fig.current is not None and fig.current.value == 100 and fig.conflicts() == []
    rival = fold("s", [enriched(item(2, "2022-01-05T10:05+06:00", outlet="B"), claim(A, 250))])
    later = next(iter(rival.figures.values())).observations[0]

    copy = fig.clone()
    copy.observations = [*copy.observations, later]
    assert copy.current is not None and copy.current.value == 250
    assert [o.value for o in copy.conflicts()] == [100]
    assert fig.current.value == 100 and fig.conflicts() == []  # the original's lists did not change
    fig.observations = [replace(o, retracted=True) for o in fig.observations]
    assert fig.current is None and fig.standing == []
