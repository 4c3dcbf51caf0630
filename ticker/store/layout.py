"""How a summary is laid out in its Redis hash: one field per part that changes on its own.

So a commit writes only what its items changed, and what it writes does not grow with the
story: ``meta`` (counts, time, sources, names called outlets), ``figure:<metric>:<subject>``
(written once, when the figure appears), ``obs:<metric>:<subject>:<item id>:<index>`` (one
report in a figure's history; ``sub:`` for a report of a part of it), ``development:<lead item
id>`` (the ids of its reports), ``report:<item id>`` (one item's lead) and ``actor:<name>``. A
report is written once, when it is made, and deleted when the summary's bounds drop it; a
development rewrites only its list of ids. ``version`` is a field of its own too, written by
the commit script. Summaries stored before this layout (one ``head`` field) are still read, and the
first commit on one rewrites it whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ticker.models import SCHEMA, Metric, Precision, from_utc_text, to_utc_text
from ticker.summary import Summary
from ticker.summary.state import Actor, Development, Figure, Observation, Report

META = "meta"
FIGURE = "figure:"
OBSERVATION = "obs:"
PART = "sub:"
DEVELOPMENT = "development:"
REPORT = "report:"
ACTOR = "actor:"
LEGACY_HEAD = "head"  # everything but the figures, in one field: the layout before this one


@dataclass
class Diff:
    """The hash fields to write (name -> JSON-able value) and the ones to delete."""

    fields: dict[str, Any] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)


def _meta(summary: Summary) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "type": "summary",
        "story": summary.story,
        "items": summary.items,
        "as_of": None if summary.as_of is None else to_utc_text(summary.as_of),
        "as_of_precision": summary.as_of_precision.value,
        "timezone": summary.timezone,
        "sources": dict(sorted(summary.sources.items())),
        "media": summary.media,
    }


def _figure(fig: Figure) -> dict[str, Any]:
    return {"metric": fig.metric.value, "subject": fig.subject}


def _development(dev: Development) -> dict[str, Any]:
    return {"lead": dev.lead.item_id, "reports": [r.item_id for r in dev.reports]}


def _observations(figures: Iterable[Figure], parts: bool) -> dict[str, Observation]:
    """Each report of the figures' histories (or of their parts), by ``<figure key>:<item id>:<index>``."""
    return {
        f"{fig.key}:{o.item_id}:{o.index}": o
        for fig in figures
        for o in (fig.sub_figures if parts else fig.observations)
    }


def _reports(developments: Iterable[Development]) -> dict[str, Report]:
    return {r.item_id: r for dev in developments for r in (dev.lead, *dev.reports)}


def _changed(new: dict[str, Any], old: dict[str, Any], prefix: str, diff: Diff, encode: Any) -> None:
    """Write the parts of ``new`` that ``old`` lacks or holds otherwise; delete those it lacks."""
    for name, part in new.items():
        was = old.get(name)
        if was is not part and was != part:
            diff.fields[prefix + name] = encode(part)
    diff.deleted.extend(prefix + name for name in old if name not in new)


def diff(summary: Summary, previous: Summary) -> Diff:
    """What turns the stored ``previous`` into ``summary``.

    The fold clones a figure before it changes it, so a changed figure is told by identity;
    developments, reports and actors are compared by value (cheap: reports are shared).
    """
    out = Diff()
    if _meta(summary) != _meta(previous):
        out.fields[META] = _meta(summary)
    changed = [k for k, fig in summary.figures.items() if previous.figures.get(k) is not fig]
    gone = [k for k in previous.figures if k not in summary.figures]
    for key in changed:
        if key not in previous.figures:
            out.fields[FIGURE + key] = _figure(summary.figures[key])
    out.deleted.extend(FIGURE + key for key in gone)
    # only the changed (or gone) figures' reports can have changed
    was = [previous.figures[k] for k in (*changed, *gone) if k in previous.figures]
    now = [summary.figures[k] for k in changed]
    encode = Observation.to_dict
    _changed(_observations(now, False), _observations(was, False), OBSERVATION, out, encode)
    _changed(_observations(now, True), _observations(was, True), PART, out, encode)
    if summary.developments != previous.developments:
        _changed(
            {d.lead.item_id: d for d in summary.developments},
            {d.lead.item_id: d for d in previous.developments},
            DEVELOPMENT,
            out,
            _development,
        )
        _changed(_reports(summary.developments), _reports(previous.developments), REPORT, out, Report.to_dict)
    if summary.actors != previous.actors:
        _changed(
            {a.name: a for a in summary.actors},
            {a.name: a for a in previous.actors},
            ACTOR,
            out,
            Actor.to_dict,
        )
    return out


def full(summary: Summary) -> Diff:
    """Every field of ``summary``, and the legacy ``head`` deleted: a rewrite of a whole summary."""
    out = diff(summary, Summary(story=summary.story))
    out.deleted.append(LEGACY_HEAD)
    return out


def is_legacy(fields: dict[str, Any]) -> bool:
    return LEGACY_HEAD in fields


def from_fields(fields: dict[str, Any]) -> Summary | None:
    """The summary from its stored fields (JSON texts); None when there is none yet."""
    if LEGACY_HEAD in fields:
        return _from_legacy(fields)
    if META not in fields:
        return None
    parts: dict[str, dict[str, str]] = {}
    for name, raw in fields.items():
        prefix, sep, rest = name.partition(":")
        if sep:
            parts.setdefault(prefix, {})[rest] = raw
    figures = {}
    for key, raw in parts.get("figure", {}).items():
        data = json.loads(raw)
        figures[key] = Figure(Metric(data["metric"]), data["subject"])
    for prefix, history in (("obs", True), ("sub", False)):
        for name, raw in parts.get(prefix, {}).items():
            fig = figures[name.rsplit(":", 2)[0]]
            observation = Observation.from_dict(json.loads(raw))
            (fig.observations if history else fig.sub_figures).append(observation)
    for fig in figures.values():  # oldest first, as the fold keeps them; new lists (see Figure)
        fig.observations = sorted(fig.observations, key=lambda o: o.order)
        fig.sub_figures = sorted(fig.sub_figures, key=lambda o: o.order)
    reports = {k: Report.from_dict(json.loads(v)) for k, v in parts.get("report", {}).items()}
    developments = []
    for raw in parts.get("development", {}).values():
        data = json.loads(raw)
        developments.append(Development(reports[data["lead"]], [reports[i] for i in data["reports"]]))
    developments.sort(key=lambda d: d.order, reverse=True)  # newest first, as the fold keeps them
    actors = [Actor.from_dict(json.loads(raw)) for raw in parts.get("actor", {}).values()]
    actors.sort(key=lambda a: (-a.mentions, a.name))  # as the fold keeps them
    meta = json.loads(fields[META])
    return Summary(
        story=meta["story"],
        version=int(fields.get("version", 0)),
        items=int(meta["items"]),
        as_of=None if meta["as_of"] is None else from_utc_text(meta["as_of"]),
        as_of_precision=Precision(meta.get("as_of_precision", "minute")),
        timezone=meta["timezone"],
        figures=figures,
        developments=developments,
        actors=actors,
        sources=dict(meta["sources"]),
        media=[str(n) for n in meta.get("media", ())],
    )


def _from_legacy(fields: dict[str, Any]) -> Summary:
    head = json.loads(fields[LEGACY_HEAD])
    head["figures"] = {
        name[len(FIGURE) :]: json.loads(raw) for name, raw in fields.items() if name.startswith(FIGURE)
    }
    return Summary.from_dict(head)
