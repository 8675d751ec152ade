/**
 * Stream slots with the per-client cap shared on Redis: a client's answers streaming on every
 * instance count against one WS_CHAT_MAX_STREAMS_PER_CLIENT. WS_CHAT_MAX_STREAMS stays each
 * instance's own (`instanceSlots`): it protects this process, not the fleet.
 *
 * Per client, a sorted set of slot ids scored with their expiry on Redis' clock. The instance
 * holding a slot pushes its expiry forward every `refreshMs`; the slots of an instance that died
 * stop being refreshed and fall out after `ttlMs`, trimmed by the same script that counts them.
 */
import { randomUUID } from "node:crypto";
import type Redis from "ioredis";
import { script } from "@/lib/answers/redis-connection";
import type { SlotGrant, SlotLimits, StreamSlots } from "@/lib/chat-stream/guards/stream-slots";
import { callRedis, callScript } from "@/lib/answers/redis-connection";
import { DEFAULT_PREFIX, LUA_NOW_MS } from "./redis-guard-call";
import { createRefreshedMembers } from "./refreshed-members";

export interface RedisStreamSlotsOptions {
  /** Prefix of every key. Default `ws-chat:`. */
  prefix?: string;
  /** How long a slot counts without being refreshed by its instance. Default 30000. */
  ttlMs?: number;
  /** How often an instance refreshes the slots it holds. Default a third of `ttlMs`. */
  refreshMs?: number;
}

/**
 * KEYS: the client's slots (`slots:{clientKey}`). ARGV: limit, ttlMs, slot id. Drops expired
 * slots; when fewer than `limit` are left, adds this one expiring in `ttlMs`. Returns 1 when
 * taken, 0 when the client is at its cap.
 */
const ACQUIRE = script(`${LUA_NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

/**
 * KEYS: the client's slots. ARGV: ttlMs, then slot ids. Sets each slot's expiry `ttlMs` ahead,
 * adding it back if Redis lost it (a restart): the stream it stands for is still running.
 */
const REFRESH = script(`${LUA_NOW_MS}
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`);

/**
 * `redis`: a connection from `connectRedis`; `instanceSlots`: this instance's own slots (the
 * memory ones), which keep the total. `acquire` rejects with `StoreUnavailableError` when Redis
 * cannot be reached, holding nothing; a slot's release never rejects.
 */
export function createRedisStreamSlots(redis: Redis, instanceSlots: StreamSlots, options: RedisStreamSlotsOptions = {}): StreamSlots {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const ttlMs = options.ttlMs ?? 30_000;
  const refreshMs = options.refreshMs ?? Math.floor(ttlMs / 3);
  const keyOf = (clientKey: string) => `${prefix}slots:${clientKey}`;
  const instance = randomUUID();
  let counter = 0;

  // Every slot held here: slot id → client key, refreshed by one timer. Redis away: the next
  // tick tries again, and slots it missed for `ttlMs` only free early.
  const slots = createRefreshedMembers(refreshMs, (clientKey, slotIds) => {
    callScript(redis, REFRESH, [keyOf(clientKey)], [ttlMs, ...slotIds]).catch(() => undefined);
  });


  async function acquireShared(clientKey: string, limits: SlotLimits): Promise<SlotGrant> {
    const slotId = `${instance}:${(counter += 1)}`;
    const taken = await callScript(redis, ACQUIRE, [keyOf(clientKey)], [limits.perClient, ttlMs, slotId]);
    if (taken !== 1) return { ok: false, refusal: { scope: "client", limit: limits.perClient } };
    slots.track(slotId, clientKey);
    let released = false;
    return {
      ok: true,
      async release() {
        if (released) return;
        released = true;
        slots.track(slotId, undefined);
        // Not given back now (Redis away): it lapses `ttlMs` after its last refresh.
        await callRedis(redis, () => redis.zrem(keyOf(clientKey), slotId)).catch(() => undefined);
      },
    };
  }

  return {
    async acquire(clientKey, limits) {
      // This instance's total first: it costs no round trip. The client cap is Redis' to judge.
      const local = await instanceSlots.acquire(clientKey, { perClient: Number.POSITIVE_INFINITY, total: limits.total });
      if (!local.ok) return local;
      let shared: SlotGrant;
      try {
        shared = await acquireShared(clientKey, limits);
      } catch (error) {
        await local.release();
        throw error;
      }
      if (!shared.ok) {
        await local.release();
        return shared;
      }
      const { release } = shared;
      return {
        ok: true,
        async release() {
          await local.release();
          await release();
        },
      };
    },
    active: () => instanceSlots.active(),
  };
}
