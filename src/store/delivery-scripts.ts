/**
 * Lua for delivery rows: a row and its event's counters change together, atomically, so the
 * counts a school reads are always the sum of the rows, whatever retries or crashes happened.
 * Counter fields: s:<status>, r:<status>:<reason>, a:<rsvp answer>.
 */

/** KEYS: deliveries, counts. ARGV: quads of (guardianId, rowJson, status, reason|''). */
export const CREATE_ROWS = `
local created = 0
for i = 1, #ARGV, 4 do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) == 1 then
    created = created + 1
    redis.call('HINCRBY', KEYS[2], 's:' .. ARGV[i + 2], 1)
    if ARGV[i + 3] ~= '' then redis.call('HINCRBY', KEYS[2], 'r:' .. ARGV[i + 2] .. ':' .. ARGV[i + 3], 1) end
  end
end
return created
`;

/**
 * KEYS: deliveries, counts. ARGV: guardianId, patchJson (null removes a field),
 * allowedFrom ('*' or comma-separated statuses), and optionally a time field that may only
 * move forward (an RSVP sent before the one stored, arriving late, changes nothing).
 * Returns the row after the change, the unchanged row when its status is not allowed (or the
 * patch is older), or false when there is no row (never fanned out, or erased).
 */
export const TRANSITION = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
if not old then return false end
local row = cjson.decode(old)
if ARGV[3] ~= '*' and not string.find(',' .. ARGV[3] .. ',', ',' .. row.s .. ',', 1, true) then
  return old
end
local patch = cjson.decode(ARGV[2])
local f = ARGV[4]
if f and f ~= '' and type(row[f]) == 'string' and type(patch[f]) == 'string' and row[f] > patch[f] then return old end
local os, orr, oa = row.s, row.r, row.a
for k, v in pairs(patch) do
  if v == cjson.null then row[k] = nil else row[k] = v end
end
local new = cjson.encode(row)
redis.call('HSET', KEYS[1], ARGV[1], new)
if os ~= row.s or orr ~= row.r then
  redis.call('HINCRBY', KEYS[2], 's:' .. os, -1)
  redis.call('HINCRBY', KEYS[2], 's:' .. row.s, 1)
  if orr then redis.call('HINCRBY', KEYS[2], 'r:' .. os .. ':' .. orr, -1) end
  if row.r then redis.call('HINCRBY', KEYS[2], 'r:' .. row.s .. ':' .. row.r, 1) end
end
if oa ~= row.a then
  if oa then redis.call('HINCRBY', KEYS[2], 'a:' .. oa, -1) end
  if row.a then redis.call('HINCRBY', KEYS[2], 'a:' .. row.a, 1) end
end
return new
`;
