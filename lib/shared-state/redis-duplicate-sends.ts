/**
 * Duplicate-send claims on Redis, shared by every instance: a repeat of a message lands on any
 * of them and is still refused. A claim is one key set only if absent (`SET NX`), held long
 * while its request is in flight, cut to the duplicate window when it ends.
 */
import type Redis from "ioredis";
import type { DuplicateSends } from "@/lib/chat-stream/guards/duplicate-sends";
import { callRedis } from "@/lib/answers/redis-connection";
import { DEFAULT_PREFIX } from "./redis-guard-call";

export interface RedisDuplicateSendsOptions {
  /** Prefix of every key. Default `ws-chat:`. */
  prefix?: string;
  /**
   * How long a claim lasts while its request is in flight, should its instance die before it
   * ends; past any answer's length (CREATE_AI_MAX_STREAM_MS). Default 10 minutes.
   */
  inFlightMs?: number;
}

/**
 * `redis`: a connection from `connectRedis`. `claim` rejects with `StoreUnavailableError` when
 * Redis cannot be reached; `finish` never rejects (a claim it could not shorten lapses at
 * `inFlightMs`).
 */
export function createRedisDuplicateSends(redis: Redis, options: RedisDuplicateSendsOptions = {}): DuplicateSends {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const inFlightMs = options.inFlightMs ?? 600_000;
  // The client key is an address or whatever a client wrote instead: encoded, it holds no `:`,
  // so no client's key and id can spell another's.
  const keyOf = (clientKey: string, id: string) => `${prefix}sent:${encodeURIComponent(clientKey)}:${id}`;

  return {
    async claim(clientKey, id) {
      return (await callRedis(redis, () => redis.set(keyOf(clientKey, id), "1", "PX", inFlightMs, "NX"))) === "OK";
    },
    async finish(clientKey, id, now, windowMs) {
      const key = keyOf(clientKey, id);
      // −∞: the request was refused after its claim, and the message may be sent again at once.
      const forget = now === Number.NEGATIVE_INFINITY || windowMs <= 0;
      await callRedis(redis, () => (forget ? redis.del(key) : redis.pexpire(key, windowMs))).catch(() => undefined);
    },
  };
}
