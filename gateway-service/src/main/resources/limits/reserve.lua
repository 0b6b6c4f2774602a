-- Reserves `n` tokens of a tenant's per-minute and per-day budgets for one chat turn, or refuses it.
-- KEYS[1]: key prefix of the tenant's token windows; KEYS[2]: the reservation's key.
-- ARGV: n, per-minute limit, per-day limit, reservation ttl (s). Windows are Redis-clock minutes and UTC days.
-- Returns {1, 'ok', 0} or {0, 'rate_limited'|'quota_exceeded', retry-after seconds}.
local n = tonumber(ARGV[1])
local t = tonumber(redis.call('TIME')[1])
local mkey = KEYS[1] .. ':m:' .. math.floor(t / 60)
local dkey = KEYS[1] .. ':d:' .. math.floor(t / 86400)
local d = tonumber(redis.call('GET', dkey) or '0')
if d + n > tonumber(ARGV[3]) then return {0, 'quota_exceeded', 86400 - t % 86400} end
local m = tonumber(redis.call('GET', mkey) or '0')
if m + n > tonumber(ARGV[2]) then return {0, 'rate_limited', 60 - t % 60} end
redis.call('INCRBY', mkey, n)
redis.call('EXPIRE', mkey, 120)
redis.call('INCRBY', dkey, n)
redis.call('EXPIRE', dkey, 90000)
redis.call('HSET', KEYS[2], 'n', n, 'm', mkey, 'd', dkey)
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[4]))
return {1, 'ok', 0}
