/**
 * Redis connections that fail fast: a request must never wait on a Redis that is gone. No offline
 * queue (a command while disconnected fails at once), a short connect and command timeout, and
 * reconnection in the background, so the store answers `StoreUnavailableError` within about a
 * second while Redis is away and works again by itself when it is back.
 */
import { createHash } from "node:crypto";
import Redis from "ioredis";
import { StoreUnavailableError } from "./answer-store";

export interface ConnectionSettings {
  /** Longest wait for a connection or a reply before the store counts as unreachable. */
  timeoutMs: number;
}

export function connectRedis(url: string, { timeoutMs }: ConnectionSettings): Redis {
  const client = new Redis(url, {
    // Nothing connects until the store is used: importing the route (e.g. during `next build`)
    // must not reach for Redis.
    lazyConnect: true,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    // Reconnect quickly and keep trying: service comes back within a second of Redis.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  });
  // Every command reports a lost connection to its caller as StoreUnavailableError; without a
  // listener, ioredis would print each failed reconnection attempt.
  client.on("error", () => undefined);
  return client;
}

// One wait per connecting client, however many calls arrive meanwhile.
const connecting = new WeakMap<Redis, Promise<void>>();

/** Resolves once `client` can take commands; rejects at once while it is reconnecting. */
export function whenReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  if (client.status === "wait") client.connect().catch(() => undefined);
  if (client.status !== "connecting" && client.status !== "connect") {
    return Promise.reject(new StoreUnavailableError(new Error(`redis connection is ${client.status}`)));
  }
  let ready = connecting.get(client);
  if (!ready) {
    ready = readyWithin(client, timeoutMs);
    connecting.set(client, ready);
    const settled = () => connecting.delete(client);
    ready.then(settled, settled);
  }
  return ready;
}

function readyWithin(client: Redis, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => settle(new Error(`no redis connection within ${timeoutMs} ms`)), timeoutMs);
    const onReady = () => settle(undefined);
    const onClose = () => settle(new Error("redis connection closed"));
    function settle(error: Error | undefined): void {
      clearTimeout(timer);
      client.off("ready", onReady);
      client.off("close", onClose);
      client.off("end", onClose);
      if (error) reject(new StoreUnavailableError(error));
      else resolve();
    }
    client.once("ready", onReady);
    client.once("close", onClose);
    client.once("end", onClose);
  });
}

// Replies that mean "this Redis cannot serve right now", not "this command is wrong".
const UNAVAILABLE_REPLIES = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN)\b/;

/** A connection or timeout failure as `StoreUnavailableError`; a reply error (a bug) as it is. */
export function toStoreError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError) return error;
  if (error instanceof Error && error.name === "ReplyError" && !UNAVAILABLE_REPLIES.test(error.message)) return error;
  return new StoreUnavailableError(error);
}

/** A Lua script run by its SHA, loaded again when Redis has forgotten it (e.g. after a restart). */
export interface Script {
  lua: string;
  sha: string;
}

export function script(lua: string): Script {
  return { lua, sha: createHash("sha1").update(lua).digest("hex") };
}

export async function runScript(client: Redis, { lua, sha }: Script, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  try {
    return await client.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return client.eval(lua, keys.length, ...keys, ...args);
  }
}

/**
 * Runs `command` once `client` is ready; Redis out of reach (or too slow) as
 * `StoreUnavailableError`. The connect timeout `connectRedis` set is also the longest wait.
 */
export async function callRedis<T>(client: Redis, command: () => Promise<T>): Promise<T> {
  try {
    await whenReady(client, client.options.connectTimeout ?? DEFAULT_CALL_TIMEOUT_MS);
    return await command();
  } catch (error) {
    throw toStoreError(error);
  }
}

/** `runScript` through `callRedis`: fails fast, never hangs. */
export function callScript(client: Redis, code: Script, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  return callRedis(client, () => runScript(client, code, keys, args));
}

const DEFAULT_CALL_TIMEOUT_MS = 1_000;
