import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { StoreUnavailableError, type AnswerStore } from "@/lib/answers/answer-store";
import { createRedisAnswerStore, type RedisAnswerStoreOptions } from "@/lib/answers/redis-answer-store";
import { describeAnswerStoreContract, events, numbered, startFollowing, within } from "../answers/answer-store-contract";
import { expectPromptRejections } from "../support/prompt-rejections";
import { hasRedisServer, REDIS_SERVER_PATH, startRedis, type RedisServer } from "../support/redis-server";

const LEASE_MS = 30_000;
const TTL_S = 600;

if (!hasRedisServer) console.warn(`!! SKIPPED: the Redis store's tests need ${REDIS_SERVER_PATH} (apt-get install -y redis-server)`);

describe.skipIf(!hasRedisServer)("the Redis answer store", () => {
  let server: RedisServer;
  let admin: Redis;
  const stores: AnswerStore[] = [];

  /** A store on `url`, closed after the test. */
  function open(options: Partial<RedisAnswerStoreOptions> & { prefix: string }, url = server.url): AnswerStore {
    const store = createRedisAnswerStore({ url, ...options });
    stores.push(store);
    return store;
  }

  beforeAll(async () => {
    server = await startRedis();
    admin = new Redis(server.url);
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
  });

  // Two instances sharing one Redis, with keys of their own so tests never meet.
  describeAnswerStoreContract(
    "the Redis store",
    async () => {
      const prefix = `test-${randomUUID()}:`;
      const [store, peer] = [createRedisAnswerStore({ url: server.url, prefix }), createRedisAnswerStore({ url: server.url, prefix })];
      return { store, peer, cleanup: () => Promise.all([store.close(), peer.close()]).then(() => undefined) };
    },
    { losesProducer: true, livenessCheckMs: 1_000 },
  );

  describe("keys and expiry", () => {
    let prefix: string;
    let store: AnswerStore;
    beforeEach(() => {
      prefix = `test-${randomUUID()}:`;
      store = open({ prefix });
    });
    const key = (id: string, part: string) => `${prefix}answer:${id}:${part}`;

    it("stores each event as a stream entry holding its seq and its JSON", async () => {
      const id = randomUUID();
      await store.create({ id, owner: undefined, chatId: undefined }, LEASE_MS);
      await store.append(id, numbered(1, [events.start(id), events.delta("a")]), LEASE_MS, TTL_S);
      expect(await admin.xrange(key(id, "events"), "-", "+")).toEqual([
        ["0-1", ["seq", "1", "event", JSON.stringify(events.start(id))]],
        ["0-2", ["seq", "2", "event", JSON.stringify(events.delta("a"))]],
      ]);
    });

    it("keeps a live answer's keys under the safety TTL, its lease and chat key under leaseMs", async () => {
      const id = randomUUID();
      await store.create({ id, owner: "alice", chatId: "chat-1" }, 5_000);
      await store.attachReader(id);
      await store.append(id, numbered(1, [events.start(id)]), 5_000, TTL_S);
      for (const part of ["info", "events", "readers"]) {
        expect(await admin.pttl(key(id, part))).toBeGreaterThan(3_590_000);
        expect(await admin.pttl(key(id, part))).toBeLessThanOrEqual(3_600_000);
      }
      for (const name of [key(id, "lease"), `${prefix}chat:chat-1`]) {
        expect(await admin.pttl(name)).toBeGreaterThan(4_000);
        expect(await admin.pttl(name)).toBeLessThanOrEqual(5_000);
      }
    });

    it("sets every key of an ended answer to expire ttlSeconds after its terminal event", async () => {
      const id = randomUUID();
      await store.create({ id, owner: "alice", chatId: "chat-1" }, LEASE_MS);
      await store.attachReader(id);
      await store.append(id, numbered(1, [events.start(id), events.done("x")]), LEASE_MS, 20);
      for (const part of ["info", "events", "readers"]) {
        expect(await admin.pttl(key(id, part))).toBeGreaterThan(19_000);
        expect(await admin.pttl(key(id, part))).toBeLessThanOrEqual(20_000);
      }
      // -2: no such key. The lease and the chat's pointer go with the end.
      expect(await admin.pttl(key(id, "lease"))).toBe(-2);
      expect(await admin.pttl(`${prefix}chat:chat-1`)).toBe(-2);
    });

    it("forgets a chat's active answer once its producer's lease runs out", async () => {
      const id = randomUUID();
      await store.create({ id, owner: undefined, chatId: "chat-1" }, 200);
      expect(await store.activeAnswerOfChat("chat-1")).toBe(id);
      await vi.waitFor(async () => expect(await store.activeAnswerOfChat("chat-1")).toBeUndefined(), { timeout: 2_000, interval: 50 });
    });

    it("ends a lost producer's answer with a stored error and keeps its keys only the lost-answer TTL", async () => {
      const lostPrefix = `test-${randomUUID()}:`;
      const [producer, reader] = [open({ prefix: lostPrefix, lostAnswerTtlSeconds: 5 }), open({ prefix: lostPrefix, lostAnswerTtlSeconds: 5, livenessCheckMs: 100 })];
      const lostKey = (id: string, part: string) => `${lostPrefix}answer:${id}:${part}`;
      const id = randomUUID();
      await producer.create({ id, owner: "alice", chatId: "chat-1" }, 200);
      await reader.attachReader(id);
      await producer.append(id, numbered(1, [events.start(id), events.delta("a")]), 200, TTL_S);
      // The producer's instance dies: nothing renews its lease.
      const lost = { seq: 3, event: events.lost() };
      expect(await within(3_000, startFollowing(reader, id, 2).finished)).toEqual([lost]);
      for (const part of ["info", "events", "readers"]) {
        expect(await admin.pttl(lostKey(id, part))).toBeGreaterThan(0);
        expect(await admin.pttl(lostKey(id, part))).toBeLessThanOrEqual(5_000);
      }
      expect(await admin.pttl(lostKey(id, "lease"))).toBe(-2);
      expect(await admin.pttl(`${lostPrefix}chat:chat-1`)).toBe(-2);
      expect(await admin.xrange(lostKey(id, "events"), "0-3", "0-3")).toEqual([["0-3", ["seq", "3", "event", JSON.stringify(events.lost())]]]);
      const replayed = await within(2_000, startFollowing(reader, id, 0).finished);
      expect(replayed).toEqual([...numbered(1, [events.start(id), events.delta("a")]), lost]);
    });

    it("falls back to producer_lost when the lost answer cannot be ended", async () => {
      const id = randomUUID();
      await store.create({ id, owner: undefined, chatId: undefined }, 200);
      await store.append(id, numbered(1, [events.start(id)]), 200, TTL_S);
      await vi.waitFor(async () => expect(await admin.exists(key(id, "lease"))).toBe(0), { timeout: 2_000, interval: 50 });
      // A damaged answer (its lastSeq no number): the script fails, the follower still ends.
      await admin.hset(key(id, "info"), "lastSeq", "x");
      expect(await within(3_000, startFollowing(store, id, 0).finished)).toEqual([...numbered(1, [events.start(id)]), { end: "producer_lost" }]);
    });

    it("keeps apart stores with different prefixes on one Redis", async () => {
      const id = randomUUID();
      await store.create({ id, owner: undefined, chatId: "chat-1" }, LEASE_MS);
      const other = open({ prefix: `test-${randomUUID()}:` });
      expect(await other.info(id)).toBeUndefined();
      expect(await other.activeAnswerOfChat("chat-1")).toBeUndefined();
    });
  });

  describe("readers across instances", () => {
    it("refreshes the readers of a live instance before they expire", async () => {
      const prefix = `test-${randomUUID()}:`;
      const store = open({ prefix, readerTtlMs: 300, readerRefreshMs: 50 });
      const id = randomUUID();
      await store.create({ id, owner: undefined, chatId: undefined }, LEASE_MS);
      await store.attachReader(id);
      const readers = `${prefix}answer:${id}:readers`;
      const [, firstExpiry = "0"] = await admin.zrange(readers, 0, 0, "WITHSCORES");
      // Refreshed past its first expiry: it would have fallen out without the refresh.
      await vi.waitFor(async () => expect(Number((await admin.zrange(readers, 0, 0, "WITHSCORES"))[1])).toBeGreaterThan(Number(firstExpiry) + 300), { timeout: 3_000, interval: 50 });
      expect(await store.readerCount(id)).toBe(1);
    });

    it("stops counting the readers of an instance that stopped refreshing them (it died)", async () => {
      const prefix = `test-${randomUUID()}:`;
      const dying = open({ prefix, readerTtlMs: 300, readerRefreshMs: 60_000 });
      const survivor = open({ prefix });
      const id = randomUUID();
      await survivor.create({ id, owner: undefined, chatId: undefined }, LEASE_MS);
      await dying.attachReader(id);
      await survivor.attachReader(id);
      expect(await survivor.readerCount(id)).toBe(2);
      await vi.waitFor(async () => expect(await survivor.readerCount(id)).toBe(1), { timeout: 3_000, interval: 50 });
    });
  });

  it("serves three hundred followers of one answer on one instance from its one subscriber connection", async () => {
    const prefix = `test-${randomUUID()}:`;
    const [producer, viewers] = [open({ prefix }), open({ prefix })];
    const id = randomUUID();
    await producer.create({ id, owner: undefined, chatId: undefined }, LEASE_MS);
    const followers = Array.from({ length: 300 }, () => startFollowing(viewers, id, 0));
    const reads = async () => Number(/cmdstat_evalsha:calls=(\d+)/.exec(await admin.info("commandstats"))?.[1] ?? 0);
    // Once every follower has read the (empty) answer, live events should cost no more reads.
    await producer.append(id, numbered(1, [events.start(id)]), LEASE_MS, TTL_S);
    await vi.waitFor(() => expect(followers.every((follower) => follower.items.length === 1)).toBe(true), { timeout: 5_000 });
    const readsBefore = await reads();
    for (let seq = 2; seq <= 100; seq += 1) await producer.append(id, numbered(seq, [events.delta(`t${seq}`)]), LEASE_MS, TTL_S);
    await producer.append(id, numbered(101, [events.done("x")]), LEASE_MS, TTL_S);
    const results = await within(10_000, Promise.all(followers.map((follower) => follower.finished)));
    for (const items of results) expect(items.map((item) => ("seq" in item ? item.seq : item.end))).toEqual(Array.from({ length: 101 }, (_, i) => i + 1));
    // The producer's 100 appends, and few if any reads by followers (a liveness check at most).
    expect((await reads()) - readsBefore).toBeLessThan(100 + 300);
  });

  it("reaches a producer that starts listening after the stop was asked for", async () => {
    const prefix = `test-${randomUUID()}:`;
    const [producer, elsewhere] = [open({ prefix }), open({ prefix })];
    const id = randomUUID();
    await producer.create({ id, owner: undefined, chatId: undefined }, LEASE_MS);
    expect(await elsewhere.requestStop(id)).toBe(true);
    await within(1_500, new Promise<void>((resolve) => producer.onStopRequested(id, resolve)));
  });

  describe("when Redis goes away", () => {
    let own: RedisServer;
    beforeAll(async () => {
      own = await startRedis();
    });
    afterAll(async () => {
      await own?.stop();
    });

    /** Every call of the store, each expected to reject with StoreUnavailableError. */
    function everyCall(store: AnswerStore, id: string): [string, () => Promise<unknown>][] {
      return [
        ["create", () => store.create({ id: randomUUID(), owner: undefined, chatId: "chat-1" }, LEASE_MS)],
        ["append", () => store.append(id, numbered(2, [events.delta("a")]), LEASE_MS, TTL_S)],
        ["renewLease", () => store.renewLease(id, LEASE_MS)],
        ["info", () => store.info(id)],
        ["activeAnswerOfChat", () => store.activeAnswerOfChat("chat-1")],
        ["follow", () => startFollowing(store, id, 0).finished],
        ["requestStop", () => store.requestStop(id)],
        ["attachReader", () => store.attachReader(id)],
        ["readerCount", () => store.readerCount(id)],
      ];
    }

    it("rejects every call at once while Redis is down, and works again by itself when it is back", async () => {
      const store = open({ prefix: "outage:" }, own.url);
      const id = randomUUID();
      await store.create({ id, owner: undefined, chatId: undefined }, LEASE_MS);
      await store.append(id, numbered(1, [events.start(id)]), LEASE_MS, TTL_S);
      await own.stop();
      await expectPromptRejections(everyCall(store, id), 1_200);
      await own.restart();
      // Redis came back empty; a new answer goes through from start to end.
      const fresh = randomUUID();
      await vi.waitFor(() => store.create({ id: fresh, owner: undefined, chatId: undefined }, LEASE_MS), { timeout: 5_000, interval: 100 });
      const follower = startFollowing(store, fresh, 0);
      await store.append(fresh, numbered(1, [events.start(fresh), events.done("x")]), LEASE_MS, TTL_S);
      expect((await within(2_000, follower.finished)).map((item) => ("seq" in item ? item.seq : item.end))).toEqual([1, 2]);
    });

    it("rejects every call within about a second while Redis hangs, and recovers when it answers again", async () => {
      const store = open({ prefix: "hang:" }, own.url);
      const id = randomUUID();
      await store.create({ id, owner: undefined, chatId: undefined }, LEASE_MS);
      own.pause();
      try {
        await expectPromptRejections(everyCall(store, id), 1_500);
      } finally {
        own.resume();
      }
      await vi.waitFor(async () => expect(await store.info(id)).toMatchObject({ ended: false }), { timeout: 5_000, interval: 100 });
    });

    it("ends a waiting follower with StoreUnavailableError when Redis dies", async () => {
      const store = open({ prefix: "crash:" }, own.url);
      const id = randomUUID();
      await store.create({ id, owner: undefined, chatId: undefined }, LEASE_MS);
      await store.append(id, numbered(1, [events.start(id)]), LEASE_MS, TTL_S);
      const follower = startFollowing(store, id, 0);
      await vi.waitFor(() => expect(follower.items).toHaveLength(1), { timeout: 2_000 });
      await own.kill();
      try {
        await expect(within(2_500, follower.finished)).rejects.toBeInstanceOf(StoreUnavailableError);
      } finally {
        await own.restart();
      }
    });

    it("rejects at once when Redis was never there", async () => {
      const nowhere = await startRedis();
      await nowhere.stop();
      const store = open({ prefix: "nowhere:" }, nowhere.url);
      await expectPromptRejections(everyCall(store, randomUUID()), 1_200);
    });
  });
});
