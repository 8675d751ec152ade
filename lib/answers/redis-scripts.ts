/**
 * The Redis store's keys and the Lua scripts that change them. A script runs atomically in one
 * round trip, so each write sees the answer's state and acts on it at once: nothing is appended
 * to an answer that has ended or expired, ending an answer sets every TTL in the same step, and
 * a follower reads the events and the producer's lease from one consistent moment.
 *
 * Per answer `id` (prefix `ws-chat:` by default):
 * - `answer:{id}:info`    hash: owner, chatId, ended ("0"/"1"), lastSeq, stop ("1" once asked)
 * - `answer:{id}:events`  stream: entry id `0-{seq}`, fields `seq` and `event` (its JSON)
 * - `answer:{id}:lease`   "1" with PX leaseMs: present while the producer is alive; gone on a
 *                         live answer, the producer was lost, and the first follower to see it
 *                         ends the answer with an `upstream_closed` error (END_LOST)
 * - `answer:{id}:readers` sorted set: reader → expiry time (ms, Redis' clock)
 * - `chat:{chatId}`       the chat's active answer id, with the lease's TTL
 * Channels: `answer:{id}:appended` (each appended batch, as JSON) and `stop` (answer ids).
 */
import { script } from "./redis-connection";

export function keysOf(prefix: string) {
  const answer = (id: string) => `${prefix}answer:${id}`;
  return {
    info: (id: string) => `${answer(id)}:info`,
    events: (id: string) => `${answer(id)}:events`,
    lease: (id: string) => `${answer(id)}:lease`,
    readers: (id: string) => `${answer(id)}:readers`,
    chat: (chatId: string) => `${prefix}chat:${chatId}`,
    appendedChannel: (id: string) => `${answer(id)}:appended`,
    stopChannel: `${prefix}stop`,
  };
}

/** The keys a script takes, in order: info, events, lease, readers. */
export function answerKeys(keys: ReturnType<typeof keysOf>, id: string): string[] {
  return [keys.info(id), keys.events(id), keys.lease(id), keys.readers(id)];
}

// Shared by append and renew: keep a live answer's keys (chat key: as long as the lease).
const KEEP_ALIVE = `
local function keepAlive(leaseMs, safetyMs, chatKey, id)
  redis.call('SET', KEYS[3], '1', 'PX', leaseMs)
  for i = 1, 4 do
    if i ~= 3 then redis.call('PEXPIRE', KEYS[i], safetyMs) end
  end
  if chatKey and redis.call('GET', chatKey) == id then redis.call('PEXPIRE', chatKey, leaseMs) end
end
`;

/**
 * KEYS: info, events, lease, readers. ARGV: leaseMs, keepMs, safetyMs, ends ("1"/"0"), prefix,
 * id, message, then seq and event JSON for each event. Events at or below lastSeq are skipped
 * (a retried write). Returns -1 when the answer is unknown or ended, else 1 when a stop was
 * asked for, 0 otherwise.
 */
export const APPEND = script(`${KEEP_ALIVE}
local ended = redis.call('HGET', KEYS[1], 'ended')
if not ended or ended == '1' then return -1 end
local last = tonumber(redis.call('HGET', KEYS[1], 'lastSeq'))
for i = 8, #ARGV, 2 do
  local seq = tonumber(ARGV[i])
  if seq > last then
    redis.call('XADD', KEYS[2], '0-' .. ARGV[i], 'seq', ARGV[i], 'event', ARGV[i + 1])
    last = seq
  end
end
redis.call('HSET', KEYS[1], 'lastSeq', last)
local chatId = redis.call('HGET', KEYS[1], 'chatId')
local chatKey = chatId and (ARGV[5] .. 'chat:' .. chatId)
if ARGV[4] == '1' then
  redis.call('HSET', KEYS[1], 'ended', '1')
  redis.call('DEL', KEYS[3])
  for i = 1, 4 do
    if i ~= 3 then redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
  end
  if chatKey and redis.call('GET', chatKey) == ARGV[6] then redis.call('DEL', chatKey) end
else
  keepAlive(ARGV[1], ARGV[3], chatKey, ARGV[6])
end
redis.call('PUBLISH', ARGV[5] .. 'answer:' .. ARGV[6] .. ':appended', ARGV[7])
if redis.call('HGET', KEYS[1], 'stop') == '1' then return 1 end
return 0
`);

