"""How a summary is laid out in its Redis hash: one field for everything but the figures, one per figure.

So a commit rewrites only what the item changed. ``version`` is a field of its own too,
written by the commit script.
"""

from __future__ import annotations

import json
from typing import Any

from ticker.summary import Summary

HEAD_FIELD = "head"
FIGURE_FIELD = "figure:"


def changed_fields(summary: Summary, previous: Summary) -> dict[str, dict[str, Any]]:
    """The stored form's fields (``head``, ``figure:<key>``) that differ from ``previous``.

    The fold clones a figure before it changes it, so a changed figure is told by identity.
    """
    fields = {HEAD_FIELD: summary.head_dict()}
    for key, fig in summary.figures.items():
        if previous.figures.get(key) is not fig:
            fields[FIGURE_FIELD + key] = fig.to_dict()
    return fields


def from_fields(fields: dict[str, Any]) -> Summary | None:
    """The summary from its stored fields (JSON texts); None when there is none yet."""
    if HEAD_FIELD not in fields:
        return None
    head = json.loads(fields[HEAD_FIELD])
    head["figures"] = {
        name[len(FIGURE_FIELD) :]: json.loads(raw)
        for name, raw in fields.items()
        if name.startswith(FIGURE_FIELD)
    }
    return Summary.from_dict(head)
