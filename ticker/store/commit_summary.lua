-- commit_summary: store a folded summary with its changes and mark the item applied, all or nothing.
--
-- A compare-and-set on the summary's version: it commits only if the stored summary is still
-- the one the new one was folded from. The item stream entry is acknowledged in the same step.
--
-- KEYS[1]: applied   sorted set of the id:revision and id folded, by summary version (bounded)
-- KEYS[2]: summary   the story's summary hash
-- KEYS[3]: changes   the story's change stream
-- KEYS[4]: items     the story's item stream (for XACK)
-- ARGV[1]: version_key       id:revision of the item
-- ARGV[2]: expected_version  the stored version the summary was folded from
-- ARGV[3]: new_version       the version being committed
-- ARGV[4]: field_count       how many field/value pairs of the summary hash follow ARGV[10]
-- ARGV[5]: dedup_window      how many item revisions `applied` keeps (it holds two entries each)
-- ARGV[6]: stream_maxlen     approximate cap of the change stream
-- ARGV[7]: channel           the story's pub/sub channel
-- ARGV[8]: group             the consumer group
-- ARGV[9]: ack               the item stream entry to acknowledge, or ''
-- ARGV[10]: item_id          the item's id
-- ARGV[11 ..]: field_count field/value pairs of the summary hash, then one JSON text per change
--
-- Returns {1, false} when committed, {0, false} when the revision was applied before,
-- {-1, stored_version} when another consumer committed first.

local applied, summary, changes, items = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local version_key, expected_version, new_version = ARGV[1], ARGV[2], ARGV[3]
local field_count, dedup_window, stream_maxlen = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
local channel, group, ack, item_id = ARGV[7], ARGV[8], ARGV[9], ARGV[10]

if redis.call('ZSCORE', applied, version_key) then
  if ack ~= '' then redis.call('XACK', items, group, ack) end
  return {0, false}
end
local current = redis.call('HGET', summary, 'version') or '0'
if current ~= expected_version then return {-1, current} end
local changes_from = 11 + 2 * field_count
redis.call('HSET', summary, 'version', new_version, unpack(ARGV, 11, changes_from - 1))
-- the revision, and the item itself (an item seen before is not counted again)
redis.call('ZADD', applied, new_version, version_key, new_version, item_id)
local excess = redis.call('ZCARD', applied) - 2 * dedup_window
if excess > 0 then redis.call('ZREMRANGEBYRANK', applied, 0, excess - 1) end
for i = changes_from, #ARGV do
  local id = redis.call('XADD', changes, 'MAXLEN', '~', stream_maxlen, '*', 'data', ARGV[i])
  redis.call('PUBLISH', channel, '{"stream_id":"' .. id .. '",' .. string.sub(ARGV[i], 2))
end
if ack ~= '' then redis.call('XACK', items, group, ack) end
return {1, false}
