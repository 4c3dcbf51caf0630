"""The no-setup main job: replay sources through a local pipeline with a live display."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ticker.config import Settings
from ticker.errors import TickerError
from ticker.ingest import paced
from ticker.models import EnrichedItem, TickerItem
from ticker.pipeline import enqueue, local_pipeline, wait_applied
from ticker.reader import summary_now
from ticker.terminal import item_line


def run_story(
    items: Sequence[TickerItem],
    settings: Settings,
    *,
    url: str | None,
    speed: float | None,
    timeout: float,
    out: Console,
    max_gap: float | None = 2.0,
) -> list[dict[str, Any]]:
    """Replay ``items`` through workers and the consumer; the final summary of each story."""

    def show(enriched: EnrichedItem) -> None:
        out.print(item_line(enriched))

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with (
        local_pipeline(settings, url=url, on_applied=show) as pipe,
        Progress(*columns, console=out, transient=True) as progress,
    ):
        sent = progress.add_task("replayed", total=len(items))
        done = progress.add_task("in summary", total=len(items))
        for item in paced(items, speed=speed, max_gap=max_gap):
            enqueue(pipe.app, item, pipe.store)
            progress.advance(sent)
        applied = wait_applied(
            pipe.store,
            items,
            timeout=timeout,
            progress=lambda n: progress.update(done, completed=n),
        )
        if applied < len(items):
            raise TickerError(
                f"only {applied} of {len(items)} items reached the summary within {timeout:.0f}s"
            )
        stories = sorted({item.story for item in items})
        return [summary_now(pipe.store, story) for story in stories]