/** KEYS: info, events, lease, readers. ARGV: leaseMs, safetyMs, prefix, id. Returns as APPEND. */
export const RENEW = script(`${KEEP_ALIVE}
local ended = redis.call('HGET', KEYS[1], 'ended')
if not ended or ended == '1' then return -1 end
local chatId = redis.call('HGET', KEYS[1], 'chatId')
keepAlive(ARGV[1], ARGV[2], chatId and (ARGV[3] .. 'chat:' .. chatId), ARGV[4])
if redis.call('HGET', KEYS[1], 'stop') == '1' then return 1 end
return 0
`);

/**
 * Ends an answer whose producer was lost (its instance died): only while the answer has not ended
 * and its lease is still gone, appends the terminal event at lastSeq + 1, marks the answer ended,
 * drops the chat's pointer to it, keeps every key `keepMs` and publishes the event as APPEND does.
 * KEYS: info, events, lease, readers. ARGV: keepMs, prefix, id, event JSON. Returns -1 when the
 * answer is unknown, 0 when it has ended or its lease is back (nothing done), else the new seq.
 */
export const END_LOST = script(`
local ended = redis.call('HGET', KEYS[1], 'ended')
if not ended then return -1 end
if ended == '1' or redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
local seq = tonumber(redis.call('HGET', KEYS[1], 'lastSeq') or '0') + 1
redis.call('XADD', KEYS[2], '0-' .. seq, 'seq', seq, 'event', ARGV[4])
redis.call('HSET', KEYS[1], 'lastSeq', seq, 'ended', '1')
for i = 1, 4 do
  if i ~= 3 then redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
end
local chatId = redis.call('HGET', KEYS[1], 'chatId')
if chatId then
  local chatKey = ARGV[2] .. 'chat:' .. chatId
  if redis.call('GET', chatKey) == ARGV[3] then redis.call('DEL', chatKey) end
end
redis.call('PUBLISH', ARGV[2] .. 'answer:' .. ARGV[3] .. ':appended', '[{"seq":' .. seq .. ',"event":' .. ARGV[4] .. '}]')
return seq
`);

/**
 * KEYS: info, events, lease. ARGV: exclusive start id ("(0-{seq})"), count. Returns nil when the
 * answer is unknown, else { ended, lastSeq, lease alive (1/0), entries }.
 */
export const READ = script(`
local info = redis.call('HMGET', KEYS[1], 'ended', 'lastSeq')
if not info[1] then return nil end
local entries = redis.call('XRANGE', KEYS[2], ARGV[1], '+', 'COUNT', ARGV[2])
return { info[1], info[2], redis.call('EXISTS', KEYS[3]), entries }
`);

/** KEYS: info. ARGV: stop channel, id. Returns 1 when asked, 0 when unknown or ended. */
export const REQUEST_STOP = script(`
local ended = redis.call('HGET', KEYS[1], 'ended')
if not ended or ended == '1' then return 0 end
redis.call('HSET', KEYS[1], 'stop', '1')
redis.call('PUBLISH', ARGV[1], ARGV[2])
return 1
`);

/**
 * KEYS: info, readers. ARGV: ttlMs, then reader names. Adds or refreshes the readers with an
 * expiry on Redis' own clock (instances' clocks may differ). Returns 0 when the answer is unknown.
 */
export const TOUCH_READERS = script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local now = redis.call('TIME')
local expires = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[2], expires, ARGV[i]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
return 1
`);

/** KEYS: readers. Drops expired readers, returns how many are left. */
export const COUNT_READERS = script(`
local now = redis.call('TIME')
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000))
return redis.call('ZCARD', KEYS[1])
`);
