"""The dev-set scoring rules, on hand-made claims: hits, claimants, distractors, current figure, traps."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tests.factories import claim, enriched, item
from tests.processes import ROOT
from ticker.evaluate import articles, liveblog
from ticker.evaluate.keys import Article, ArticleGold, LiveBlogKey, TimelinePoint, read_key
from ticker.models import Claim, EnrichedItem, Enrichment, Metric, Qualifier, Subject

MINI_KEY = ROOT / "tests" / "data" / "eval" / "liveblogs" / "flood-mini_key.json"
T9, T10, T11 = "2026-03-03T09:00:00+00:00", "2026-03-03T10:15:00+00:00", "2026-03-03T11:30:00+00:00"


def mini() -> LiveBlogKey:
    key = read_key(MINI_KEY)
    assert isinstance(key, LiveBlogKey)
    return key


def point(n: int) -> TimelinePoint:
    return mini().timeline[n]


def found(when: str, c: Claim) -> liveblog.Found:
    return liveblog.Found.of(item(0, when), c)


@pytest.mark.parametrize(
    ("c", "when", "hit"),
    [
        (claim(Metric.KILLED, 12, qualifier=Qualifier.AT_LEAST), T9, True),
        (claim(Metric.KILLED, 12, qualifier=Qualifier.MORE_THAN), T9, True),  # same family
        (claim(Metric.KILLED, 12), T9, False),  # exact is another family
        (claim(Metric.KILLED, 12, qualifier=Qualifier.AT_LEAST), T10, False),  # another block
        (claim(Metric.INJURED, 12, qualifier=Qualifier.AT_LEAST), T9, False),
        (claim(Metric.KILLED, 12, qualifier=Qualifier.AT_LEAST, scope="in one street"), T9, False),
        (claim(Metric.KILLED, 12, qualifier=Qualifier.AT_LEAST, subject=Subject.CIVILIANS), T9, True),
    ],
)
def test_a_hit_needs_block_metric_value_qualifier_family_and_scope(c: Claim, when: str, hit: bool) -> None:
    assert liveblog.hits(point(0), found(when, c)) is hit


def test_vague_points_take_the_vague_qualifier_and_critical_counts_any_scope() -> None:
    vague = replace(point(0), value=None, qualifier=Qualifier.DOZENS)
    assert liveblog.hits(vague, found(T9, claim(Metric.KILLED, 24, qualifier=Qualifier.DOZENS)))
    assert not liveblog.hits(vague, found(T9, claim(Metric.KILLED, 24)))
    critical = replace(
        point(4), measure="injured_critical", pipeline_metric="injured", qualifier=Qualifier.EXACT
    )
    assert liveblog.hits(critical, found(T11, claim(Metric.INJURED, 40, scope="in hospital")))
    also = replace(point(0), also_ok=(Qualifier.EXACT,))
    assert liveblog.hits(also, found(T9, claim(Metric.KILLED, 12)))


@pytest.mark.parametrize(
    ("wanted", "got", "ok"),
    [
        ("interior ministry", "Interior Ministry", True),
        ("the interior ministry via state tv", "interior ministry", True),
        ("police / the mayor", "the mayor's office", True),
        ("xinhua news agency", "xinhua news agencey", True),
        ("interior ministry", "police", False),
        ("interior ministry", None, False),
        ("", None, True),
    ],
)
def test_claimant_matching(wanted: str, got: str | None, ok: bool) -> None:
    assert liveblog.claimant_ok(wanted, got) is ok


def blog(*pairs: tuple[str, tuple[Claim, ...]]) -> list[EnrichedItem]:
    return [enriched(replace(item(n, when), story="flood-mini"), *cs) for n, (when, cs) in enumerate(pairs)]


def test_score_counts_recall_claimants_retractions_and_distractors() -> None:
    items = blog(
        (
            T9,
            (
                claim(Metric.KILLED, 12, qualifier=Qualifier.AT_LEAST, claimant="police"),
                claim(Metric.KILLED, 34),
            ),
        ),
        (T10, (claim(Metric.KILLED, 20, claimant="Interior Ministry", retracted=True),)),
        (T11, (claim(Metric.KILLED, 18, claimant="hospital"), claim(Metric.INJURED, 41))),
    )
    result = liveblog.score(mini(), items)
    assert (result.recall.got, result.recall.total) == (2, 4)
    assert (result.claimant_right.got, result.claimant_right.total) == (1, 2)
    assert (result.retractions_flagged.got, result.retractions_flagged.total) == (1, 1)
    assert (result.distractors_extracted.got, result.distractors_extracted.total) == (1, 1)
    assert result.claims_unmatched == 1  # the 41 injured


def test_current_figure_is_checked_at_each_key_event_and_at_the_end() -> None:
    right = blog(
        (T9, (claim(Metric.KILLED, 12, qualifier=Qualifier.AT_LEAST),)),
        (
            T10,
            (claim(Metric.KILLED, 20, retracted=True), claim(Metric.DEPLOYED, 150, subject=Subject.SOLDIERS)),
        ),
        (T11, (claim(Metric.KILLED, 18), claim(Metric.INJURED, 40, qualifier=Qualifier.ABOUT))),
    )
    tally = liveblog.current_figure(mini(), right)
    assert (tally.got, tally.total) == (
        4,
        4,
    )  # 09:00: killed; 11:30 (also the end): killed, deployed, injured
    unflagged = blog((T9, (claim(Metric.KILLED, 12),)), (T11, (claim(Metric.KILLED, 20),)))
    tally = liveblog.current_figure(mini(), unflagged)
    assert tally.got == 1  # a retracted 20 that stands as the toll is wrong


def test_the_expected_current_figure_skips_retracted_scoped_and_optional_points() -> None:
    key = mini()
    at_end = {(p.measure, p.value) for p in liveblog.expected_current(key.timeline, key.timeline[-1].at)}
    assert at_end == {("killed", 18), ("deployed", 150), ("injured", 40)}
    at_ten = {(p.measure, p.value) for p in liveblog.expected_current(key.timeline, key.timeline[1].at)}
    assert at_ten == {("killed", 12), ("deployed", 150)}  # the 20 was retracted


def test_a_group_ticker_has_no_subject_for_is_found_in_a_part_that_names_it() -> None:
    """The key counts "visiting students"; ticker keeps them as a part of the people killed."""
    group = replace(point(0), subject="visiting students", scope=None)
    named = claim(
        Metric.KILLED, 12, qualifier=Qualifier.AT_LEAST, scope="part of the dead: visiting students"
    )
    other = claim(Metric.KILLED, 12, qualifier=Qualifier.AT_LEAST, scope="part of the dead: local guides")
    assert liveblog.hits(group, found(T9, named))
    assert not liveblog.hits(group, found(T9, other))
    assert not liveblog.hits(point(0), found(T9, named))  # a known subject needs the whole figure
    summary = liveblog.fold("s", blog((T9, (claim(Metric.KILLED, 40), named))))
    assert liveblog.current_right(summary, group) is True
    assert liveblog.current_right(summary, replace(group, value=40)) is True
    assert liveblog.current_right(summary, replace(group, subject="local guides")) is False


def test_a_measure_ticker_has_no_metric_for_is_not_checked_yet() -> None:
    rescued = replace(point(0), measure="not_a_ticker_metric", pipeline_metric=None)
    assert liveblog.metric_of(rescued) is None
    assert liveblog.metric_of(point(2)) is Metric.DEPLOYED


def article(text: str, killed: int = 1, injured: int = 0) -> Article:
    return Article("a", "", text, date(2015, 1, 1), None, killed, injured, True, True)


@pytest.mark.parametrize(
    ("text", "value", "trap"),
    [
        ("John Smith, 25, was shot dead.", 25, True),
        ("A 16-year-old boy was shot.", 16, True),
        ("The shooting in 2014 left one dead.", 2014, True),
        ("Police were called to the 2100 block of Bridlewood Dr.", 2100, True),
        ("Shots were fired at 1415 Oak Street.", 1415, True),
        ("Call (317) 555-1234 with tips.", 555, True),
        ("Call 555-1234 with tips.", 1234, True),
        ("Two people were killed; a 2-year-old was unhurt.", 2, False),
        ("Police say 3 were killed.", 3, False),
        ("4 Teens Hurt In Drive-By Shooting", 4, False),
    ],
)
def test_ages_years_addresses_and_phone_numbers_are_traps(text: str, value: int, trap: bool) -> None:
    c = replace(claim(Metric.KILLED, value), quote=text)
    assert articles.reads_trap(c, article(text)) is trap


def test_the_article_count_is_the_largest_standing_whole_event_claim_for_people() -> None:
    claims = (
        claim(Metric.KILLED, 2),
        claim(Metric.KILLED, 5, retracted=True),
        claim(Metric.KILLED, 4, scope="part of 20"),
        claim(Metric.KILLED, 9, subject=Subject.ATTACKERS),
        claim(Metric.INJURED, 3),
    )
    assert articles.count_of(claims, Metric.KILLED) == 2
    assert articles.count_of(claims, Metric.MISSING) == 0
    located = (claim(Metric.KILLED, 2, scope="in a bar on Oak Street"),)
    assert articles.count_of(located, Metric.KILLED) == 2, "a place only locates the one incident"


def test_injuries_not_reported_as_such_are_the_people_shot_less_the_dead() -> None:
    claims = (claim(Metric.SHOT, 4), claim(Metric.KILLED, 3))
    assert articles.count_of(claims, Metric.INJURED) == 1


def test_article_scores_only_where_the_gold_is_in_the_text(tmp_path: Path) -> None:
    gold = [
        {"id": "x", "article_date": "2015-01-01", "text": "t", "gold": {"killed": 2, "injured": 1},
         "gold_killed_in_text": True, "gold_injured_in_text": False},
    ]  # fmt: skip
    (tmp_path / "g.json").write_text(json.dumps(gold), encoding="utf-8")
    key = read_key(tmp_path / "g.json")
    assert isinstance(key, ArticleGold)
    info = Enrichment(
        "x", "r", enriched(item(0, T9)).enrichment.category, 0.5, claims=(claim(Metric.KILLED, 2),)
    )
    result = articles.score([(key.articles[0], info)])
    assert (result.killed_right.got, result.killed_right.total) == (1, 1)
    assert result.injured_right.total == 0
