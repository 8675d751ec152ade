/**
 * Several instances acting as one on Redis: two `next start` of the build made with REDIS_URL,
 * one real redis-server, one stand-in. An answer started on A is resumed, stopped and watched
 * from B; A killed mid-answer ends B's reader with an error; the rate limit is shared.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { composeAnswer, startStandin, type Standin } from "@/scripts/standin/server";
import { hasRedisServer, startRedis, type RedisServer } from "../support/redis-server";
import { ask, deltaText, readSse, readThenDrop } from "../support/chat-client";
import { startNextServer, type NextServer } from "./support/next-server";
import { E2E_REDIS_DIST_DIR } from "./support/paths";

const TOKEN = "e2e-shared-token-5521";
let redis: RedisServer;
let standin: Standin;
let a: NextServer;
let b: NextServer;

async function instance(env: Record<string, string> = {}): Promise<NextServer> {
  return startNextServer(
    {
      CREATE_AI_API_TOKEN: TOKEN,
      CREATE_AI_PROJECT_ID: "e2e-shared",
      CREATE_AI_WS_URL: standin.url,
      REDIS_URL: redis.url,
      WS_CHAT_SESSION_SECRET: "one-secret-for-every-instance-of-the-app",
      WS_CHAT_PRODUCER_LEASE_MS: "1000",
      WS_CHAT_RATE_LIMIT: "10000/60",
      WS_CHAT_MAX_STREAMS_PER_CLIENT: "100",
      ...env,
    },
    { distDir: E2E_REDIS_DIST_DIR },
  );
}

const post = (server: NextServer, body: unknown) =>
  fetch(`${server.url}/api/ws-chat`, { method: "POST", headers: { "Content-Type": "application/json", Accept: "text/event-stream" }, body: JSON.stringify(body) });
const streamOf = (server: NextServer, id: string, headers: Record<string, string> = {}, method = "GET") =>
  fetch(`${server.url}/api/ws-chat/streams/${id}`, { method, headers });

describe.skipIf(!hasRedisServer)("two instances on one Redis", () => {
  beforeAll(async () => {
    redis = await startRedis();
    standin = await startStandin({ port: 0, token: TOKEN, paceMs: 15 });
    [a, b] = await Promise.all([instance(), instance()]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await standin?.close();
    await redis?.stop();
  });

  it("resumes on B an answer started on A, from the last event read, without repeating or losing text", async () => {
    const response = await post(a, ask("Started on A", { resumable: true }));
    expect(response.status).toBe(200);
    const id = response.headers.get("x-message-id") as string;
    const before = await readThenDrop(response, 4);
    const after = await readSse(await streamOf(b, id, { "Last-Event-ID": before.lastId }));
    expect(deltaText([...before.events, ...after.events])).toBe(composeAnswer("Started on A", 1));
    expect(after.events.at(-1)?.type).toBe("done");
  });

  it("stops on B an answer produced by A: A's reader ends with aborted and the upstream socket closes", async () => {
    const response = await post(a, ask("/demo slow", { resumable: true }));
    const id = response.headers.get("x-message-id") as string;
    const reading = readSse(response);
    const stop = await streamOf(b, id, {}, "DELETE");
    expect(stop.status).toBe(202);
    expect((await reading).events.at(-1)).toMatchObject({ type: "error", data: { code: "aborted" } });
    await vi.waitFor(() => expect(standin.openSockets()).toBe(0), { timeout: 2_000 });
  });

  it("ends B's reader with upstream_closed when A dies mid-answer, within the producer lease", async () => {
    const dying = await instance();
    const response = await post(dying, ask("/demo slow", { resumable: true }));
    const id = response.headers.get("x-message-id") as string;
    const onB = readSse(await streamOf(b, id));
    await dying.kill();
    const { events } = await onB;
    expect(events[0]?.type).toBe("start");
    expect(events.at(-1)).toMatchObject({ type: "error", data: { code: "upstream_closed" } });
    expect(events.filter((event) => event.type === "done")).toHaveLength(0);
  });

  it("shares the rate limit between instances", async () => {
    // An empty Redis: the earlier tests' requests from this address must not count here.
    await redis.stop();
    await redis.restart();
    const [limitedA, limitedB] = await Promise.all([instance({ WS_CHAT_RATE_LIMIT: "3/60" }), instance({ WS_CHAT_RATE_LIMIT: "3/60" })]);
    try {
      const statuses: number[] = [];
      for (const server of [limitedA, limitedA, limitedB, limitedB]) {
        const response = await post(server, ask("Count me"));
        statuses.push(response.status);
        await response.body?.cancel();
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await Promise.all([limitedA.stop(), limitedB.stop()]);
    }
  });

  it("answers 503 store_unavailable at once while Redis is down, and serves again when it is back", async () => {
    await redis.stop();
    const refused = await post(a, ask("Anyone there?", { resumable: true }));
    expect(refused.status).toBe(503);
    expect((await refused.json()).error.code).toBe("store_unavailable");
    await redis.restart();
    await vi.waitFor(
      async () => {
        const response = await post(a, ask("Back again", { resumable: true }));
        expect(response.status).toBe(200);
        expect(deltaText((await readSse(response)).events)).toBe(composeAnswer("Back again", 1));
      },
      { timeout: 10_000, interval: 250 },
    );
  });
});
