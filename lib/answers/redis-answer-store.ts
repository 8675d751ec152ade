/**
 * The answer store on Redis, for many instances behind a load balancer: any instance can resume,
 * follow, stop or count the readers of an answer produced on any other. Keys and scripts are in
 * redis-scripts.ts, following in redis-follow.ts, the shared pub/sub connection in
 * redis-notifier.ts. Redis unreachable: every call rejects with `StoreUnavailableError` within
 * about `timeoutMs`, and the store works again by itself once Redis is back.
 *
 * - Producer lease: a key with PX `leaseMs`, set by `create` and renewed by `append` and
 *   `renewLease`; a follower that finds it gone on an answer that has not ended (checked at least
 *   every `livenessCheckMs` while it waits) ends the answer in Redis with a stored terminal
 *   `upstream_closed` error event, kept `lostAnswerTtlSeconds` like any ended answer, and every
 *   follower yields that event; `producer_lost` only when that write could not be made.
 * - Stop: `requestStop` sets a flag in the answer's hash and publishes the id on one `stop`
 *   channel; the producing instance calls its listener on the message, or — should the message
 *   be lost — on the flag, which its next append or lease renewal returns.
 * - Readers: a sorted set per answer, each reader scored with its expiry on Redis' clock and
 *   refreshed every `readerRefreshMs` by the instance holding it, so the readers of an instance
 *   that died fall out after `readerTtlMs`.
 */
import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import { SAFE_MESSAGE_BY_CODE } from "@/lib/chat-stream/errors";
import type { ChatEvent } from "@/lib/chat-stream/events";
import type { AnswerInfo, AnswerStore, StoredEvent } from "./answer-store";
import { callRedis, callScript, connectRedis, toStoreError, type Script } from "./redis-connection";
import { followAnswer, PAGE_SIZE, type AnswerPage } from "./redis-follow";
import { createNotifier } from "./redis-notifier";
import { answerKeys, APPEND, COUNT_READERS, END_LOST, keysOf, READ, RENEW, REQUEST_STOP, TOUCH_READERS } from "./redis-scripts";
import { createRefreshedMembers } from "../shared-state/refreshed-members";

export interface RedisAnswerStoreOptions {
  /** `redis://[user:password@]host:port[/db]` */
  url: string;
  /** Prefix of every key and channel. Default `ws-chat:`. */
  prefix?: string;
  /** Longest wait for Redis before a call fails with `StoreUnavailableError`. Default 1000. */
  timeoutMs?: number;
  /** How often a waiting follower checks the lease and the stream. Default 1000. */
  livenessCheckMs?: number;
  /** Expiry of a live answer's keys, renewed by each write, in case its instance dies. Default 3600. */
  safetyTtlSeconds?: number;
  /**
   * How long an answer whose producer was lost stays readable once a follower has ended it (the
   * resume TTL, `WS_CHAT_RESUME_TTL_S`). Default 600.
   */
  lostAnswerTtlSeconds?: number;
  /** How long a reader counts without being refreshed by its instance. Default 15000. */
  readerTtlMs?: number;
  /** How often an instance refreshes its readers. Default a third of `readerTtlMs`. */
  readerRefreshMs?: number;
}

