"""How a summary is laid out in its Redis hash: one field per part that changes on its own.

So a commit writes only what its items changed, and what it writes does not grow with the
story: ``meta`` (counts, time, sources, names called outlets), ``figure:<metric>:<subject>``
(written once, when the figure appears), ``obs:<metric>:<subject>:<item id>:<index>`` (one
report in a figure's history; ``sub:`` for a report of a part of it), ``development:<lead item
id>`` (the ids of its reports), ``report:<item id>`` (one item's lead) and ``actor:<name>``.
A name is split at its first ``:`` only, except a report's, whose parts are escaped (``%`` and
``:`` as ``%25`` and ``%3A``; a part without them is written as it is): an item id is any
printable text, ``urn:item:1`` included, and must never be read as a figure key. A
report is written once, when it is made, and deleted when the summary's bounds drop it; a
development rewrites only its list of ids. ``version`` is a field of its own too, written by
the commit script. Summaries stored before this layout (one ``head`` field) are still read, and the
first commit on one rewrites it whole; so are summaries whose report names were written before
they were escaped (an item id with ``:``), and those names are deleted. A field that cannot be
read at all is logged and skipped: one bad field never hides the rest of the story.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ticker.models import SCHEMA, Metric, Precision, escape_part, from_utc_text, to_utc_text, unescape_part
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

log = logging.getLogger(__name__)
T = TypeVar("T")


def report_name(fig: Figure, item_id: str, index: int) -> str:
    """A report's field name after its prefix: ``<metric>:<subject>:<item id>:<index>``, each escaped."""
    return ":".join(
        (escape_part(fig.metric.value), escape_part(fig.subject), escape_part(item_id), str(index))
    )


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
        "started": None if summary.started is None else to_utc_text(summary.started),
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
        report_name(fig, o.item_id, o.index): o
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


def unescaped_names(fields: dict[str, Any]) -> list[str]:
    """The report fields named before names were escaped, with more than four parts (an item id
    with ``:``): a rewrite of the whole summary writes them anew and deletes these."""
    return [name for name in fields if name.startswith((OBSERVATION, PART)) and name.count(":") > 4]


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
    figures = _figures(parts.get("figure", {}))
    by_parts = {(fig.metric.value, fig.subject): fig for fig in figures.values()}
    for prefix, history in (("obs", True), ("sub", False)):
        for name, raw in parts.get(prefix, {}).items():
            observation = _decoded(prefix + ":" + name, raw, Observation.from_dict)
            fig = _owner(name, by_parts, figures)
            if observation is None:
                continue
            if fig is None:
                log.warning("skipping summary field %r: no figure of it is stored", prefix + ":" + name)
                continue
            (fig.observations if history else fig.sub_figures).append(observation)
    for fig in figures.values():  # oldest first, as the fold keeps them; new lists (see Figure)
        fig.observations = sorted(fig.observations, key=lambda o: o.order)
        fig.sub_figures = sorted(fig.sub_figures, key=lambda o: o.order)
    reports = {
        k: r
        for k, v in parts.get("report", {}).items()
        if (r := _decoded(REPORT + k, v, Report.from_dict)) is not None
    }
    developments = []
    for lead, raw in parts.get("development", {}).items():
        development = _decoded(DEVELOPMENT + lead, raw, lambda data: _development_from(data, reports))
        if development is not None:
            developments.append(development)
    developments.sort(key=lambda d: d.order, reverse=True)  # newest first, as the fold keeps them
    actors = [
        a
        for k, v in parts.get("actor", {}).items()
        if (a := _decoded(ACTOR + k, v, Actor.from_dict)) is not None
    ]
    actors.sort(key=lambda a: (-a.mentions, a.name))  # as the fold keeps them
    meta = json.loads(fields[META])
    started = None if meta.get("started") is None else from_utc_text(meta["started"])
    for fig in figures.values():
        fig.event_start = started
    return Summary(
        story=meta["story"],
        version=int(fields.get("version", 0)),
        items=int(meta["items"]),
        as_of=None if meta["as_of"] is None else from_utc_text(meta["as_of"]),
        as_of_precision=Precision(meta.get("as_of_precision", "minute")),
        started=started,
        timezone=meta["timezone"],
        figures=figures,
        developments=developments,
        actors=actors,
        sources=dict(meta["sources"]),
        media=[str(n) for n in meta.get("media", ())],
    )


def _decoded(name: str, raw: str, decode: Callable[[dict[str, Any]], T]) -> T | None:
    """One stored field's value, or None (logged) when it cannot be read."""
    try:
        return decode(json.loads(raw))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("skipping unreadable summary field %r: %s", name, exc)
        return None


def _development_from(data: dict[str, Any], reports: dict[str, Report]) -> Development:
    return Development(reports[data["lead"]], [reports[i] for i in data["reports"]])


def _figure_from(data: dict[str, Any]) -> Figure:
    return Figure(Metric(data["metric"]), str(data["subject"]))


def _figures(stored: dict[str, str]) -> dict[str, Figure]:
    figures = {}
    for key, raw in stored.items():
        fig = _decoded(FIGURE + key, raw, _figure_from)
        if fig is not None:
            figures[fig.key] = fig
    return figures


def _owner(name: str, by_parts: dict[tuple[str, str], Figure], figures: dict[str, Figure]) -> Figure | None:
    """The figure a report field (named after its prefix) belongs to."""
    parts = name.split(":")
    if len(parts) == 4:
        return by_parts.get((unescape_part(parts[0]), unescape_part(parts[1])))
    # written before names were escaped: ``<figure key>:<item id with ':'>:<index>``
    owners = [key for key in figures if name.startswith(key + ":")]
    return figures[max(owners, key=len)] if owners else None


def _from_legacy(fields: dict[str, Any]) -> Summary:
    head = json.loads(fields[LEGACY_HEAD])
    head["figures"] = {
        name[len(FIGURE) :]: json.loads(raw) for name, raw in fields.items() if name.startswith(FIGURE)
    }
    return Summary.from_dict(head)
