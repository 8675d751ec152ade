/**
 * The route's guards shared on Redis, through two handlers built as two app instances would
 * build them (createSharedStateChatHandler with REDIS_URL) on one real Redis, against the real
 * stand-in: one rate limit, one per-client stream cap and one set of duplicate claims for both,
 * and Redis going away: 503 `store_unavailable` at once, then service again by itself.
 * Node only: ioredis needs TCP, which the Edge runtime lacks.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { silentLogger } from "@/lib/chat-stream/logger";
import { createSharedStateChatHandler, type SharedStateChatHandler } from "@/lib/shared-state/shared-state-handler";
import { startStandin, type Standin } from "@/scripts/standin/server";
import { ask, readText } from "../support/chat-client";
import { hasRedisServer, REDIS_SERVER_PATH, startRedis, type RedisServer } from "../support/redis-server";

if (!hasRedisServer) console.warn(`!! SKIPPED: the shared guards' tests need ${REDIS_SERVER_PATH} (apt-get install -y redis-server)`);

const TOKEN = "shared-guards-token-7";

describe.skipIf(!hasRedisServer)("the guards shared on Redis by two instances", () => {
  let standin: Standin;
  let redis: RedisServer;
  const handlers: SharedStateChatHandler[] = [];

  beforeAll(async () => {
    [standin, redis] = await Promise.all([startStandin({ port: 0, token: TOKEN, paceMs: 1 }), startRedis()]);
  });
  afterEach(async () => {
    await standin.whenIdle();
    await Promise.all(handlers.splice(0).map((handler) => handler.close()));
  });
  afterAll(async () => {
    await Promise.all([standin?.close(), redis?.stop()]);
  });

  /** One app instance on the shared Redis, closed after the test. */
  function instance(env: Record<string, string> = {}): SharedStateChatHandler {
    const handler = createSharedStateChatHandler(
      { env: { CREATE_AI_API_TOKEN: TOKEN, CREATE_AI_PROJECT_ID: "p", CREATE_AI_WS_URL: standin.url, ...env }, logger: silentLogger },
      { REDIS_URL: redis.url },
    );
    handlers.push(handler);
    return handler;
  }

  /** Two instances with the same settings, as behind a load balancer. */
  const twoInstances = (env: Record<string, string> = {}) => [instance(env), instance(env)] as const;

  function post(client: string, body: unknown): Request {
    return new Request("http://study.example/api/ws-chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": client },
      body: JSON.stringify(body),
    });
  }

  /** Expects a whole answer: 200, then its body to the end. */
  async function expectAnswer(response: Response): Promise<void> {
    expect(response.status).toBe(200);
    expect((await readText(response)).failed).toBe(false);
  }

  /** Expects a refusal with `code` that made no CreateAI call. */
  async function expectRefusal(respond: () => Promise<Response>, status: number, code: string, fragment = ""): Promise<void> {
    const before = standin.connectionAttempts();
    const response = await respond();
    expect(response.status).toBe(status);
    const { error } = await response.json();
    expect(error.code).toBe(code);
    expect(error.message).toContain(fragment);
    expect(standin.connectionAttempts()).toBe(before);
  }

  it("share one rate limit: 2 requests on A and 1 on B spend 3/60, and the 4th is refused on either", async () => {
    const [a, b] = twoInstances({ WS_CHAT_RATE_LIMIT: "3/60" });
    const client = "198.51.100.10";
    await expectAnswer(await a(post(client, ask("one"))));
    await expectAnswer(await a(post(client, ask("two"))));
    await expectAnswer(await b(post(client, ask("three"))));
    await expectRefusal(() => a(post(client, ask("four"))), 429, "rate_limited", "3 per 60 s");
    await expectRefusal(() => b(post(client, ask("four"))), 429, "rate_limited", "3 per 60 s");
    await expectAnswer(await b(post("198.51.100.11", ask("another client"))));
  });

  it("share one per-client stream cap: a second stream on B waits for the first on A to end", async () => {
    const [a, b] = twoInstances({ WS_CHAT_MAX_STREAMS_PER_CLIENT: "1" });
    const client = "198.51.100.20";
    const first = await a(post(client, ask("/demo slow")));
    expect(first.status).toBe(200);
    await expectRefusal(() => b(post(client, ask("second"))), 429, "rate_limited", "WS_CHAT_MAX_STREAMS_PER_CLIENT");
    await first.body?.cancel();
    // A gives its slot back without making anyone wait: B sees it within a round trip or two.
    await vi.waitFor(async () => expectAnswer(await b(post(client, ask("second")))), { timeout: 3_000, interval: 50 });
  });

  it("share duplicate claims: the same message sent again through B is refused while A answers it", async () => {
    const [a, b] = twoInstances();
    const client = "198.51.100.30";
    const first = await a(post(client, ask("once", { clientMessageId: "message-1" })));
    expect(first.status).toBe(200);
    await expectRefusal(() => b(post(client, ask("once", { clientMessageId: "message-1" }))), 409, "duplicate");
    await readText(first);
  });

  it("answers 503 store_unavailable within a second while Redis is down, and serves again once it is back, with the same handlers", async () => {
    // One stream at a time on A: a slot a refusal failed to give back would show as `overloaded`.
    const [a, b] = twoInstances({ WS_CHAT_MAX_STREAMS: "1" });
    const client = "198.51.100.40";
    await expectAnswer(await a(post(client, ask("before"))));
    await redis.stop();
    try {
      for (const handler of [a, b, a]) {
        const started = performance.now();
        await expectRefusal(() => handler(post(client, ask("during", { clientMessageId: "message-2" }))), 503, "store_unavailable");
        expect(performance.now() - started).toBeLessThan(1_000);
      }
    } finally {
      await redis.restart();
    }
    await vi.waitFor(async () => expectAnswer(await a(post(client, ask("after", { clientMessageId: "message-2" })))), { timeout: 5_000, interval: 100 });
    await expectAnswer(await b(post(client, ask("after, on B"))));
  });
});