export function createRedisAnswerStore(options: RedisAnswerStoreOptions): AnswerStore {
  const prefix = options.prefix ?? "ws-chat:";
  const timeoutMs = options.timeoutMs ?? 1_000;
  const livenessCheckMs = options.livenessCheckMs ?? 1_000;
  const safetyMs = (options.safetyTtlSeconds ?? 3_600) * 1000;
  const lostKeepMs = Math.max(1, Math.round((options.lostAnswerTtlSeconds ?? 600) * 1000));
  const readerTtlMs = options.readerTtlMs ?? 15_000;
  const readerRefreshMs = options.readerRefreshMs ?? Math.floor(readerTtlMs / 3);
  const keys = keysOf(prefix);
  const client = connectRedis(options.url, { timeoutMs });
  const subscriber = client.duplicate();
  subscriber.on("error", () => undefined); // as for `client` (see connectRedis)
  const notifier = createNotifier(subscriber, timeoutMs);
  const closing = new AbortController();
  // Every waiting follower listens to it: hundreds by design, not a leak.
  setMaxListeners(0, closing.signal);
  const instance = randomUUID();

  const call = <T>(command: () => Promise<T>) => callRedis(client, command);
  const run = (code: Script, scriptKeys: readonly string[], args: readonly (string | number)[]) => callScript(client, code, scriptKeys, args);

  // --- stop requests -------------------------------------------------------------------------
  const stopListeners = new Map<string, Set<() => void>>();
  let stopChannel: Promise<unknown> | undefined;

  function fireStop(id: string): void {
    const listeners = stopListeners.get(id);
    if (!listeners) return;
    stopListeners.delete(id);
    for (const listener of listeners) listener();
  }

  function listenForStops(): Promise<unknown> {
    stopChannel ??= notifier.listen(keys.stopChannel, fireStop).catch((error: unknown) => {
      stopChannel = undefined;
      throw error;
    });
    return stopChannel;
  }

  async function stopWasRequested(id: string): Promise<boolean> {
    const [stop, ended] = await call(() => client.hmget(keys.info(id), "stop", "ended"));
    return stop === "1" && ended !== "1";
  }

  /** APPEND and RENEW return -1 (unknown or ended), 1 (a stop was asked for) or 0. */
  function afterWrite(id: string, outcome: unknown): void {
    // -1: the answer was ended elsewhere (a reader found this producer's lease gone) or forgotten;
    // stop the run rather than keep spending quota on writes nobody can read.
    if (outcome === 1 || outcome === -1) fireStop(id);
    // Subscribing to stops failed earlier (Redis was away): try again while someone here waits for one.
    if (stopListeners.size > 0) listenForStops().catch(() => undefined);
  }

  // --- readers -------------------------------------------------------------------------------
  // Readers of answers held here: reader name → answer id, their expiry refreshed by one timer.
  const localReaders = createRefreshedMembers(readerRefreshMs, (id, readers) => {
    run(TOUCH_READERS, [keys.info(id), keys.readers(id)], [readerTtlMs, ...readers]).catch(() => undefined);
  });


  // --- following -----------------------------------------------------------------------------
  async function read(id: string, afterSeq: number): Promise<AnswerPage | undefined> {
    const reply = await run(READ, [keys.info(id), keys.events(id), keys.lease(id)], [`(0-${afterSeq}`, PAGE_SIZE]);
    if (!Array.isArray(reply)) return undefined;
    const [ended, lastSeq, leaseAlive, entries] = reply as [string, string, number, [string, string[]][]];
    return { ended: ended === "1", lastSeq: Number(lastSeq), leaseAlive: leaseAlive === 1, events: entries.map(toStoredEvent) };
  }

  async function endLost(id: string): Promise<boolean> {
    try {
      await run(END_LOST, answerKeys(keys, id), [lostKeepMs, prefix, id, LOST_EVENT_JSON]);
      return true;
    } catch {
      return false;
    }
  }

  // Each appended batch reaches every follower of the answer here at once: parse it once.
  let lastMessage: string | undefined;
  let lastBatch: readonly StoredEvent[] = [];
  function parseBatch(message: string): readonly StoredEvent[] {
    if (message !== lastMessage) {
      lastMessage = message;
      lastBatch = JSON.parse(message) as StoredEvent[];
    }
    return lastBatch;
  }

  const followDeps = {
    read,
    listen: (id: string, onBatch: (events: readonly StoredEvent[]) => void) =>
      notifier.listen(keys.appendedChannel(id), (message) => onBatch(parseBatch(message))),
    endLost,
    livenessCheckMs,
    closed: closing.signal,
  };

  return {
    async create({ id, owner, chatId }, leaseMs) {
      const fields: Record<string, string> = { ended: "0", lastSeq: "0" };
      if (owner !== undefined) fields.owner = owner;
      if (chatId !== undefined) fields.chatId = chatId;
      const transaction = client
        .multi()
        .del(keys.info(id), keys.events(id), keys.readers(id))
        .hset(keys.info(id), fields)
        .pexpire(keys.info(id), safetyMs)
        .set(keys.lease(id), "1", "PX", leaseMs);
      if (chatId !== undefined) transaction.set(keys.chat(chatId), id, "PX", leaseMs);
      const results = await call(() => transaction.exec());
      const failure = results?.find(([error]) => error)?.[0];
      if (failure) throw toStoreError(failure);
    },

    async append(id, events, leaseMs, ttlSeconds) {
      // Nothing after the terminal event belongs to the answer.
      const terminal = events.findIndex(({ event }) => isTerminal(event));
      const batch = terminal === -1 ? events : events.slice(0, terminal + 1);
      // Each event is serialized once: for its stream entry, and inside the batch that is published.
      const serialized = batch.map(({ seq, event }) => [seq, JSON.stringify(event)] as const);
      const published = `[${serialized.map(([seq, json]) => `{"seq":${seq},"event":${json}}`).join(",")}]`;
      const args: (string | number)[] = [leaseMs, Math.max(1, Math.round(ttlSeconds * 1000)), safetyMs, terminal === -1 ? "0" : "1", prefix, id, published];
      for (const [seq, json] of serialized) args.push(seq, json);
      const outcome = await run(APPEND, answerKeys(keys, id), args);
      // Once ended, there is nothing left to stop.
      if (terminal !== -1 && outcome !== -1) stopListeners.delete(id);
      else if (terminal === -1) afterWrite(id, outcome);
    },

    async renewLease(id, leaseMs) {
      afterWrite(id, await run(RENEW, answerKeys(keys, id), [leaseMs, safetyMs, prefix, id]));
    },

    async info(id): Promise<AnswerInfo | undefined> {
      const hash = await call(() => client.hgetall(keys.info(id)));
      if (hash.ended === undefined) return undefined;
      return { id, owner: hash.owner, chatId: hash.chatId, ended: hash.ended === "1", lastSeq: Number(hash.lastSeq ?? 0) };
    },

    async activeAnswerOfChat(chatId) {
      return (await call(() => client.get(keys.chat(chatId)))) ?? undefined;
    },

    follow(id, afterSeq, signal) {
      return { [Symbol.asyncIterator]: () => followAnswer(id, afterSeq, signal, followDeps) };
    },

    async requestStop(id) {
      return (await run(REQUEST_STOP, [keys.info(id)], [keys.stopChannel, id])) === 1;
    },

    onStopRequested(id, listener) {
      let called = false;
      const once = () => {
        if (called) return;
        called = true;
        listener();
      };
      const listeners = stopListeners.get(id) ?? new Set();
      stopListeners.set(id, listeners.add(once));
      // A stop asked for before the subscription was in place is still in the answer's flag.
      listenForStops()
        .then(() => stopWasRequested(id))
        .then((asked) => asked && fireStop(id))
        .catch(() => undefined);
      return () => {
        listeners.delete(once);
        if (listeners.size === 0 && stopListeners.get(id) === listeners) stopListeners.delete(id);
      };
    },

    async attachReader(id) {
      const reader = `${instance}:${randomUUID()}`;
      const attached = await run(TOUCH_READERS, [keys.info(id), keys.readers(id)], [readerTtlMs, reader]);
      if (attached !== 1) return async () => undefined;
      localReaders.track(reader, id);
      let detached = false;
      return async () => {
        if (detached) return;
        detached = true;
        localReaders.track(reader, undefined);
        // Never rejects: a reader Redis could not forget now lapses after readerTtlMs anyway.
        await call(() => client.zrem(keys.readers(id), reader)).catch(() => undefined);
      };
    },

    async readerCount(id) {
      return Number(await run(COUNT_READERS, [keys.readers(id)], []));
    },

    async close() {
      closing.abort();
      // A clean shutdown takes its readers out now rather than after their TTL.
      const readers = [...localReaders.held()];
      localReaders.clear();
      if (client.status === "ready" && readers.length > 0) {
        const pipeline = client.pipeline();
        for (const [reader, id] of readers) pipeline.zrem(keys.readers(id), reader);
        await pipeline.exec().catch(() => undefined);
      }
      stopListeners.clear();
      client.disconnect();
      subscriber.disconnect();
    },
  };
}

/** The terminal event stored for an answer whose producer was lost. */
const LOST_EVENT_JSON = JSON.stringify({
  type: "error",
  data: { code: "upstream_closed", message: SAFE_MESSAGE_BY_CODE.upstream_closed, retryable: true },
} satisfies ChatEvent);

function isTerminal(event: ChatEvent): boolean {
  return event.type === "done" || event.type === "error";
}

function toStoredEvent([, fields]: [string, string[]]): StoredEvent {
  const value = (name: string) => fields[fields.indexOf(name) + 1] ?? "";
  // Our own writes (APPEND), not input from outside: no schema check on the hot path.
  return { seq: Number(value("seq")), event: JSON.parse(value("event")) as ChatEvent };
}
