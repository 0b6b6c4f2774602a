-- Requests per period as GCRA: a bucket of `limit` requests refilled evenly over `period` (a per-minute limit
-- admits at most limit + limit/60 per second of run time). KEYS[1]: the bucket's key. ARGV[1]: limit,
-- ARGV[2]: period in ms. Time comes from Redis, so all gateway replicas agree.
-- Returns {allowed 0|1, remaining, seconds until the bucket is full again, retry-after seconds}.
local limit = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local burst = tonumber(ARGV[2])
local interval = burst / limit
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - burst
if allow_at > now then
  return {0, 0, math.ceil((tat - now) / 1000), math.max(1, math.ceil((allow_at - now) / 1000))}
end
redis.call('SET', KEYS[1], string.format('%.3f', new_tat), 'PX', burst + 1000)
local remaining = math.floor((burst - (new_tat - now)) / interval)
return {1, remaining, math.ceil((new_tat - now) / 1000), 0}
