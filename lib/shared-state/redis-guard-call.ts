/**
 * What the shared guards on Redis have in common: a call that fails fast and never hangs, and
 * Redis' own clock for their scripts. The connection is one from `connectRedis` (no offline
 * queue, short connect and command timeouts, reconnection in the background), shared by the
 * three guards: none of them blocks it.
 */
import type Redis from "ioredis";
import { runScript, toStoreError, whenReady, type Script } from "@/lib/answers/redis-connection";

/** The guards' keys start with it, like the answer store's. */
export const DEFAULT_PREFIX = "ws-chat:";

const DEFAULT_TIMEOUT_MS = 1_000;

/** Runs `command` once `redis` is ready; Redis out of reach (or too slow) as `StoreUnavailableError`. */
export async function callRedis<T>(redis: Redis, command: () => Promise<T>): Promise<T> {
  try {
    // The connect timeout `connectRedis` set is also the longest wait for a connection here.
    await whenReady(redis, redis.options.connectTimeout ?? DEFAULT_TIMEOUT_MS);
    return await command();
  } catch (error) {
    throw toStoreError(error);
  }
}

export function runGuardScript(redis: Redis, script: Script, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  return callRedis(redis, () => runScript(redis, script, keys, args));
}

/**
 * Lua: `now`, Redis' clock in milliseconds. Every instance reads the same clock, so windows and
 * expiries agree however far the instances' own clocks drift apart.
 */
export const LUA_NOW_MS = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
`;
