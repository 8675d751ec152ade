/**
 * The route's handler against the real stand-in over a real socket. This file runs twice:
 * under Node (with the `ws` package) and under the Edge runtime's own WebSocket.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ChatError } from "@/lib/chat-stream/errors";
import { createChatHandler } from "@/lib/chat-stream/handler";
import type { LogRecord } from "@/lib/chat-stream/logger";
import { loadCreateAIConfig } from "@/lib/createai/config";
import { composeAnswer, composeHugeAnswer, startStandin, type Standin, type StandinOptions } from "@/scripts/standin/server";
import { ask, chatRequest, deltaText, readSse, readText } from "../support/chat-client";

const TOKEN = "test-token-Zq9";
const standins: Standin[] = [];
let standin: Standin;
const logs: LogRecord[] = [];
const logger = { info: (r: LogRecord) => logs.push(r), warn: (r: LogRecord) => logs.push(r), error: (r: LogRecord) => logs.push(r) };

async function upstream(options: StandinOptions = {}): Promise<Standin> {
  const server = await startStandin({ port: 0, token: TOKEN, paceMs: 1, ...options });
  standins.push(server);
  return server;
}

function handlerFor(server: Standin, env: Record<string, string> = {}) {
  return createChatHandler({
    env: {
      CREATE_AI_API_TOKEN: TOKEN,
      CREATE_AI_PROJECT_ID: "proj-1",
      CREATE_AI_WS_URL: server.url,
      CREATE_AI_IDLE_TIMEOUT_MS: "400",
      CREATE_AI_CONNECT_TIMEOUT_MS: "2000",
      // These tests are one client sending many requests; the caps have tests of their own.
      WS_CHAT_MAX_STREAMS_PER_CLIENT: "100",
      ...env,
    },
    logger,
  });
}

beforeAll(async () => {
  standin = await upstream();
});
afterEach(() => {
  expect(JSON.stringify(logs)).not.toContain(TOKEN);
  logs.length = 0;
});
afterAll(async () => {
  await Promise.all(standins.map((server) => server.close()));
});

describe("SSE", () => {
  it("streams start, deltas in order and one done holding the whole text", async () => {
    const response = await handlerFor(standin)(chatRequest(ask("What is a mitochondrion?"), { accept: "text/event-stream" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    const { events, ids } = await readSse(response);
    const expected = composeAnswer("What is a mitochondrion?", 1);
    expect(events[0]).toMatchObject({ type: "start", data: { upstream: "createai", model: { provider: "aws" } } });
    expect(events.filter((e) => e.type === "delta").length).toBeGreaterThan(10);
    expect(deltaText(events)).toBe(expected);
    expect(events.at(-1)).toMatchObject({ type: "done", data: { text: expected, finishReason: "stop" } });
    expect(events.filter((e) => e.type === "done" || e.type === "error")).toHaveLength(1);
    expect(ids).toEqual(events.map((_, index) => String(index + 1)));
  });

  it("ends with error, not done, when the socket drops mid-answer, keeping the text that came", async () => {
    const response = await handlerFor(standin)(chatRequest(ask("/fault drop-mid-answer"), { accept: "text/event-stream" }));
    expect(response.status).toBe(200);
    const { events } = await readSse(response);
    expect(deltaText(events).length).toBeGreaterThan(0);
    expect(events.some((e) => e.type === "done")).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: "error", data: { code: "upstream_closed", retryable: true } });
  });

  it("keeps streaming through the gateway's timeout notice and completes", async () => {
    const response = await handlerFor(standin)(chatRequest(ask("/fault gateway-timeout-then-text"), { accept: "text/event-stream" }));
    const { events } = await readSse(response);
    expect(events.at(-1)?.type).toBe("done");
    expect(deltaText(events)).not.toContain("timed out");
  });

  it("delivers a frame larger than 128 KB whole", async () => {
    const response = await handlerFor(standin)(chatRequest(ask("/fault huge-frame"), { accept: "text/event-stream" }));
    const { events } = await readSse(response);
    expect(events.at(-1)?.type).toBe("done");
    expect(deltaText(events)).toBe(composeHugeAnswer(1));
  });

  it("reports metadata before done when search asks for JSON frames", async () => {
    const response = await handlerFor(standin)(chatRequest(ask("Sources please", { enableSearch: true }), { accept: "text/event-stream" }));
    const { events } = await readSse(response);
    const types = events.map((e) => e.type);
    expect(types.at(-1)).toBe("done");
    expect(types.at(-2)).toBe("metadata");
    expect(standin.requests.at(-1)).toMatchObject({ response_format: { type: "json" }, model_params: { enable_search: true } });
  });
});

describe("plain text", () => {
  it("streams exactly the answer text, multi-byte characters intact", async () => {
    const response = await handlerFor(standin)(chatRequest(ask("Explain 学习 please 📚")));
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("x-session-id")).toBeTruthy();
    const { text, failed } = await readText(response);
    expect(failed).toBe(false);
    expect(text).toBe(composeAnswer("Explain 学习 please 📚", 1));
  });

  it("errors the body, rather than ending it cleanly, when the socket drops after text", async () => {
    const response = await handlerFor(standin)(chatRequest(ask("/fault drop-mid-answer")));
    expect(response.status).toBe(200);
    const { text, failed } = await readText(response);
    expect(failed).toBe(true);
    expect(text.length).toBeGreaterThan(0);
  });

  it("breaks the body as an abort that keeps the failure's code, so Next.js logs no pipe error", async () => {
    const response = await handlerFor(standin)(chatRequest(ask("/fault drop-mid-answer")));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const failure = await (async () => {
      for (;;) if ((await reader.read()).done) return undefined;
    })().catch((error: unknown) => error);
    // Next.js pipes an errored body by destroying the connection either way, but logs a stack
    // trace for any error not named AbortError (isAbortError in next/dist/server/pipe-readable.js).
    expect(failure).toBeInstanceOf(ChatError);
    expect(failure).toMatchObject({ name: "AbortError", code: "upstream_closed" });
  });

  it("answers with <EOS> appended to the last chunk, and a server that never closes", async () => {
    const server = await upstream({ eos: "appended", closeAfterEos: false });
    const { text, failed } = await readText(await handlerFor(server)(chatRequest(ask("Appended?"))));
    expect({ text, failed }).toEqual({ text: composeAnswer("Appended?", 1), failed: false });
    await vi.waitFor(() => expect(server.openSockets()).toBe(0));
  });
});

describe("JSON (stream: false)", () => {
  it("answers once with the whole text and ids", async () => {
    const response = await handlerFor(standin)(chatRequest(ask("Whole answer", { stream: false })));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ text: composeAnswer("Whole answer", 1), sessionId: expect.stringMatching(/^s1\./), finishReason: "stop" });
    expect(body.messageId).toEqual(expect.any(String));
  });

  it("answers 502 with the partial text when the socket drops mid-answer", async () => {
    const response = await handlerFor(standin)(chatRequest(ask("/fault drop-mid-answer", { stream: false })));
    expect(response.status).toBe(502);
    const body = await response.json();
    expect(body.error.code).toBe("upstream_closed");
    expect(body.partialText.length).toBeGreaterThan(0);
  });
});

// The fault-by-format matrix lives in fault-matrix.test.ts; these are the cases it does not hold.
describe("failures before any text", () => {
  it("502 with a generic message on an upstream error frame, never upstream's own words", async () => {
    const response = await handlerFor(standin)(chatRequest(ask("/fault error-frame")));
    expect(response.status).toBe(502);
    const { error } = await response.json();
    expect(error.code).toBe("upstream_error");
    expect(error.message).not.toContain("model could not");
  });

  it("502 without the token when the token is refused at the handshake", async () => {
    const response = await handlerFor(standin, { CREATE_AI_API_TOKEN: "wrong-token-Qx7" })(chatRequest(ask("hi")));
    expect(response.status).toBe(502);
    expect(await response.text()).not.toContain("wrong-token-Qx7");
    expect(JSON.stringify(logs)).not.toContain("wrong-token-Qx7");
  });

  it("502 upstream_unavailable when nothing listens", async () => {
    const server = await upstream();
    const handler = handlerFor(server);
    await server.close();
    const response = await handler(chatRequest(ask("anyone?")));
    expect(response.status).toBe(502);
    expect((await response.json()).error.code).toBe("upstream_unavailable");
  });
});

describe("bad input costs nothing", () => {
  it.each([
    ["invalid JSON", "{not json", 400, "bad_request", "not valid JSON"],
    ["no messages", { sessionId: "x" }, 400, "bad_request", "messages"],
    ["a bad role", { messages: [{ role: "robot", content: "x" }] }, 400, "bad_request", "messages[0].role"],
    ["temperature out of range", ask("x", { temperature: 2 }), 400, "bad_request", "temperature"],
    ["a body over the limit", ask("x".repeat(1100 * 1024)), 413, "payload_too_large", "1048576 bytes"],
    ["a query over CreateAI's 128 KB message limit", ask("学".repeat(32_000), { systemPrompt: "学".repeat(16_000) }), 413, "payload_too_large", "131072 bytes"],
  ])("%s → %i %s, and no upstream connection", async (_name, body, status, code, fragment) => {
    const before = standin.connectionAttempts();
    const response = await handlerFor(standin)(chatRequest(body));
    expect(response.status).toBe(status);
    const json = await response.json();
    expect(json.error.code).toBe(code);
    expect(json.error.message).toContain(fragment);
    expect(standin.connectionAttempts()).toBe(before);
  });

  it("405 with Allow: OPTIONS, POST for other methods", async () => {
    const response = await handlerFor(standin)(chatRequest(undefined, { method: "GET" }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("OPTIONS, POST");
    expect((await response.json()).error.message).toContain("use POST");
  });
});

describe("cancellation and concurrency", () => {
  it("closes the upstream socket at once when the reader cancels mid-answer", async () => {
    const server = await upstream({ paceMs: 20 });
    const response = await handlerFor(server)(chatRequest(ask("A long one"), { accept: "text/event-stream" }));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    expect(server.openSockets()).toBe(1);
    await reader.cancel();
    await server.whenIdle();
    expect(server.openSockets()).toBe(0);
    await vi.waitFor(() => expect(logs.some((r) => r.code === "aborted")).toBe(true));
  });

  it("closes the upstream socket when the request is aborted before any text", async () => {
    const server = await upstream({ paceMs: 50 });
    const abort = new AbortController();
    // A silent upstream: no text can arrive before the abort, however slow the machine.
    const pending = handlerFor(server)(chatRequest(ask("/fault silence"), { signal: abort.signal }));
    await vi.waitFor(() => expect(server.openSockets()).toBe(1));
    abort.abort();
    const response = await pending;
    expect(response.status).toBe(499);
    await server.whenIdle();
  });

  it("keeps 20 concurrent streams apart", async () => {
    const handler = handlerFor(standin);
    const questions = Array.from({ length: 20 }, (_, i) => `Question number ${i}`);
    const texts = await Promise.all(questions.map(async (q) => (await readText(await handler(chatRequest(ask(q))))).text));
    expect(texts).toEqual(questions.map((q) => composeAnswer(q, 1)));
    await standin.whenIdle();
  });

  it("sends earlier turns as history, so the stand-in counts the turn", async () => {
    const messages = [
      { role: "user", content: "first" },
      { role: "assistant", content: "one" },
      { role: "user", content: "second" },
    ];
    const { text } = await readText(await handlerFor(standin)(chatRequest({ messages })));
    expect(text).toBe(composeAnswer("second", 2));
    expect(standin.requests.at(-1)).toMatchObject({ model_params: { history: [{ query: "first", response: "one" }] } });
  });
});

describe("configuration", () => {
  it("answers 500 naming the missing variable, and opens nothing", async () => {
    const before = standin.connectionAttempts();
    const handler = createChatHandler({ env: { CREATE_AI_API_TOKEN: TOKEN, CREATE_AI_WS_URL: standin.url }, logger });
    const response = await handler(chatRequest(ask("hi")));
    expect(response.status).toBe(500);
    expect((await response.json()).error.message).toContain("CREATE_AI_PROJECT_ID");
    expect(standin.connectionAttempts()).toBe(before);
  });

  it("labels the local stand-in as such", async () => {
    const config = { ...loadCreateAIConfig({ CREATE_AI_WS_URL: standin.url }), token: TOKEN };
    const response = await createChatHandler({ config, logger })(chatRequest(ask("local?"), { accept: "text/event-stream" }));
    const { events } = await readSse(response);
    expect(events[0]).toMatchObject({ type: "start", data: { upstream: "local" } });
  });
});
