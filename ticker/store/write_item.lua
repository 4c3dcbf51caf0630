-- write_item: append an enriched item to its story's stream once per item revision.
--
-- Every key is the story's own (one hash tag, one Redis Cluster slot). The story's entry in
-- `ticker:stories` is added before, and the item's outbox entry and delivery counter are
-- dropped after, by the caller (store/gateway.py).
-- Publishes '{"stream_id": ..., <payload fields>}' by splicing the stream id into the
-- payload's JSON object, so subscribers can resume from the stream where pub/sub left off.
--
-- The stream is capped at about stream_maxlen entries, but an entry a consumer group has not
-- read, or read and not acknowledged, is never trimmed for the cap: the stream grows past it
-- until the group catches up. Only past unread_cap entries (the consumer away far too long) do
-- the oldest unread entries go, down to stream_maxlen; then a `gap` change says how many were
-- lost, in the change stream and on the channel.
--
-- KEYS[1]: written     sorted set of the id:revision written, by stream time (bounded)
-- KEYS[2]: items       the story's item stream
-- KEYS[3]: recent      capped list of recent [stream id, id, outlet, fingerprint] for duplicate detection
-- KEYS[4]: summary     the story's summary hash (its version, for a gap change)
-- KEYS[5]: changes     the story's change stream
-- ARGV[1]: version_key     id:revision of the item
-- ARGV[2]: dedup_window    how many revisions `written` keeps
-- ARGV[3]: payload         the enriched item's JSON
-- ARGV[4]: stream_maxlen   approximate cap of the stream's read entries
-- ARGV[5]: channel         the story's pub/sub channel
-- ARGV[6]: recent_entry    JSON [id, outlet, fingerprint] (stored with the stream id in front)
-- ARGV[7]: recent_window   how many entries `recent` keeps
-- ARGV[8]: story           the story name (plain letters, digits and -_.: it is spliced into JSON)
-- ARGV[9]: unread_cap      hard cap of the stream, unread entries included
--
-- Returns {1, stream_id, lost} when written (lost: unread entries trimmed by the hard cap),
-- {0, false, 0} when this revision was written before.

local written, items, recent, summary, changes = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local version_key, dedup_window, payload, stream_maxlen, channel, recent_entry, recent_window, story =
  ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6], tonumber(ARGV[7]), ARGV[8]
local unread_cap = tonumber(ARGV[9])

local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return {tonumber(ms), tonumber(seq)}
end

local function before(a, b)
  return a[1] < b[1] or (a[1] == b[1] and a[2] < b[2])
end

local function text(id)
  return string.format('%.0f-%.0f', id[1], id[2])
end

-- The oldest entry a consumer group still needs: its oldest pending entry, else the one after
-- the last it was given. nil when there is no group yet: then every entry is still needed.
local function needed_from()
  local bound = nil
  for _, group in ipairs(redis.call('XINFO', 'GROUPS', items)) do
    local info = {}
    for i = 1, #group, 2 do info[group[i]] = group[i + 1] end
    local need
    local unacked = redis.call('XPENDING', items, info['name'])
    if unacked[1] > 0 then
      need = parse(unacked[2])
    else
      local last = parse(info['last-delivered-id'])
      need = {last[1], last[2] + 1}
    end
    if bound == nil or before(need, bound) then bound = need end
  end
  return bound
end

-- Trim what every group has read and acknowledged, keeping the newest stream_maxlen entries:
-- when the stream is a hundredth of the cap over it, and at most 1,000 entries a write.
local function trim()
  local length = redis.call('XLEN', items)
  local excess = length - stream_maxlen
  if excess <= math.min(100, math.floor(stream_maxlen / 100)) then return 0 end
  local bound = needed_from()
  if bound ~= nil then
    local step = math.min(excess, 1000)
    local rows = redis.call('XRANGE', items, '-', '(' .. text(bound), 'COUNT', step + 1)
    local minid = bound
    if #rows > step then minid = parse(rows[#rows][1]) end
    if #rows > 0 then length = length - redis.call('XTRIM', items, 'MINID', text(minid)) end
  end
  if length <= unread_cap then return 0 end
  if bound ~= nil then  -- whatever was read goes first
    length = length - redis.call('XTRIM', items, 'MINID', text(bound))
    if length <= unread_cap then return 0 end
  end
  -- the consumer has been away too long: the oldest unread entries go, and we say so
  local first = redis.call('XRANGE', items, '-', '+', 'COUNT', 1)[1][1]
  local lost = redis.call('XTRIM', items, 'MAXLEN', stream_maxlen)
  local kept = redis.call('XRANGE', items, '-', '+', 'COUNT', 1)[1][1]
  local version = redis.call('HGET', summary, 'version') or '0'
  local change = '{"item_id":"","kind":"gap","payload":{"before":"' .. kept .. '","first":"' .. first
    .. '","lost":' .. lost .. ',"stream":"' .. items .. '"},"schema":1,"story":"' .. story
    .. '","type":"change","version":' .. version .. '}'
  local change_id = redis.call('XADD', changes, 'MAXLEN', '~', stream_maxlen, '*', 'data', change)
  redis.call('PUBLISH', channel, '{"stream_id":"' .. change_id .. '",' .. string.sub(change, 2))
  return lost
end

if redis.call('ZSCORE', written, version_key) then return {0, false, 0} end
local id = redis.call('XADD', items, '*', 'data', payload)
local lost = trim()
redis.call('ZADD', written, string.match(id, '^%d+'), version_key)
local excess = redis.call('ZCARD', written) - dedup_window
if excess > 0 then redis.call('ZREMRANGEBYRANK', written, 0, excess - 1) end
redis.call('LPUSH', recent, '["' .. id .. '",' .. string.sub(recent_entry, 2))
redis.call('LTRIM', recent, 0, recent_window - 1)
redis.call('PUBLISH', channel, '{"stream_id":"' .. id .. '",' .. string.sub(payload, 2))
return {1, id, lost}
