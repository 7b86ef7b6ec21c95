import type { ClientDescription } from '../client-description.js';
import { luaScript } from './redis-connection.js';
import { DATA, dataFields } from './redis-hashes.js';
import type { WriteTimes } from './session-store.js';
import type { SessionChanges } from './session-tracker.js';

/**
 * Writes a whole session. Removes the data fields the new data no longer
 * has, keeps `createdAt` and `client` when the record exists, and answers
 * [created (1/0), the previous owner, the hash after the write]; nothing when
 * the record is gone and may not be created.
 * ARGV: mayCreate, expires, now, createdAt, client, userId, deadline, cookie, then name/JSON pairs.
 */
export const WRITE_WHOLE = luaScript(`
local key = KEYS[1]
local exists = redis.call('EXISTS', key) == 1
if not exists and ARGV[1] == '0' then return false end
local previousOwner = redis.call('HGET', key, 'userId')
local keep = {}
for i = 9, #ARGV, 2 do keep['${DATA}' .. ARGV[i]] = true end
for _, field in ipairs(redis.call('HKEYS', key)) do
  if string.sub(field, 1, ${DATA.length}) == '${DATA}' and not keep[field] then
    redis.call('HDEL', key, field)
  end
end
for i = 9, #ARGV, 2 do redis.call('HSET', key, '${DATA}' .. ARGV[i], ARGV[i + 1]) end
redis.call('HSET', key, 'cookie', ARGV[8], 'expires', ARGV[2], 'lastModified', ARGV[3])
redis.call('HSETNX', key, 'createdAt', ARGV[4])
if ARGV[5] ~= '' then redis.call('HSETNX', key, 'client', ARGV[5]) end
if ARGV[6] ~= '' then redis.call('HSET', key, 'userId', ARGV[6]) else redis.call('HDEL', key, 'userId') end
if ARGV[7] ~= '' then redis.call('HSET', key, 'deadline', ARGV[7]) else redis.call('HDEL', key, 'deadline') end
redis.call('PEXPIREAT', key, ARGV[2])
return {exists and 0 or 1, previousOwner or '', redis.call('HGETALL', key)}
`);

/**
 * Writes one request's changes to an existing session, atomically: set and
 * removed keys, increments (HINCRBY, or a plain set when another request
 * stored something else than a whole number meanwhile), the cookie, the
 * times, the owner and the deadline. Answers [the previous owner, the hash
 * after the write]; nothing when the session is gone (it stays gone).
 * ARGV: expires, now, cookie, ownerMode (keep/set/unset), owner, deadlineMode, deadline,
 * then a count and name/JSON pairs to set, a count and names to remove, a count and
 * name/by/fallback-JSON triples to increment.
 */
export const WRITE_CHANGES = luaScript(`
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then return false end
local previousOwner = redis.call('HGET', key, 'userId')
local i = 8
local n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do redis.call('HSET', key, '${DATA}' .. ARGV[i], ARGV[i + 1]); i = i + 2 end
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do redis.call('HDEL', key, '${DATA}' .. ARGV[i]); i = i + 1 end
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  local field = '${DATA}' .. ARGV[i]
  local current = redis.call('HGET', key, field)
  if current == false or string.match(current, '^%-?%d+$') then
    redis.call('HINCRBY', key, field, ARGV[i + 1])
  else
    redis.call('HSET', key, field, ARGV[i + 2])
  end
  i = i + 3
end
redis.call('HSET', key, 'cookie', ARGV[3], 'expires', ARGV[1], 'lastModified', ARGV[2])
if ARGV[4] == 'set' then redis.call('HSET', key, 'userId', ARGV[5]) elseif ARGV[4] == 'unset' then redis.call('HDEL', key, 'userId') end
if ARGV[6] == 'set' then redis.call('HSET', key, 'deadline', ARGV[7]) elseif ARGV[6] == 'unset' then redis.call('HDEL', key, 'deadline') end
redis.call('PEXPIREAT', key, ARGV[1])
return {previousOwner or '', redis.call('HGETALL', key)}
`);

/** Pushes an existing session's expiry back. ARGV: expires, now. */
export const TOUCH = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'expires', ARGV[1], 'lastModified', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
return 1
`);

/** Deletes a session; answers [deleted (1/0), its owner]. */
export const DELETE = luaScript(`
local owner = redis.call('HGET', KEYS[1], 'userId')
return {redis.call('DEL', KEYS[1]), owner or ''}
`);

/**
 * Adds a session to its owner's index (a sorted set scored by the latest the
 * session can live: its creation plus the absolute lifetime), drops entries
 * past that, and keeps the index itself no longer than its last entry.
 * ARGV: the session's key, its latest end, now.
 */
export const INDEX_ADD = luaScript(`
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] then redis.call('PEXPIREAT', KEYS[1], last[2]) end
return 1
`);

/** WRITE_WHOLE's arguments. */
export function wholeArgs(
  data: Record<string, unknown>,
  times: WriteTimes,
  client: ClientDescription | null,
  mayCreate: boolean,
): string[] {
  return [
    mayCreate ? '1' : '0',
    String(times.expires),
    String(times.now),
    String(times.createdAt),
    client ? JSON.stringify(client) : '',
    times.userId ?? '',
    times.deadline === null ? '' : String(times.deadline),
    JSON.stringify(data.cookie ?? {}),
    ...dataFields(data),
  ];
}

/** WRITE_CHANGES's arguments. */
export function changesArgs(
  data: Record<string, unknown>,
  changes: SessionChanges,
  times: WriteTimes,
): string[] {
  const json = (name: string) => JSON.stringify(data[name] ?? null);
  const mode = (changed: boolean, value: unknown) =>
    !changed ? 'keep' : value === null || value === undefined ? 'unset' : 'set';
  return [
    String(times.expires),
    String(times.now),
    JSON.stringify(data.cookie ?? {}),
    mode(changes.userId, times.userId),
    times.userId ?? '',
    mode(changes.deadline, times.deadline),
    times.deadline === null ? '' : String(times.deadline),
    String(changes.set.length),
    ...changes.set.flatMap((name) => [name, json(name)]),
    String(changes.unset.length),
    ...changes.unset,
    String(changes.inc.size),
    ...[...changes.inc].flatMap(([name, by]) => [name, String(by), json(name)]),
  ];
}
