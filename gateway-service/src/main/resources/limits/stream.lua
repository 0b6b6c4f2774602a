-- Takes one of a tenant's concurrent chat stream slots, or refuses. Slots expire, so a crashed replica cannot
-- hold them forever. KEYS[1]: the tenant's stream set. ARGV: limit, stream id, lease (ms).
-- Returns {1, in use} or {0, in use}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local used = redis.call('ZCARD', KEYS[1])
if used >= tonumber(ARGV[1]) then return {0, used} end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return {1, used + 1}
