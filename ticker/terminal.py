"""Renders items and the summary for people. Every untrusted character is escaped first.

``ticker.escape.clean`` makes news text safe for a terminal; rich renders ``Text``
objects without parsing markup, so brackets in news stay brackets.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from ticker.escape import clean
from ticker.figure_names import figure_label
from ticker.models import EnrichedItem, Precision, Qualifier, TimeBound, from_utc_text

QUALIFIER_WORDS = {
    Qualifier.EXACT: "",
    Qualifier.ABOUT: "about ",
    Qualifier.ALMOST: "almost ",
    Qualifier.MORE_THAN: "more than ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.UP_TO: "up to ",
    Qualifier.DOZENS: "dozens ",
    Qualifier.HUNDREDS: "hundreds ",
    Qualifier.THOUSANDS: "thousands ",
}


def console(*, stderr: bool = False, color: bool | None = None) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    # rich assumes 80 columns off a terminal; logs and pipes read better wider
    width = None if stream.isatty() or os.environ.get("COLUMNS") else 120
    return Console(
        stderr=stderr,
        width=width,
        highlight=False,
        markup=False,
        emoji=False,
        no_color=color is False,
        soft_wrap=False,
    )


def local(moment: datetime, zone: str) -> datetime:
    try:
        return moment.astimezone(ZoneInfo(zone))
    except (KeyError, ValueError):
        return moment


def when(moment: datetime, zone: str, precision: Precision = Precision.MINUTE) -> str:
    at = local(moment, zone)
    if precision is Precision.DAY:
        # the source gave a day, not a time: never show its stand-in midnight
        return (at.strftime("%Y-%m-%d") + " date only").ljust(20)
    return at.strftime("%Y-%m-%d %H:%M %Z").ljust(20)


def figure_value(obs: dict[str, Any]) -> str:
    qualifier = Qualifier(obs["qualifier"])
    if qualifier.vague:
        return qualifier.value  # "dozens": the number is only its lower bound
    words = QUALIFIER_WORDS.get(qualifier, "")
    value = f"{obs['value']:,}"
    if obs.get("value_max"):
        value += f"–{obs['value_max']:,}"
    return f"{words}{value}"


def _source_of(obs: dict[str, Any]) -> str:
    """ "Interior Ministry (n-tv)": the claimant, and in brackets the outlet that reported it."""
    claimant = obs.get("claimant")
    return clean(f"{claimant} ({obs['outlet']})" if claimant else obs["outlet"], width=80)


def plural(count: int, noun: str) -> str:
    """ "1 item", "2 items" (the nouns here all take an s)."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def history_text(history: list[dict[str, Any]]) -> str:
    """Values oldest first; a value repeated by the next report is shown once with a count."""
    steps: list[list[Any]] = []
    for obs in history:
        value = figure_value(obs)
        if steps and steps[-1][0] == value:
            steps[-1][1] += 1
        else:
            steps.append([value, 1])
    return " → ".join(v if n == 1 else f"{v} (×{n})" for v, n in steps)


# -- items ---------------------------------------------------------------------------------


def item_line(enriched: EnrichedItem, *, width: int = 160, story: bool = False) -> Text:
    """One item for people; with ``story`` its story's name first (lines of several stories mixed)."""
    item, info = enriched.item, enriched.enrichment
    line = Text()
    if story:
        line.append(clean(item.story, width=40), style="magenta")
        line.append("  ")
    line.append(when(item.event_time, item.timezone, item.precision), style="dim")
    line.append("  ")
    tags = info.category.value if info.topic is None else f"{info.category.value} · {info.topic.value}"
    line.append(f"[{tags}]", style="cyan")
    line.append(" ")
    line.append(clean(item.outlet, width=30), style="bold")
    line.append(" — ")
    line.append(clean(info.lead or item.title or item.text, width=width))
    for claim in info.claims:
        if claim.scope:
            continue
        obs = {"qualifier": claim.qualifier.value, "value": claim.value, "value_max": claim.value_max}
        label = f"{figure_label(claim.metric.value, claim.subject.value)}: {figure_value(obs)}"
        if claim.claimant:
            label += f" ({clean(claim.claimant, width=50)})"
        if claim.retracted:
            label += " WITHDRAWN"
        line.append("\n    ▸ ", style="dim")
        line.append(label, style="yellow" if not claim.retracted else "red")
    if info.corroborated_by:
        line.append("\n    ≡ also: " + clean(", ".join(info.corroborated_by), width=100), style="green")
    return line


# -- summary -------------------------------------------------------------------------------


def _scope_words(scope: str) -> str:
    """ "in Almaty" reads on after the number; "part of 23" or "a group named before" is an aside."""
    words = clean(scope, width=60)
    return words if scope.split(" ", 1)[0].lower() in _PREPOSITIONS else f"({words})"


