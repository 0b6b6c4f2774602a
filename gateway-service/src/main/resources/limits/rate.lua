-- Requests per period as GCRA: a bucket of `limit` requests refilled evenly over `period` (a per-minute limit
-- admits at most limit + limit/60 per second of run time). KEYS[1]: the bucket's key. ARGV[1]: limit,
-- ARGV[2]: period in ms, ARGV[3]: permits wanted (a replica may lease several at once; default 1). Time comes
-- from Redis, so all gateway replicas agree. Grants what fits now, between 1 and the permits wanted.
-- Returns {allowed 0|1, remaining, seconds until the bucket is full again, retry-after seconds, granted}.
local limit = tonumber(ARGV[1])
local want = tonumber(ARGV[3] or '1')
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local burst = tonumber(ARGV[2])
local interval = burst / limit
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local fit = math.floor((now + burst - tat) / interval)
if fit < 1 then
  local allow_at = tat + interval - burst
  return {0, 0, math.ceil((tat - now) / 1000), math.max(1, math.ceil((allow_at - now) / 1000)), 0}
end
local granted = math.min(want, fit)
local new_tat = tat + granted * interval
redis.call('SET', KEYS[1], string.format('%.3f', new_tat), 'PX', burst + 1000)
local remaining = math.floor((burst - (new_tat - now)) / interval)
return {1, remaining, math.ceil((new_tat - now) / 1000), 0, granted}
