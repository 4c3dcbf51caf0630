"""Every Redis key, stream and channel name ticker uses: the public contract.

Story names are embedded verbatim, so they are validated to a safe alphabet. A story's keys
carry it in braces, ``ticker:story:{<story>}:items``: a Redis Cluster hash tag, so all of them
share one slot and each script touches one node.
"""

from __future__ import annotations

import re

from ticker.errors import ConfigError

PREFIX = "ticker"
CONSUMER_GROUP = "summary"
TASK_QUEUE = "ticker"  # the Celery queue; never named like one of our keys
POLL_QUEUE = "ticker.poll"  # feed polls: a slow feed server never holds up enrichment

_STORY_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,127}$")  # a headline slug fits


def check_story(story: str) -> str:
    if not _STORY_NAME.match(story):
        raise ConfigError(f"invalid story name {story!r}: use 1-128 of a-z 0-9 . _ -, starting alphanumeric")
    return story


def _story(story: str, *parts: str) -> str:
    return ":".join((PREFIX, "story", "{" + check_story(story) + "}", *parts))


def untagged(key: str) -> str:
    """The name a story's key had before hash tags (``ticker:story:<story>:items``)."""
    return key.replace("{", "").replace("}", "")  # a story name holds no braces


def story_keys(story: str) -> list[str]:
    """Every key of the story (its channel is not a key)."""
    return [
        items_stream(story),
        changes_stream(story),
        summary(story),
        written(story),
        applied(story),
        recent(story),
    ]


def layout() -> str:
    """Says ``tagged`` once no story key is left under its name from before hash tags."""
    return f"{PREFIX}:layout"


def names_layout() -> str:
    """Says ``escaped`` once no summary holds a report name with an unescaped item id."""
    return f"{PREFIX}:layout:names"


def stories() -> str:
    """A set of every story name that has items."""
    return f"{PREFIX}:stories"


def activity() -> str:
    """A capped stream of story names, one entry per batch of items written: the consumers' doorbell."""
    return f"{PREFIX}:activity"


def consumers() -> str:
    """A sorted set of the consumers sharing the stories, scored by their last heartbeat (ms)."""
    return f"{PREFIX}:consumers"


def items_stream(story: str) -> str:
    """The story's enriched items, in arrival order (XADD by the workers)."""
    return _story(story, "items")


def story_of(stream: str) -> str:
    """The story whose item or change stream this is."""
    return stream.split(":")[2].strip("{}")


def changes_stream(story: str) -> str:
    """The story's summary changes, in commit order (XADD by the consumer)."""
    return _story(story, "changes")


def summary(story: str) -> str:
    """A hash: ``version``, ``meta``, a field per figure, report, development, actor (store/layout.py)."""
    return _story(story, "summary")


def channel(story: str) -> str:
    """Pub/sub channel carrying every item and every change of the story."""
    return _story(story, "live")


def written(story: str) -> str:
    """A sorted set of the ``id:revision`` the workers have written, oldest first (bounded)."""
    return _story(story, "written")


def applied(story: str) -> str:
    """A sorted set of the ``id:revision`` and ``id`` folded into the summary, by version (bounded)."""
    return _story(story, "applied")


def recent(story: str) -> str:
    """A capped list of recent ``item_id outlet fingerprint`` for duplicate detection."""
    return _story(story, "recent")


def deliveries(item_id: str) -> str:
    """How often the enrich task for one item has started (poison-message guard)."""
    return f"{PREFIX}:deliveries:{item_id}"


def outbox() -> str:
    """A hash of item JSON sent to the workers and not yet written (field: ``id:revision``)."""
    return f"{PREFIX}:outbox"


def pending() -> str:
    """A sorted set of outbox entries by the time they were last sent (ms): what the reconciler resends."""
    return f"{PREFIX}:pending"


def dead_letters() -> str:
    """A capped list of parked items (JSON with reason) that could not be processed."""
    return f"{PREFIX}:dlq"


def feed_state(url_hash: str) -> str:
    """Conditional-GET and seen-entry state of one polled feed."""
    return f"{PREFIX}:feed:{url_hash}"
