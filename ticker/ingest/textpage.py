"""A plain-text page: a live ticker (several time-headed blocks) or an article."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date

from ticker.ingest.articles import dateline, read_article
from ticker.ingest.page import Page, PageResult
from ticker.ingest.text import normalise
from ticker.ingest.tickers import find_headers, read_ticker

log = logging.getLogger(__name__)

TOP_LINES = 15


def read_page(text: str, page: Page) -> PageResult:
    lines = [line for line in normalise(text).split("\n") if line]
    if not lines:
        return PageResult(errors=[page.error("text", "empty page")])
    headers = find_headers(lines) if page.kind != "article" else {}
    labelled = sum(1 for h in headers.values() if h.labelled)
    if page.kind == "ticker" or (page.kind == "auto" and (labelled >= 2 or len(headers) >= 3)):
        if not headers:
            return PageResult(errors=[page.error("text", "a ticker without block headers")])
        page = _with_page_time(lines, page)
        log.debug("%s: ticker with %d blocks", page.where, len(headers))
        return read_ticker(lines, page, _reference(page), headers)
    return read_article(lines, page, _reference(page))


def _reference(page: Page) -> date:
    """The day a page's year-less dates are read against."""
    moment = page.published or page.now
    return moment.astimezone(page.zone).date()


def _with_page_time(lines: list[str], page: Page) -> Page:
    """A ticker without a known publication time takes it from its own top lines ("Updated: …")."""
    if page.published is not None:
        return page
    reference = _reference(page)
    for line in lines[:TOP_LINES]:
        found = dateline(line, reference, page)
        if found is not None:
            return replace(page, published=found[0], published_is_day=found[1])
    return page
