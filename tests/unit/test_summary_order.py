"""The same items in any order give the same summary: every choice of the fold is a function of the set."""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import claim, enriched, item
from tests.unit.test_seed_story import comparable, seed_items
from ticker.models import EnrichedItem, Metric, Precision
from ticker.summary import fold

CHAIN = (
    "Soldiers patrol the deserted central square of Almaty while smoke rises over "
    "the burnt city hall and looted shops near the airport road"
)


@cache
def synthetic_items() -> tuple[EnrichedItem, ...]:
    day = Precision.DAY
    items = [
        # date-only reports of one development with the same words, the same sort time (the end of
        # the day) and different stated times: which one words it must not depend on arrival
        enriched(item("d1", "2022-01-08T09:00+01:00", outlet="Merkur", precision=day),
                 claim(Metric.KILLED, 44), lead="Almaty airport retaken by security forces, officials say"),
        enriched(item("d2", "2022-01-08T15:00+01:00", outlet="tagesschau", precision=day),
                 claim(Metric.KILLED, 46), lead="Almaty airport retaken by security forces, officials say"),
        enriched(item("d3", "2022-01-08T00:00+01:00", outlet="Reuters", precision=day),
                 claim(Metric.KILLED, 46, claimant="Interior Ministry"),
                 lead="Almaty airport retaken by security forces, officials say"),
        enriched(item("d4", "2022-01-09T00:00+06:00", outlet="Reuters", precision=day),
                 lead="Almaty airport reopens for domestic flights on Monday"),
    ]  # fmt: skip
    # a chain of leads each like its neighbours but not like those two steps away (A~B, B~C, A!~C)
    for n in range(6):
        when = f"2022-01-{9 + n % 2:02d}T{10 + n:02d}:00+06:00"
        precision = day if n % 2 else Precision.MINUTE
        lead = " ".join(CHAIN.split()[3 * n : 3 * n + 9])
        items.append(enriched(item(f"c{n}", when, outlet=f"Outlet {n % 3}", precision=precision), lead=lead))
    return tuple(items)


def _everything() -> list[EnrichedItem]:
    return [*seed_items(), *synthetic_items()]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_any_order_of_the_seed_and_day_precise_items_gives_one_summary(rng: object) -> None:
    items = _everything()
    expected = comparable(fold("kazakhstan-2022", items))
    shuffled = list(items)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert comparable(fold("kazakhstan-2022", shuffled)) == expected


def test_the_earliest_report_by_id_words_a_development_of_equal_sort_times() -> None:
    d1, d2, d3 = synthetic_items()[:3]
    forward, backward = fold("s", [d1, d2, d3]), fold("s", [d3, d2, d1])
    assert comparable(forward) == comparable(backward)
    (dev,) = forward.developments
    assert dev.lead.item_id == min(d.item.id for d in (d1, d2, d3))
