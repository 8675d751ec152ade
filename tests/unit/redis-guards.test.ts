/**
 * The request guards on Redis: the contract every guard keeps, then what only a shared store
 * can show (two instances on one Redis sharing one set of limits, the slots of an instance that
 * died freeing themselves), and Redis going away: every call fails at once with
 * StoreUnavailableError, and works again by itself once Redis is back.
 */
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { connectRedis } from "@/lib/answers/redis-connection";
import { createStreamSlots, type SlotGrant, type SlotLimits, type StreamSlots } from "@/lib/chat-stream/guards/stream-slots";
import { createRedisDuplicateSends } from "@/lib/shared-state/redis-duplicate-sends";
import { createRedisRateLimitStore } from "@/lib/shared-state/redis-rate-limit-store";
import { createRedisStreamSlots, type RedisStreamSlotsOptions } from "@/lib/shared-state/redis-stream-slots";
import { describeGuardContract, held, type Guards } from "../guards/guard-contract";
import { expectPromptRejections } from "../support/prompt-rejections";
import { hasRedisServer, REDIS_SERVER_PATH, startRedis, type RedisServer } from "../support/redis-server";

if (!hasRedisServer) console.warn(`!! SKIPPED: the Redis guards' tests need ${REDIS_SERVER_PATH} (apt-get install -y redis-server)`);

const WAIT = { timeout: 5_000, interval: 50 };

