-- write_item: append an enriched item to its story's stream once per item revision.
--
-- Either way the item is done: its outbox entry and its delivery counter go.
-- Publishes '{"stream_id": ..., <payload fields>}' by splicing the stream id into the
-- payload's JSON object, so subscribers can resume from the stream where pub/sub left off.
--
-- KEYS[1]: written     sorted set of the id:revision written, by stream time (bounded)
-- KEYS[2]: items       the story's item stream
-- KEYS[3]: recent      capped list of recent [id, outlet, fingerprint] for duplicate detection
-- KEYS[4]: stories     set of every story name
-- KEYS[5]: outbox      hash of items sent and not yet written
-- KEYS[6]: pending     sorted set of outbox entries by the time they were last sent
-- KEYS[7]: deliveries  the item's delivery counter
-- ARGV[1]: version_key     id:revision of the item
-- ARGV[2]: dedup_window    how many revisions `written` keeps
-- ARGV[3]: payload         the enriched item's JSON
-- ARGV[4]: stream_maxlen   approximate cap of the stream
-- ARGV[5]: channel         the story's pub/sub channel
-- ARGV[6]: recent_entry    JSON [id, outlet, fingerprint]
-- ARGV[7]: recent_window   how many entries `recent` keeps
-- ARGV[8]: story           the story name
--
-- Returns {1, stream_id} when written, {0, false} when this revision was written before.

local written, items, recent, stories, outbox, pending, deliveries =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local version_key, dedup_window, payload, stream_maxlen, channel, recent_entry, recent_window, story =
  ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7]), ARGV[8]

redis.call('HDEL', outbox, version_key)
redis.call('ZREM', pending, version_key)
redis.call('DEL', deliveries)
if redis.call('ZSCORE', written, version_key) then return {0, false} end
local id = redis.call('XADD', items, 'MAXLEN', '~', stream_maxlen, '*', 'data', payload)
redis.call('ZADD', written, string.match(id, '^%d+'), version_key)
local excess = redis.call('ZCARD', written) - dedup_window
if excess > 0 then redis.call('ZREMRANGEBYRANK', written, 0, excess - 1) end
redis.call('LPUSH', recent, recent_entry)
redis.call('LTRIM', recent, 0, recent_window - 1)
redis.call('SADD', stories, story)
redis.call('PUBLISH', channel, '{"stream_id":"' .. id .. '",' .. string.sub(payload, 2))
return {1, id}
