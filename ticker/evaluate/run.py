"""Read the sources a key scores, enrich them and score them: the lines of the target table."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from ticker.errors import AnswerKeyError
from ticker.evaluate import articles, liveblog
from ticker.evaluate.bullets import is_bullet_file
from ticker.evaluate.feeds import bullet_lines
from ticker.evaluate.keys import LIVEBLOG_SUFFIX, ArticleGold, LiveBlogKey, SeedKey, read_key
from ticker.evaluate.table import (
    ARTICLE_COUNT,
    CLAIMANT,
    CURRENT_FIGURE,
    DISTRACTORS,
    RECALL,
    RETRACTIONS,
    TRAPS,
    Line,
    Tally,
)
from ticker.models import EnrichedItem

LIVEBLOGS = "liveblogs"
ARTICLES = "articles"
FEEDS = "feeds"
CASED = "cased"
CORPUS_FILE = "source.json"  # the corpus's blog JSON: block ids and times


def story_variants(key: LiveBlogKey) -> list[tuple[str, Path]]:
    """The blog's story folder ("plain") and its recased copy ("cased") where there is one."""
    if not key.story_dir.is_dir():
        raise AnswerKeyError(str(key.path), f"no story folder {key.story_dir} beside the key")
    variants = [("plain", key.story_dir)]
    if (key.story_dir / CASED).is_dir():
        variants.append((CASED, key.story_dir / CASED))
    return variants


def block_times(story_dir: Path) -> dict[str, datetime]:
    """Block id -> time (UTC) from the corpus JSON in the story folder, when it is there."""
    try:
        blocks = json.loads((story_dir / CORPUS_FILE).read_text(encoding="utf-8")).get("documents", [])
    except (OSError, ValueError, AttributeError):
        return {}
    times: dict[str, datetime] = {}
    for block in blocks if isinstance(blocks, list) else []:
        stamp = block.get("time") if isinstance(block, dict) else None
        if isinstance(stamp, list) and len(stamp) == 5 and all(isinstance(n, int) for n in stamp):
            times[str(block.get("block_id"))] = datetime(*stamp).replace(tzinfo=UTC)
    return times


def enriched_items(path: Path) -> list[EnrichedItem]:
    from ticker.enrich import enrich
    from ticker.ingest import read_sources

    result = read_sources([str(path)])
    if result.errors:
        raise result.errors[0]
    return [EnrichedItem(item, enrich(item)) for item in result.items]


def liveblog_lines(key: LiveBlogKey) -> Iterator[Line]:
    times = block_times(key.story_dir)
    for text, folder in story_variants(key):
        result = liveblog.score(key, enriched_items(folder), times)
        yield Line(key.name, text, "recall of scored points", result.recall, RECALL)
        yield Line(key.name, text, "claimant right on hits", result.claimant_right, CLAIMANT)
        yield Line(key.name, text, "distractors extracted", result.distractors_extracted, DISTRACTORS)
        if result.retractions_flagged.total:
            yield Line(key.name, text, "retractions flagged", result.retractions_flagged, RETRACTIONS)
        yield Line(key.name, text, "current figure right", result.current_figure, CURRENT_FIGURE)


def article_lines(gold: ArticleGold) -> Iterator[Line]:
    from ticker.enrich import enrich

    pairs = [(a, enrich(articles.item_of(a, str(gold.path)))) for a in gold.articles]
    result = articles.score(pairs)
    yield Line(gold.name, ARTICLES, "killed right (gold in text)", result.killed_right, ARTICLE_COUNT)
    yield Line(gold.name, ARTICLES, "injured right (gold in text)", result.injured_right, ARTICLE_COUNT)
    claims = sum(len(e.claims) for _, e in pairs)
    yield Line(gold.name, ARTICLES, "age/year/address/phone as a count", Tally(result.traps, claims), TRAPS)


def table_lines(key: LiveBlogKey | ArticleGold) -> list[Line]:
    """The table lines of one live-blog key or article gold file."""
    return list(liveblog_lines(key) if isinstance(key, LiveBlogKey) else article_lines(key))


def key_lines(path: Path) -> list[Line]:
    if is_bullet_file(path):
        return list(bullet_lines(path))
    key = read_key(path)
    if isinstance(key, SeedKey):
        raise AnswerKeyError(str(path), "a seed key scores sources, not a table; give it with --key")
    return table_lines(key)


def dev_keys(root: Path) -> list[Path]:
    """Every live-blog key, article gold file and labelled bullet file of a dev directory,
    in a stable order."""
    found = sorted((root / LIVEBLOGS).glob(f"*{LIVEBLOG_SUFFIX}.json")) + sorted(
        (root / ARTICLES).glob("*.json")
    )
    found += [p for p in sorted((root / FEEDS).glob("*/*.json*")) if is_bullet_file(p)]
    if not found:
        raise AnswerKeyError(str(root), f"no {LIVEBLOGS}/*_key.json or {ARTICLES}/*.json here")
    return found


def dev_lines(root: Path) -> list[Line]:
    return [line for path in dev_keys(root) for line in key_lines(path)]
