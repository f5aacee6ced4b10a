-- Perfkit per-client sliding-window log, one call per check.
-- KEYS: one sorted set per window of the client's plan (all with the same hash tag, so they share a cluster slot).
-- ARGV[1]: a member unique to this call; ARGV[2]: '1' to count the call even over the limit (monitor-only mode,
-- keeping at most 'limit' members per window);
-- then for each window: its limit and its length in milliseconds.
-- Returns {allowed (1|0), limit, remaining, retry-after ms, reset ms} of the tightest window.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local allowed = 1
local tightestLimit = 0
local tightestRemaining = 0
local tightestReset = 0
local retryAfter = 0
for i = 1, #KEYS do
	local limit = tonumber(ARGV[1 + 2 * i])
	local length = tonumber(ARGV[2 + 2 * i]) * 1000
	redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - length)
	local count = redis.call('ZCARD', KEYS[i])
	local remaining = limit - count - 1
	local reset = length
	if count > 0 then
		local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
		reset = tonumber(oldest[2]) + length - now
	end
	if remaining < 0 then
		allowed = 0
		-- the call fits once the (count - limit + 1)th oldest entry has left the window
		local blocking = redis.call('ZRANGE', KEYS[i], count - limit, count - limit, 'WITHSCORES')
		local wait = tonumber(blocking[2]) + length - now
		if wait > retryAfter then
			retryAfter = wait
		end
	end
	if i == 1 or remaining < tightestRemaining then
		tightestRemaining = remaining
		tightestLimit = limit
		tightestReset = reset
	end
end
if allowed == 1 or ARGV[2] == '1' then
	for i = 1, #KEYS do
		redis.call('ZADD', KEYS[i], now, ARGV[1])
		if allowed == 0 then
			-- monitor-only: keep the newest 'limit' calls, so that a flood cannot grow the set without bound
			redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -(tonumber(ARGV[1 + 2 * i]) + 1))
		end
		redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2 + 2 * i]))
	end
end
return { allowed, tightestLimit, math.max(tightestRemaining, 0), math.ceil(retryAfter / 1000), math.ceil(tightestReset / 1000) }
