-- Settles a reservation to the tokens actually spent: the difference goes back to (or, if more, comes off) the
-- windows it was taken from, if they still exist. Once only: a second settle of the same reservation is a no-op.
-- KEYS[1]: the reservation's key. ARGV[1]: tokens spent. Returns the tokens given back, or -1 if unknown.
local h = redis.call('HMGET', KEYS[1], 'n', 'm', 'd')
if not h[1] then return -1 end
local back = tonumber(h[1]) - tonumber(ARGV[1])
if back ~= 0 then
  if redis.call('EXISTS', h[2]) == 1 then redis.call('DECRBY', h[2], back) end
  if redis.call('EXISTS', h[3]) == 1 then redis.call('DECRBY', h[3], back) end
end
redis.call('DEL', KEYS[1])
return back