_PREPOSITIONS = frozenset({"in", "at", "on", "near", "inside", "across", "throughout", "outside"})


def confidence_text(fig: dict[str, Any]) -> str:
    """ "settled: 2 sources, official (an official source)"; empty for a summary stored before."""
    conf = fig.get("confidence")
    if not conf or fig.get("current") is None:
        return ""
    sources = f"{conf['sources']} source{'s' if conf['sources'] != 1 else ''}"
    return f"{conf['status']}: {sources}{', official' if conf['official'] else ''} ({conf['why']})"


def _figure_lines(summary: dict[str, Any], zone: str) -> list[Text]:
    """One block per figure: the current value with its source, then history and notes."""
    lines: list[Text] = []
    for fig in summary["figures"].values():
        line = Text(figure_label(fig["metric"], fig["subject"]).ljust(24), style="bold")
        cur = fig.get("current")
        if cur is None:
            line.append("no standing figure", style="dim")
        else:
            precision = Precision(cur.get("precision", "minute"))
            line.append(figure_value(cur), style="bold yellow")
            line.append(
                f"  {_source_of(cur)}, {when(from_utc_text(cur['at']), zone, precision)}", style="dim"
            )
        if conf := confidence_text(fig):
            line.append(f"\n    {conf}", style="dim")
        history = [o for o in fig["history"] if not o["retracted"]]
        if len(history) > 1:
            line.append("\n    history: " + history_text(history))
        for o in fig["retractions"]:
            line.append(f"\n    WITHDRAWN: {figure_value(o)}  {_source_of(o)}", style="red")
        for o in fig["conflicts"]:
            line.append(f"\n    CONFLICT: {figure_value(o)}  {_source_of(o)}", style="magenta")
        for o in fig.get("unconfirmed", ()):
            line.append(f"\n    UNCONFIRMED: {figure_value(o)}  {_source_of(o)}", style="yellow")
        if fig.get("decreased"):
            line.append("\n    WARNING: this cumulative count went down", style="red")
        for o in fig["sub_figures"]:
            line.append(f"\n    of which {figure_value(o)} {_scope_words(o.get('scope') or '')}", style="dim")
        lines.append(line)
    return lines


def _by(at: TimeBound, zone: str) -> str:
    """ "at 2022-01-08 12:00 CET", or "on 2022-01-08" for a day (each item read in its own zone)."""
    return f"on {at.day.isoformat()}" if at.day else f"at {when(at.moment, zone).strip()}"


def summary_renderable(
    summary: dict[str, Any], *, at: TimeBound | None = None, developments: int = 10, actors: int = 12
) -> Group:
    """The summary panel's content; ``at``: it is what was known at that event time, not now."""
    zone = summary.get("timezone", "UTC")
    as_of = summary.get("as_of")
    head = Text(clean(summary["story"]), style="bold")
    head.append(f" — what we knew {_by(at, zone)}" if at else " — what we know now", style="bold")
    sources = summary.get("sources", {})
    precision = Precision(summary.get("as_of_precision", "minute"))
    stamp = when(from_utc_text(as_of), zone, precision).strip() if as_of else "nothing yet"
    head.append(
        f"\nas of {stamp} · version {summary['version']} · {plural(summary['items'], 'item')}"
        f" from {plural(len(sources), 'outlet')}",
        style="dim",
    )
    parts: list[Any] = [head, Text("\nFigures", style="bold underline"), *_figure_lines(summary, zone)]
    parts.append(Text("\nLatest developments", style="bold underline"))
    for dev in summary["developments"][:developments]:
        line = Text()
        precision = Precision(dev.get("precision", "minute"))
        line.append(when(from_utc_text(dev["at"]), zone, precision).ljust(22), style="dim")
        line.append(clean(dev["text"], width=140))
        outlets = sorted(set(dev["outlets"]))
        if len(outlets) > 1:
            line.append(f"  [reported by {len(outlets)} outlets: {clean(', '.join(outlets))}]", style="green")
        else:
            line.append(f"  [{clean(outlets[0])}]", style="dim")
        parts.append(line)
    parts.append(Text("\nKey actors", style="bold underline"))
    names = [f"{clean(a['name'])} ({a['mentions']})" for a in summary["actors"][:actors]]
    parts.append(Text(", ".join(names) or "—"))
    parts.append(Text("\nSources", style="bold underline"))
    parts.append(Text(", ".join(f"{clean(k)} {v}" for k, v in sources.items()) or "—"))
    return Group(*parts)


def print_summary(out: Console, summary: dict[str, Any], *, at: TimeBound | None = None) -> None:
    out.print(Panel(summary_renderable(summary, at=at), expand=False))
