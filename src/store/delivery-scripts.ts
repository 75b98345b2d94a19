/**
 * Lua for delivery rows: a row and its event's counters change together, atomically, so the
 * counts a school reads are always the sum of the rows, whatever retries or crashes happened.
 * Counter fields: s:<status>, r:<status>:<reason>, a:<rsvp answer>.
 */

/**
 * KEYS: deliveries, counts. ARGV: quads of (guardianId, rowJson, status, reason|''). The
 * counters are summed here and written once per field (a fan-out chunk is hundreds of rows).
 */
export const CREATE_ROWS = `
local created = 0
local add = {}
for i = 1, #ARGV, 4 do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) == 1 then
    created = created + 1
    local s = 's:' .. ARGV[i + 2]
    add[s] = (add[s] or 0) + 1
    if ARGV[i + 3] ~= '' then
      local r = 'r:' .. ARGV[i + 2] .. ':' .. ARGV[i + 3]
      add[r] = (add[r] or 0) + 1
    end
  end
end
for field, n in pairs(add) do redis.call('HINCRBY', KEYS[2], field, n) end
return created
`;

/**
 * One row's change, as a Lua function the scripts below share: dlv and cnt are the event's
 * deliveries and counts, gid the guardian, patch a table (cjson.null removes a field), allowed
 * '*' or comma-separated statuses, and f optionally a time field that may only move forward (an
 * RSVP sent before the one stored, arriving late, changes nothing). Returns the row after the
 * change, the unchanged row when its status is not allowed (or the patch is older), or false
 * when there is no row (never fanned out, or erased).
 */
const TRANSITION_FN = `
local function transition(dlv, cnt, gid, patch, allowed, f)
  local old = redis.call('HGET', dlv, gid)
  if not old then return false end
  local row = cjson.decode(old)
  if allowed ~= '*' and not string.find(',' .. allowed .. ',', ',' .. row.s .. ',', 1, true) then
    return old
  end
  if f and f ~= '' and type(row[f]) == 'string' and type(patch[f]) == 'string' and row[f] > patch[f] then return old end
  local os, orr, oa = row.s, row.r, row.a
  for k, v in pairs(patch) do
    if v == cjson.null then row[k] = nil else row[k] = v end
  end
  local new = cjson.encode(row)
  redis.call('HSET', dlv, gid, new)
  if os ~= row.s or orr ~= row.r then
    redis.call('HINCRBY', cnt, 's:' .. os, -1)
    redis.call('HINCRBY', cnt, 's:' .. row.s, 1)
    if orr then redis.call('HINCRBY', cnt, 'r:' .. os .. ':' .. orr, -1) end
    if row.r then redis.call('HINCRBY', cnt, 'r:' .. row.s .. ':' .. row.r, 1) end
  end
  if oa ~= row.a then
    if oa then redis.call('HINCRBY', cnt, 'a:' .. oa, -1) end
    if row.a then redis.call('HINCRBY', cnt, 'a:' .. row.a, 1) end
  end
  return new
end
`;

/** KEYS: deliveries, counts. ARGV: guardianId, patchJson, allowedFrom, and optionally the forward-only field. */
export const TRANSITION = `${TRANSITION_FN}
return transition(KEYS[1], KEYS[2], ARGV[1], cjson.decode(ARGV[2]), ARGV[3], ARGV[4])
`;

/**
 * Sends recorded together (EventStore.markSent): KEYS: deliveries, counts. ARGV: quads of
 * (guardianId, platform message id, sent at, delivered at or ''). Each row still queued becomes
 * sent, or delivered where sending is delivery; its waiting reason, due time and hand-off mark
 * go. Plain arguments, not JSON: a fan-out records thousands a second. Returns how many rows there were.
 */
export const MARK_SENT = `${TRANSITION_FN}
local found = 0
for i = 1, #ARGV, 4 do
  local at = ARGV[i + 3]
  local patch = { s = 'sent', m = ARGV[i + 1], t = ARGV[i + 2], d = cjson.null, r = cjson.null, due = cjson.null, h = cjson.null }
  if at ~= '' then
    patch.s = 'delivered'
    patch.d = at
  end
  if transition(KEYS[1], KEYS[2], ARGV[i], patch, 'queued', '') then found = found + 1 end
end
return found
`;
