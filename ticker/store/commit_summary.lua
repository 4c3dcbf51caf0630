-- commit_summary: store a summary folded from a batch of items, with their changes, mark the items
-- applied and acknowledge their item stream entries, all or nothing.
--
-- A compare-and-set on the summary's version: it commits only if the stored summary is still
-- the one the new one was folded from. Each item of the batch has a version of its own (the
-- summary's version right after it was folded), so the applied set and the changes say which
-- item made which version, exactly as if the items had been committed one by one.
--
-- KEYS[1]: applied   sorted set of the id:revision and id folded, by summary version (bounded)
-- KEYS[2]: summary   the story's summary hash
-- KEYS[3]: changes   the story's change stream
-- KEYS[4]: items     the story's item stream (for XACK)
-- ARGV[1]: expected_version  the stored version the summary was folded from
-- ARGV[2]: new_version       the version being committed (the last item's)
-- ARGV[3]: dedup_window      how many item revisions `applied` keeps (it holds two entries each)
-- ARGV[4]: stream_maxlen     approximate cap of the change stream
-- ARGV[5]: channel           the story's pub/sub channel
-- ARGV[6]: group             the consumer group
-- ARGV[7]: item_count        how many items follow, as (id:revision, id, version) triples
-- ARGV[8]: field_count       how many field/value pairs of the summary hash follow them
-- ARGV[9]: deleted_count     how many summary hash fields to delete follow them
-- ARGV[10]: ack_count        how many item stream entries to acknowledge follow them
-- ARGV[11 ..]: the triples, the pairs, the deleted fields, the entries, then one JSON text per change
--
-- Returns {1, false} when committed, {0, false} when every item of the batch was applied before
-- (its entries are acknowledged), {-1, stored_version} when another consumer committed first.

local applied, summary, changes, items = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local expected_version, new_version = ARGV[1], ARGV[2]
local dedup_window, stream_maxlen, channel, group = tonumber(ARGV[3]), ARGV[4], ARGV[5], ARGV[6]
local item_count, field_count = tonumber(ARGV[7]), tonumber(ARGV[8])
local deleted_count, ack_count = tonumber(ARGV[9]), tonumber(ARGV[10])
local items_from = 11
local fields_from = items_from + 3 * item_count
local deleted_from = fields_from + 2 * field_count
local acks_from = deleted_from + deleted_count
local changes_from = acks_from + ack_count

local function acknowledge()
  if ack_count > 0 then redis.call('XACK', items, group, unpack(ARGV, acks_from, changes_from - 1)) end
end

local seen = 0
for i = items_from, fields_from - 1, 3 do
  if redis.call('ZSCORE', applied, ARGV[i]) then seen = seen + 1 end
end
if item_count > 0 and seen == item_count then
  acknowledge()
  return {0, false}
end
local current = redis.call('HGET', summary, 'version') or '0'
if current ~= expected_version then return {-1, current} end

if field_count > 0 then
  redis.call('HSET', summary, 'version', new_version, unpack(ARGV, fields_from, deleted_from - 1))
else
  redis.call('HSET', summary, 'version', new_version)
end
if deleted_count > 0 then redis.call('HDEL', summary, unpack(ARGV, deleted_from, acks_from - 1)) end
-- each revision, and each item itself (an item seen before is not counted again)
for i = items_from, fields_from - 1, 3 do
  redis.call('ZADD', applied, ARGV[i + 2], ARGV[i], ARGV[i + 2], ARGV[i + 1])
end
local excess = redis.call('ZCARD', applied) - 2 * dedup_window
if excess > 0 then redis.call('ZREMRANGEBYRANK', applied, 0, excess - 1) end
for i = changes_from, #ARGV do
  local id = redis.call('XADD', changes, 'MAXLEN', '~', stream_maxlen, '*', 'data', ARGV[i])
  redis.call('PUBLISH', channel, '{"stream_id":"' .. id .. '",' .. string.sub(ARGV[i], 2))
end
acknowledge()
return {1, false}
