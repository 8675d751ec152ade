/**
 * An AI SDK chat across two app instances on one real Redis (createSharedStateChatHandler with
 * REDIS_URL), through the SDK's own `Chat` and `DefaultChatTransport`, against the real stand-in:
 * a resume, an end or a stop lands on whichever instance the load balancer picks.
 * Node only: ioredis needs TCP, which the Edge runtime lacks.
 */
import type { UIMessageChunk } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { SAFE_MESSAGE_BY_CODE } from "@/lib/chat-stream/errors";
import { silentLogger } from "@/lib/chat-stream/logger";
import { createSharedStateChatHandler, type SharedStateChatHandler } from "@/lib/shared-state/shared-state-handler";
import { composeAnswer, startStandin, type Standin } from "@/scripts/standin/server";
import { assemble, chatFor, chunkOrder, CHAT_URL, readChunks, textOf, transportFor } from "../support/ai-sdk-client";
import { hasRedisServer, REDIS_SERVER_PATH, startRedis, type RedisServer } from "../support/redis-server";

if (!hasRedisServer) console.warn(`!! SKIPPED: the AI SDK's Redis tests need ${REDIS_SERVER_PATH} (apt-get install -y redis-server)`);

const TOKEN = "ai-sdk-redis-token-3";

describe.skipIf(!hasRedisServer)("an AI SDK chat on two instances sharing Redis", () => {
  let standin: Standin;
  let redis: RedisServer;
  const handlers: SharedStateChatHandler[] = [];

  beforeAll(async () => {
    [standin, redis] = await Promise.all([startStandin({ port: 0, token: TOKEN, paceMs: 15 }), startRedis()]);
  });
  afterEach(async () => {
    await standin.whenIdle();
    await Promise.all(handlers.splice(0).map((handler) => handler.close()));
  });
  afterAll(async () => {
    await Promise.all([standin?.close(), redis?.stop()]);
  });

  function twoInstances(): [SharedStateChatHandler, SharedStateChatHandler] {
    const make = () => {
      const handler = createSharedStateChatHandler(
        {
          env: { CREATE_AI_API_TOKEN: TOKEN, CREATE_AI_PROJECT_ID: "p", CREATE_AI_WS_URL: standin.url, WS_CHAT_SESSION_SECRET: "s".repeat(32) },
          logger: silentLogger,
          identify: (request) => {
            const id = request.headers.get("x-user");
            return id ? { id } : null;
          },
        },
        { REDIS_URL: redis.url },
      );
      handlers.push(handler);
      return handler;
    };
    return [make(), make()];
  }

  it("resumes on B an answer asked on A, replayed from its start, and finds nothing once it ended", async () => {
    const [a, b] = twoInstances();
    const question = "Resume me elsewhere";
    const first = await transportFor(a).sendMessages({ chatId: "chat-ab", messages: [{ id: "u1", role: "user", parts: [{ type: "text", text: question }] }], trigger: "submit-message", messageId: undefined, abortSignal: undefined });
    const reader = first.getReader();
    await reader.read();
    await reader.cancel();

    const resumed = await transportFor(b).reconnectToStream({ chatId: "chat-ab" });
    const chunks = await readChunks(resumed as ReadableStream<UIMessageChunk>);
    expect(chunkOrder(chunks)).toEqual(["start", "start-step", "text-start", "text-delta…", "text-end", "finish-step", "finish"]);
    expect(textOf((await assemble(chunks)).message)).toBe(composeAnswer(question, 1));
    expect(await transportFor(a).reconnectToStream({ chatId: "chat-ab" })).toBeNull();
  });

  it("keeps a user's chat to that user on every instance, and stops it from B for real", async () => {
    const [a, b] = twoInstances();
    const chat = chatFor(a, "chat-owned", { headers: { "x-user": "alice" } });
    const sending = chat.sendMessage({ text: "/demo slow" });
    await vi.waitFor(() => expect(chat.status).toBe("streaming"));

    expect(await transportFor(b, { headers: { "x-user": "mallory" } }).reconnectToStream({ chatId: "chat-owned" })).toBeNull();
    expect(await transportFor(b).reconnectToStream({ chatId: "chat-owned" })).toBeNull();
    const messageId = chat.messages[1]?.id as string;
    const refused = await b(new Request(`${CHAT_URL}/streams/${messageId}`, { method: "DELETE", headers: { "x-user": "mallory" } }));
    expect(refused.status).toBe(404);

    const stop = await b(new Request(`${CHAT_URL}/streams/${messageId}`, { method: "DELETE", headers: { "x-user": "alice" } }));
    expect(stop.status).toBe(202);
    await sending;
    expect(chat.status).toBe("error");
    expect(chat.error?.message).toBe(SAFE_MESSAGE_BY_CODE.aborted);
    await vi.waitFor(() => expect(standin.openSockets()).toBe(0));
  });
});