describe.skipIf(!hasRedisServer)("the request guards on Redis", () => {
  let server: RedisServer;
  let admin: Redis;
  const connections: Redis[] = [];
  const releases: (() => void | Promise<void>)[] = [];

  /** A connection as the app opens it (fail fast, reconnect in the background), closed after the test. */
  function connect(url = server.url): Redis {
    const redis = connectRedis(url, { timeoutMs: 1_000 });
    connections.push(redis);
    return redis;
  }

  /** `slots` whose every slot is given back after the test, so no refresh timer outlives it. */
  function tracked(slots: StreamSlots): StreamSlots {
    return {
      async acquire(clientKey: string, limits: SlotLimits): Promise<SlotGrant> {
        const grant = await slots.acquire(clientKey, limits);
        if (grant.ok) releases.push(grant.release);
        return grant;
      },
      active: () => slots.active(),
    };
  }

  /** One app instance's guards, on its own connection to `url`, under `prefix`. */
  function instance(prefix: string, url = server.url, slotOptions: RedisStreamSlotsOptions = {}): Guards {
    const redis = connect(url);
    return {
      rateLimits: createRedisRateLimitStore(redis, { prefix }),
      slots: tracked(createRedisStreamSlots(redis, createStreamSlots(), { prefix, ...slotOptions })),
      duplicates: createRedisDuplicateSends(redis, { prefix }),
    };
  }

  const newPrefix = () => `test-${randomUUID()}:`;

  beforeAll(async () => {
    server = await startRedis();
    admin = new Redis(server.url);
  });
  afterEach(async () => {
    await Promise.all(releases.splice(0).map((release) => release()));
    for (const redis of connections.splice(0)) redis.disconnect();
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
  });

  describeGuardContract("Redis", () => instance(newPrefix()));

  describe("two instances on one Redis", () => {
    it("share one rate limit per client", async () => {
      const prefix = newPrefix();
      const [a, b] = [instance(prefix), instance(prefix)];
      expect((await a.rateLimits.hit("c", Date.now(), 3, 60_000)).allowed).toBe(true);
      expect((await a.rateLimits.hit("c", Date.now(), 3, 60_000)).allowed).toBe(true);
      expect((await b.rateLimits.hit("c", Date.now(), 3, 60_000)).allowed).toBe(true);
      expect((await a.rateLimits.hit("c", Date.now(), 3, 60_000)).allowed).toBe(false);
      expect((await b.rateLimits.hit("c", Date.now(), 3, 60_000)).allowed).toBe(false);
      expect(await admin.zcard(`${prefix}rate:c`)).toBe(3);
      const ttl = await admin.pttl(`${prefix}rate:c`);
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    });

    it("never let more through than the limit, however many requests race on both", async () => {
      const prefix = newPrefix();
      const [a, b] = [instance(prefix), instance(prefix)];
      const decisions = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).rateLimits.hit("c", Date.now(), 7, 60_000)),
      );
      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(7);
    });

    it("share one stream-slot cap per client, while each keeps its own total", async () => {
      const prefix = newPrefix();
      const [a, b] = [instance(prefix), instance(prefix)];
      const first = held(await a.slots.acquire("c", { perClient: 2, total: 2 }));
      held(await b.slots.acquire("c", { perClient: 2, total: 2 }));
      expect(await a.slots.acquire("c", { perClient: 2, total: 2 })).toEqual({ ok: false, refusal: { scope: "client", limit: 2 } });
      expect(await b.slots.acquire("c", { perClient: 2, total: 2 })).toEqual({ ok: false, refusal: { scope: "client", limit: 2 } });
      // A's total counts A's streams only: B's do not fill it.
      held(await a.slots.acquire("other", { perClient: 2, total: 2 }));
      expect(await a.slots.acquire("third", { perClient: 2, total: 2 })).toEqual({ ok: false, refusal: { scope: "server", limit: 2 } });
      expect([a.slots.active(), b.slots.active()]).toEqual([2, 1]);
      await first.release();
      held(await b.slots.acquire("c", { perClient: 2, total: 2 }));
    });

    it("share duplicate claims: a repeat landing on the other instance is refused too", async () => {
      const prefix = newPrefix();
      const [a, b] = [instance(prefix), instance(prefix)];
      expect(await a.duplicates.claim("c", "m1", Date.now())).toBe(true);
      expect(await b.duplicates.claim("c", "m1", Date.now())).toBe(false);
      const key = `${prefix}sent:c:m1`;
      // In flight: held long, should the instance die before the request ends.
      expect(await admin.pttl(key)).toBeGreaterThan(590_000);
      await a.duplicates.finish("c", "m1", Date.now(), 5_000);
      const ttl = await admin.pttl(key);
      expect(ttl).toBeGreaterThan(4_000);
      expect(ttl).toBeLessThanOrEqual(5_000);
      expect(await b.duplicates.claim("c", "m1", Date.now())).toBe(false);
      await b.duplicates.finish("c", "m1", Number.NEGATIVE_INFINITY, 5_000);
      expect(await admin.exists(key)).toBe(0);
      expect(await a.duplicates.claim("c", "m1", Date.now())).toBe(true);
    });
  });

  describe("slots of an instance that died", () => {
    const SHORT = { ttlMs: 400, refreshMs: 100 };

    it("keep counting while their instance refreshes them, past their first expiry", async () => {
      const prefix = newPrefix();
      const [holder, other] = [instance(prefix, server.url, SHORT), instance(prefix, server.url, SHORT)];
      held(await holder.slots.acquire("c", { perClient: 1, total: 10 }));
      const [, firstExpiry] = await admin.zrange(`${prefix}slots:c`, 0, 0, "WITHSCORES");
      await vi.waitFor(async () => {
        const [, expiry] = await admin.zrange(`${prefix}slots:c`, 0, 0, "WITHSCORES");
        expect(Number(expiry)).toBeGreaterThan(Number(firstExpiry) + SHORT.ttlMs);
      }, WAIT);
      expect(await other.slots.acquire("c", { perClient: 1, total: 10 })).toEqual({ ok: false, refusal: { scope: "client", limit: 1 } });
    });

    it("free themselves once no instance refreshes them, while the live instance's slots stay", async () => {
      const prefix = newPrefix();
      const limits = { perClient: 2, total: 10 };
      const survivor = instance(prefix, server.url, SHORT);
      held(await survivor.slots.acquire("c", limits));
      const dying = connect();
      const holder = createRedisStreamSlots(dying, createStreamSlots(), { prefix, ...SHORT });
      const grant = held(await holder.acquire("c", limits));
      releases.push(grant.release);
      // The instance dies: its connection goes, and with it every refresh. The survivor's
      // refreshes keep the key itself alive, so the dead slot must be trimmed on its own.
      dying.disconnect();
      expect(await survivor.slots.acquire("c", limits)).toEqual({ ok: false, refusal: { scope: "client", limit: 2 } });
      await vi.waitFor(async () => expect((await survivor.slots.acquire("c", limits)).ok).toBe(true), WAIT);
      expect(await admin.zcard(`${prefix}slots:c`)).toBe(2);
      expect(survivor.slots.active()).toBe(2);
    });
  });

  describe("when Redis goes away", () => {
    let own: RedisServer;
    beforeAll(async () => {
      own = await startRedis();
    });
    afterAll(async () => {
      await own?.stop();
    });

    /** Every call that may fail, each expected to reject with StoreUnavailableError. */
    function everyCall(guards: Guards): [string, () => Promise<unknown>][] {
      return [
        ["rate limit", async () => guards.rateLimits.hit("c", Date.now(), 5, 60_000)],
        ["stream slot", async () => guards.slots.acquire("c", { perClient: 5, total: 5 })],
        ["duplicate claim", async () => guards.duplicates.claim("c", randomUUID(), Date.now())],
      ];
    }

    /** Every guard works: each call resolves. */
    async function expectWorking(guards: Guards): Promise<void> {
      expect((await guards.rateLimits.hit("c", Date.now(), 100, 60_000)).allowed).toBe(true);
      const grant = held(await guards.slots.acquire("c", { perClient: 100, total: 100 }));
      await grant.release();
      expect(await guards.duplicates.claim("c", randomUUID(), Date.now())).toBe(true);
    }

    it("reject every call at once while Redis is down, and work again by themselves when it is back", async () => {
      const guards = instance("outage:", own.url);
      await expectWorking(guards);
      const grant = held(await guards.slots.acquire("c", { perClient: 5, total: 5 }));
      await own.stop();
      try {
        // Giving back never fails, even now: the slot and the claim lapse in Redis by themselves.
        await expect(grant.release()).resolves.toBeUndefined();
        await expect(guards.duplicates.finish("c", "m1", Date.now(), 5_000)).resolves.toBeUndefined();
        await expectPromptRejections(everyCall(guards), 1_200);
      } finally {
        await own.restart();
      }
      await vi.waitFor(() => expectWorking(guards), WAIT);
    });

    it("reject every call within about a second while Redis hangs, and recover when it answers again", async () => {
      const guards = instance("hang:", own.url);
      await expectWorking(guards);
      own.pause();
      try {
        await expectPromptRejections(everyCall(guards), 1_500);
      } finally {
        own.resume();
      }
      await vi.waitFor(() => expectWorking(guards), WAIT);
    });

    it("reject at once when Redis was never there", async () => {
      const nowhere = await startRedis();
      await nowhere.stop();
      await expectPromptRejections(everyCall(instance("nowhere:", nowhere.url)), 1_200);
    });
  });
});
