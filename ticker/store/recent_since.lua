-- recent_since: the entries of a story's recent list newer than the newest one the caller holds.
--
-- Every entry starts with its item stream id, so each is unique: finding the caller's newest
-- entry tells exactly which entries are new. When it is gone (trimmed, or the list was
-- rebuilt), the whole list is returned.
--
-- KEYS[1]: recent   capped list of recent [stream id, item id, outlet, fingerprint], newest first
-- ARGV[1]: head     the newest entry the caller holds, or ''
-- ARGV[2]: window   how many entries the list keeps
--
-- Returns {1, entries newer than head} or {0, every entry}.

local recent, head, window = KEYS[1], ARGV[1], tonumber(ARGV[2])
if head ~= '' then
  for i = 0, window - 1 do
    local entry = redis.call('LINDEX', recent, i)
    if not entry then break end
    if entry == head then
      if i == 0 then return {1, {}} end
      return {1, redis.call('LRANGE', recent, 0, i - 1)}
    end
  end
end
return {0, redis.call('LRANGE', recent, 0, window - 1)}
