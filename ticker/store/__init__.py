"""The ONE module that reads and writes pipeline data in Redis.

Everything else asks it by name (``write_item``, ``commit``, ``ack``, ``feed_state``, ...)
and gets typed results back; the Redis client stays inside. The Lua scripts live beside
it as ``.lua`` files whose headers list their KEYS and ARGV.
"""

from ticker.store.gateway import Store
from ticker.store.results import Claimed, Commit, DeadLetter, Folded, FoldedBatch, Loaded, StreamEntry

__all__ = ["Claimed", "Commit", "DeadLetter", "Folded", "FoldedBatch", "Loaded", "Store", "StreamEntry"]
