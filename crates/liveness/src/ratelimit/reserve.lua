-- Reserves the next start slot of one budget and says how long the caller waits for it: the
-- shared form of the in-process limiter (`local.rs`), one atomic step per request.
--
-- KEYS[1]  the budget: prefix, vendor, operation, account
-- ARGV[1]  microseconds between two starts
-- Returns  microseconds to wait before starting (0 when the budget has room now)
--
-- The clock is Redis's own, so replicas whose clocks disagree still share one schedule.
-- Redis 3.2 to 4 need this before a write that follows TIME; later versions ignore it.
redis.replicate_commands()
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local slot = tonumber(redis.call('GET', KEYS[1]))
if slot == nil or slot < now then
  slot = now
end
local next_free = slot + interval
-- The key outlives the last reservation by a second, then goes: idle budgets leave nothing.
redis.call('SET', KEYS[1], string.format('%.0f', next_free), 'PX',
  math.floor((next_free - now) / 1000) + 1000)
return slot - now
