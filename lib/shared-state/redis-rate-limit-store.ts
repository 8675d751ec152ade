/**
 * The sliding-window rate limit on Redis, shared by every instance: each client's request times
 * in one sorted set, checked and updated by one script, so two instances hit at the same moment
 * cannot both take the window's last request.
 */
import { randomUUID } from "node:crypto";
import type Redis from "ioredis";
import { script } from "@/lib/answers/redis-connection";
import type { RateLimitDecision, RateLimitStore } from "@/lib/chat-stream/guards/rate-limiter";
import { callScript } from "@/lib/answers/redis-connection";
import { DEFAULT_PREFIX, LUA_NOW_MS } from "./redis-guard-call";

export interface RedisRateLimitOptions {
  /** Prefix of every key. Default `ws-chat:`. */
  prefix?: string;
}

/**
 * KEYS: the client's request times (`rate:{clientKey}`, a sorted set: unique member → time).
 * ARGV: limit, windowMs, a new unique member. Drops the times that left the window; when fewer
 * than `limit` are left, adds this request and keeps the key one window; else refuses with the
 * wait until the oldest leaves. Returns { allowed (1/0), retryAfterMs }.
 */
const HIT = script(`${LUA_NOW_MS}
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
  if not oldest then return { 0, window } end
  return { 0, math.max(1, tonumber(oldest) + window - now) }
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return { 1, 0 }
`);

/**
 * `redis`: a connection from `connectRedis`. Times are Redis' clock, not the caller's `now`, so
 * instances whose clocks differ still share one window. Rejects with `StoreUnavailableError`
 * when Redis cannot be reached.
 */
export function createRedisRateLimitStore(redis: Redis, options: RedisRateLimitOptions = {}): RateLimitStore {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  return {
    async hit(key, _now, limit, windowMs): Promise<RateLimitDecision> {
      const reply = (await callScript(redis, HIT, [`${prefix}rate:${key}`], [limit, windowMs, randomUUID()])) as [number, number];
      return { allowed: reply[0] === 1, retryAfterMs: reply[1] };
    },
  };
}
