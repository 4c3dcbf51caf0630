"""What the page shows, as JSON-ready dicts: the summary with display words, and item lines.

The words come from the terminal's renderer (``figure_label``, ``figure_value``, ``when``), so
the page and ``ticker summary`` say the same thing. Every string from a source passes through
``clean`` (controls, bidi overrides); the browser then sets it as text, never as markup.
"""

from __future__ import annotations

from typing import Any

from ticker.escape import clean
from ticker.figure_names import figure_label
from ticker.follow import Entry
from ticker.models import Precision, from_utc_text
from ticker.terminal import figure_value, when

OBSERVATION_LISTS = ("history", "conflicts", "retractions", "sub_figures", "unconfirmed")


def _moment(at: str, zone: str, precision: str = "minute") -> str:
    return when(from_utc_text(at), zone, Precision(precision)).strip()


def observation_view(obs: dict[str, Any], zone: str) -> dict[str, Any]:
    return {
        "item_id": obs["item_id"],
        "value": obs["value"],
        "shown": figure_value(obs),
        "qualifier": obs["qualifier"],
        "claimant": clean(obs.get("claimant") or ""),
        "outlet": clean(obs["outlet"]),
        "at": obs["at"],
        "when": _moment(obs["at"], zone, obs.get("precision", "minute")),
        "retracted": obs["retracted"],
        "disputed": obs["disputed"],
        "scope": clean(obs.get("scope") or ""),
    }


def chart_points(figure: dict[str, Any]) -> list[dict[str, Any]]:
    """The figure's reports over event time, oldest first; withdrawn reports are not plotted."""
    points = [o for o in figure["history"] if not o["retracted"]]
    points.sort(key=lambda o: (o["at"], o["sort_at"], o["item_id"]))
    return [{"at": o["at"], "value": o["value"], "shown": figure_value(o)} for o in points]


def figure_view(figure: dict[str, Any], zone: str) -> dict[str, Any]:
    current = figure.get("current")
    view: dict[str, Any] = {
        "key": f"{figure['metric']}:{figure['subject']}",
        "label": figure_label(figure["metric"], figure["subject"]),
        "current": observation_view(current, zone) if current else None,
        "decreased": bool(figure.get("decreased")),
        "confidence": figure.get("confidence"),
        "chart": chart_points(figure),
    }
    for name in OBSERVATION_LISTS:
        view[name] = [observation_view(o, zone) for o in figure.get(name, [])]
    return view


def summary_view(summary: dict[str, Any], *, at: str | None = None) -> dict[str, Any]:
    """The summary (schema 1 dict) as the page shows it."""
    zone = summary.get("timezone", "UTC")
    as_of = summary.get("as_of")
    return {
        "story": summary["story"],
        "version": summary["version"],
        "items": summary["items"],
        "at": at,
        "as_of": _moment(as_of, zone, summary.get("as_of_precision", "minute")) if as_of else None,
        "figures": [figure_view(f, zone) for f in summary["figures"].values()],
        "actors": [
            {"name": clean(a["name"]), "kind": a["kind"], "mentions": a["mentions"]}
            for a in summary["actors"]
        ],
        "developments": [
            {
                "when": _moment(d["at"], zone, d.get("precision", "minute")),
                "text": clean(d["text"]),
                "outlets": sorted({clean(o) for o in d["outlets"]}),
            }
            for d in summary["developments"]
        ],
        "sources": {clean(name): count for name, count in summary.get("sources", {}).items()},
    }


def item_view(entry: Entry) -> dict[str, Any]:
    """One line of the live feed; ``id`` is the item stream entry id."""
    item, info = entry.item.item, entry.item.enrichment
    claims = []
    for claim in info.claims:
        if claim.scope:
            continue
        obs = {"qualifier": claim.qualifier.value, "value": claim.value, "value_max": claim.value_max}
        claims.append(
            {
                "label": figure_label(claim.metric.value, claim.subject.value),
                "shown": figure_value(obs),
                "claimant": clean(claim.claimant or ""),
                "retracted": claim.retracted,
            }
        )
    return {
        "id": entry.entry_id,
        "item_id": item.id,
        "when": when(item.event_time, item.timezone, item.precision).strip(),
        "at": item.event_time.isoformat(),
        "category": info.category.value,
        "topic": info.topic.value if info.topic else "",
        "outlet": clean(item.outlet),
        "title": clean(item.title),
        "text": clean(info.lead or item.title or item.text),
        # only web addresses become links: never javascript: or data: from a source
        "url": item.url if item.url and item.url.startswith(("http://", "https://")) else "",
        "claims": claims,
        "also": [clean(o) for o in info.corroborated_by],
    }
