"""The names a metric filter takes are the names the output shows, their word forms, and nothing else."""

from __future__ import annotations

import pytest

from ticker.figure_names import close_metrics, figure_label, metric_named
from ticker.models import Metric, Subject


def test_every_label_the_summary_can_show_names_its_metric() -> None:
    for metric in Metric:
        assert metric_named(metric.value) is metric
        assert metric_named(metric.value.replace("_", "-").upper()) is metric
        for subject in Subject:
            assert metric_named(figure_label(metric.value, subject.value)) is metric, (metric, subject)


@pytest.mark.parametrize(
    ("name", "metric"),
    [
        ("arrests", Metric.ARRESTED),
        ("arrest", Metric.ARRESTED),
        ("injuries", Metric.INJURED),
        ("killings", Metric.KILLED),
        ("evacuations", Metric.EVACUATED),
        ("attackers", Metric.ATTACKING),
        ("protests", Metric.PROTESTING),
        ("Protesters", Metric.PROTESTING),
        ("people on board", Metric.ON_BOARD),
        ("buildings damaged", Metric.BUILDINGS_DAMAGED),
    ],
)
def test_other_forms_of_a_metrics_word_name_it(name: str, metric: Metric) -> None:
    assert metric_named(name) is metric


def test_no_two_metrics_share_a_stem() -> None:
    # a shared stem would send one metric's word forms to the other
    for metric in (m for m in Metric if "_" not in m.value):
        assert metric_named(metric.value + "s") is metric


@pytest.mark.parametrize("name", ["deaths", "rescuers", "people", "", "arests", "killed people"])
def test_anything_else_is_no_metric(name: str) -> None:
    assert metric_named(name) is None


def test_a_typo_suggests_the_metric_it_looks_like() -> None:
    assert close_metrics("arests", limit=1) == [Metric.ARRESTED]
    assert close_metrics("evacuatd", limit=1) == [Metric.EVACUATED]
    assert close_metrics("zzz") == []
