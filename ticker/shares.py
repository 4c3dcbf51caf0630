"""Which consumer folds which story: rendezvous hashing over the consumers alive in Redis.

Each consumer beats into one sorted set; the ones that beat within ``alive_s`` share the
stories, each story going to the consumer whose hash with it is highest. When one joins or
stops beating (it died), only its share of stories moves, and the others take it over at
their next beat. Two consumers may fold one story for a moment while they disagree on who is
alive: that costs a re-fold (commits are compare-and-set on the summary's version), never an
item. Heartbeats use each host's clock: keep hosts in NTP sync, well within ``alive_s``.
"""

from __future__ import annotations

import hashlib
import time

from ticker.store import Store


def _weight(member: str, story: str) -> bytes:
    return hashlib.blake2b(f"{member}\0{story}".encode(), digest_size=8).digest()


def owner(members: list[str], story: str) -> str:
    """The member a story belongs to (highest random weight)."""
    return max(members, key=lambda member: _weight(member, story))


class Shares:
    def __init__(self, store: Store, name: str, *, beat_every: float = 2.0, alive_s: float = 10.0) -> None:
        self.store, self.name = store, name
        self.beat_every, self.alive_ms = beat_every, int(alive_s * 1000)
        self.members: list[str] = [name]
        self.joined = False  # a heartbeat of ours reached Redis
        self._last_beat = float("-inf")

    def beat(self) -> bool:
        """Beat when it is time; True when the consumers alive changed (stories may have moved)."""
        if time.monotonic() - self._last_beat < self.beat_every:
            return False
        self._last_beat = time.monotonic()
        members = self.store.heartbeat(self.name, int(time.time() * 1000), self.alive_ms)
        self.joined = True
        members = members if self.name in members else sorted([*members, self.name])
        changed, self.members = members != self.members, members
        return changed

    def owns(self, story: str) -> bool:
        return len(self.members) == 1 or owner(self.members, story) == self.name

    def leave(self) -> None:
        if self.joined:
            self.store.leave(self.name)
            self.joined = False
