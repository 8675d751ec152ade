/**
 * The route as the AI SDK's `useChat` sees it, through the SDK's own `Chat` and
 * `DefaultChatTransport` (fetch calling the handler), against the real stand-in: answers, the
 * protocol's chunks and headers, failures, regenerate, resume, stop, and the route's guards and
 * sessions applied unchanged. Runs under Node and under the Edge runtime.
 */
import { pickSources } from "@/scripts/standin/sources";
import type { UIMessageChunk } from "ai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SAFE_MESSAGE_BY_CODE } from "@/lib/chat-stream/errors";
import type { ChatHandlerOptions } from "@/lib/chat-stream/handler";
import { standinChatHandler } from "../support/standin-handler";
import type { Logger, LogRecord } from "@/lib/chat-stream/logger";
import { composeAnswer, startStandin, type Standin } from "@/scripts/standin/server";
import {
  assemble,
  chatFor,
  chunkOrder,
  CHAT_URL,
  parseBody,
  readChunks,
  textOf,
  transportFor,
  uiBody,
  type ChatUIMessage,
} from "../support/ai-sdk-client";

const TOKEN = "ai-sdk-token-7";
let standin: Standin;

beforeAll(async () => {
  standin = await startStandin({ port: 0, token: TOKEN, paceMs: 15 });
});
afterAll(() => standin.close());

const handler = (env: Record<string, string> = {}, extra: Partial<ChatHandlerOptions> = {}) => standinChatHandler(standin, TOKEN, env, extra);

const byUser = (request: Request) => {
  const id = request.headers.get("x-user");
  return id ? { id } : null;
};

const userMessage = (text: string, id = "u1"): ChatUIMessage => ({ id, role: "user", parts: [{ type: "text", text }] });

function send(chat: ReturnType<typeof handler>, chatId: string, messages: ChatUIMessage[], trigger: "submit-message" | "regenerate-message" = "submit-message") {
  return transportFor(chat).sendMessages({ chatId, messages, trigger, messageId: undefined, abortSignal: undefined });
}

/** Reads `count` chunks, then drops the connection (a Wi-Fi blip, a reload). */
async function readThenDrop(stream: ReadableStream<UIMessageChunk>, count: number): Promise<UIMessageChunk[]> {
  const reader = stream.getReader();
  const chunks: UIMessageChunk[] = [];
  while (chunks.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  await reader.cancel();
  return chunks;
}

const STREAM_ORDER = ["start", "start-step", "text-start", "text-delta…", "text-end", "finish-step", "finish"];

describe("useChat against /api/ws-chat", () => {
  it("gets the stand-in's answer as one text part, with our message id and facts as metadata", async () => {
    const route = handler();
    const chat = chatFor(route, "chat-answer");
    await chat.sendMessage({ text: "What is entropy?" });

    expect(chat.status).toBe("ready");
    expect(chat.error).toBeUndefined();
    const answer = chat.messages[1];
    expect(answer?.role).toBe("assistant");
    expect(textOf(answer)).toBe(composeAnswer("What is entropy?", 1));
    expect(answer?.metadata).toMatchObject({
      sessionId: expect.stringMatching(/^s1\./),
      upstream: "createai",
      model: { provider: expect.any(String), name: expect.any(String) },
      timing: { totalMs: expect.any(Number) },
    });
    // The assistant message's id is the answer's: the one /streams/{id} serves.
    expect((await route(new Request(`http://localhost/api/ws-chat/streams/${answer?.id}`))).status).toBe(200);
  });

  it("sends start, start-step, text-start, text-delta…, text-end, finish-step, finish, then [DONE], with the protocol's headers", async () => {
    const response = await handler()(
      new Request(CHAT_URL, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(uiBody("chat-bytes", "Show me the bytes")) }),
    );
    expect(response.status).toBe(200);
    const messageId = response.headers.get("x-message-id");
    expect(Object.fromEntries(response.headers)).toEqual({
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
      "x-content-type-options": "nosniff",
      "x-vercel-ai-ui-message-stream": "v1",
      "x-message-id": expect.any(String),
      "x-session-id": expect.stringMatching(/^s1\./),
    });
    const text = await response.text();
    expect(text.startsWith(`data: {"type":"start","messageId":"${messageId}","messageMetadata":{`)).toBe(true);
    expect(text.endsWith("}}\n\ndata: [DONE]\n\n")).toBe(true);

    const chunks = await parseBody(new Response(text).body as ReadableStream<Uint8Array>);
    expect(chunkOrder(chunks)).toEqual(STREAM_ORDER);
    expect(textOf((await assemble(chunks)).message)).toBe(composeAnswer("Show me the bytes", 1));
  });

  it("ends an answer whose upstream dropped with an error chunk and no finish; useChat shows the safe message", async () => {
    const route = handler();
    const chunks = await readChunks(await send(route, "chat-drop", [userMessage("/fault drop-mid-answer")]));
    expect(chunkOrder(chunks)).toEqual(["start", "start-step", "text-start", "text-delta…", "error"]);
    expect(chunks.at(-1)).toEqual({ type: "error", errorText: SAFE_MESSAGE_BY_CODE.upstream_closed });

    const chat = chatFor(route, "chat-drop-2");
    await chat.sendMessage({ text: "/fault drop-mid-answer" });
    expect(chat.status).toBe("error");
    expect(chat.error?.message).toBe(SAFE_MESSAGE_BY_CODE.upstream_closed);
    expect(textOf(chat.messages[1]).length).toBeGreaterThan(0);
  });

  it("refuses an invalid body with 400 before any upstream call; useChat shows our JSON error", async () => {
    const chat = chatFor(handler(), "chat-invalid");
    const attempts = standin.connectionAttempts();
    await chat.sendMessage({ text: "   " });
    expect(chat.status).toBe("error");
    expect(JSON.parse(chat.error?.message ?? "")).toEqual({
      error: { code: "bad_request", message: "Invalid request: messages[0].parts the question must not be empty." },
    });
    expect(standin.connectionAttempts()).toBe(attempts);
  });

  it("fails before any text with the route's HTTP status and JSON error, as for every format", async () => {
    const route = handler({ CREATE_AI_IDLE_TIMEOUT_MS: "200" });
    await expect(send(route, "chat-silence", [userMessage("/fault silence")])).rejects.toThrow(/"code":"upstream_timeout"/);
    const chat = chatFor(route, "chat-silence-2");
    await chat.sendMessage({ text: "/fault silence" });
    expect(JSON.parse(chat.error?.message ?? "").error).toEqual({ code: "upstream_timeout", message: SAFE_MESSAGE_BY_CODE.upstream_timeout });
  });

  it("regenerates the last answer: the same question answered again, in place of the old answer", async () => {
    const route = handler();
    const chat = chatFor(route, "chat-regenerate");
    await chat.sendMessage({ text: "Again please" });
    const first = chat.messages[1];
    await chat.regenerate();

    expect(chat.status).toBe("ready");
    expect(chat.messages.map((message) => message.role)).toEqual(["user", "assistant"]);
    expect(chat.messages[1]?.id).not.toBe(first?.id);
    expect(textOf(chat.messages[1])).toBe(composeAnswer("Again please", 1));
    const asked = standin.requests.at(-1) as { query: string; model_params: Record<string, unknown> };
    expect(asked.query).toBe("Again please");
    expect(asked.model_params.history).toBeUndefined();
  });

  it("regenerates from a body that still ends with the answer being replaced", async () => {
    const answer: ChatUIMessage = { id: "a1", role: "assistant", parts: [{ type: "text", text: "An old answer." }] };
    const chunks = await readChunks(await send(handler(), "chat-regenerate-2", [userMessage("Once more"), answer], "regenerate-message"));
    expect(textOf((await assemble(chunks)).message)).toBe(composeAnswer("Once more", 1));
  });

  it("carries CreateAI's search sources as source parts", async () => {
    const chat = chatFor(handler(), "chat-sources", { body: { enableSearch: true } });
    const question = "Where is this in my notes?";
    await chat.sendMessage({ text: question });
    const parts = chat.messages[1]?.parts.filter((part) => part.type === "source-url" || part.type === "source-document") ?? [];
    // One part per source the stand-in found, a link where it has a URL.
    expect(parts.map((part) => (part.type === "source-url" ? part.url : part.title))).toEqual(
      pickSources(question).map((source) => source.source_url ?? source.source_name),
    );
    expect(parts.some((part) => part.type === "source-url")).toBe(true);
    expect(parts.some((part) => part.type === "source-document")).toBe(true);
  });
});

describe("resuming an AI SDK chat", () => {
  it("replays a dropped answer from its start and follows it live: reconnectToStream gets the whole answer", async () => {
    const route = handler();
    const question = "Do not lose me either";
    const before = await readThenDrop(await send(route, "chat-resume", [userMessage(question)]), 5);
    expect(before.at(-1)?.type).toBe("text-delta");

    const resumed = await transportFor(route).reconnectToStream({ chatId: "chat-resume" });
    expect(resumed).not.toBeNull();
    const chunks = await readChunks(resumed as ReadableStream<UIMessageChunk>);
    expect(chunks[0]).toEqual(before[0]);
    expect(chunkOrder(chunks)).toEqual(STREAM_ORDER);
    expect(textOf((await assemble(chunks)).message)).toBe(composeAnswer(question, 1));
  });

  it("rebuilds the answer in a new Chat after a reload (useChat's resume)", async () => {
    const route = handler();
    const question = "Reload me";
    await readThenDrop(await send(route, "chat-reload", [userMessage(question)]), 4);

    const reloaded = chatFor(route, "chat-reload", { messages: [userMessage(question)] });
    await reloaded.resumeStream();
    expect(reloaded.status).toBe("ready");
    expect(reloaded.messages.map((message) => message.role)).toEqual(["user", "assistant"]);
    expect(textOf(reloaded.messages[1])).toBe(composeAnswer(question, 1));
  });

  it("finds a chat whose id needs escaping in a URL, also when a rewrite copied it into the query", async () => {
    const route = handler();
    const chatId = "chat 1/ü?";
    const [start] = await readThenDrop(await send(route, chatId, [userMessage("/demo slow")]), 1);
    const [resumed] = await readThenDrop((await transportFor(route).reconnectToStream({ chatId })) as ReadableStream<UIMessageChunk>, 1);
    expect(resumed).toEqual(start);
    const escaped = encodeURIComponent(chatId);
    const rewritten = await route(new Request(`${CHAT_URL}/${escaped}/stream?chat-stream=${encodeURIComponent(escaped)}`));
    expect(rewritten.status).toBe(200);
    await rewritten.body?.cancel();
    await route(new Request(`${CHAT_URL}/streams/${(start as { messageId: string }).messageId}`, { method: "DELETE" }));
  });

  it("answers 204 when nothing streams for the chat, which reconnectToStream reads as null", async () => {
    const route = handler();
    const chat = chatFor(route, "chat-ended");
    await chat.sendMessage({ text: "Finish first" });
    for (const chatId of ["chat-ended", "chat-never-used"]) {
      const response = await route(new Request(`${CHAT_URL}/${chatId}/stream`));
      expect(response.status).toBe(204);
      expect(await response.text()).toBe("");
      expect(await transportFor(route).reconnectToStream({ chatId })).toBeNull();
    }
  });

  it("serves a chat's stream only to the user who asked (identify), and one user's chat id never reaches another's", async () => {
    const route = handler({}, { identify: byUser });
    const alice = transportFor(route, { headers: { "x-user": "alice" } });
    const aliceStream = await alice.sendMessages({ chatId: "shared-name", messages: [userMessage("/demo slow")], trigger: "submit-message", messageId: undefined, abortSignal: undefined });
    const [aliceStart] = await readThenDrop(aliceStream, 1);

    expect(await transportFor(route, { headers: { "x-user": "mallory" } }).reconnectToStream({ chatId: "shared-name" })).toBeNull();
    expect(await transportFor(route).reconnectToStream({ chatId: "shared-name" })).toBeNull();
    // Mallory's own chat of the same name is hers alone.
    const mallory = chatFor(route, "shared-name", { headers: { "x-user": "mallory" } });
    await mallory.sendMessage({ text: "Mine" });
    expect(textOf(mallory.messages[1])).toBe(composeAnswer("Mine", 1));

    const again = await alice.reconnectToStream({ chatId: "shared-name" });
    const [start] = await readThenDrop(again as ReadableStream<UIMessageChunk>, 1);
    expect(start).toEqual(aliceStart);
    const stop = await route(new Request(`${CHAT_URL}/streams/${(start as { messageId: string }).messageId}`, { method: "DELETE", headers: { "x-user": "alice" } }));
    expect(stop.status).toBe(202);
  });

  it("keeps the answer going when useChat's stop() only disconnects; DELETE /streams/{messageId} stops it for real", async () => {
    const route = handler();
    const chat = chatFor(route, "chat-stop");
    const sending = chat.sendMessage({ text: "/demo slow" });
    await vi.waitFor(() => expect(chat.status).toBe("streaming"));
    await chat.stop();
    await sending;
    expect(chat.status).toBe("ready");

    const resumed = await transportFor(route).reconnectToStream({ chatId: "chat-stop" });
    expect(resumed).not.toBeNull();
    const messageId = chat.messages[1]?.id as string;
    const stop = await route(new Request(`${CHAT_URL}/streams/${messageId}`, { method: "DELETE" }));
    expect(stop.status).toBe(202);
    const chunks = await readChunks(resumed as ReadableStream<UIMessageChunk>);
    expect(chunks.at(-1)).toEqual({ type: "error", errorText: SAFE_MESSAGE_BY_CODE.aborted });
    expect(chunks.some((chunk) => chunk.type === "finish")).toBe(false);
    await vi.waitFor(() => expect(standin.openSockets()).toBe(0));
    expect(await transportFor(route).reconnectToStream({ chatId: "chat-stop" })).toBeNull();
  });

  it("ends every reader with the aborted error when an answer is stopped from elsewhere", async () => {
    const route = handler();
    const chat = chatFor(route, "chat-stopped-elsewhere");
    const sending = chat.sendMessage({ text: "/demo slow" });
    await vi.waitFor(() => expect(chat.status).toBe("streaming"));
    await route(new Request(`${CHAT_URL}/streams/${chat.messages[1]?.id}`, { method: "DELETE" }));
    await sending;
    expect(chat.status).toBe("error");
    expect(chat.error?.message).toBe(SAFE_MESSAGE_BY_CODE.aborted);
  });
});

describe("the route's rules, unchanged for AI SDK requests", () => {
  it("refuses a page from another site with 403 before anything else", async () => {
    const chat = chatFor(handler(), "chat-origin", { headers: { Origin: "https://evil.example" } });
    const attempts = standin.connectionAttempts();
    await chat.sendMessage({ text: "hi" });
    expect(JSON.parse(chat.error?.message ?? "").error.code).toBe("forbidden");
    expect(standin.connectionAttempts()).toBe(attempts);
  });

  it("refuses a body over WS_CHAT_MAX_BODY_BYTES with 413", async () => {
    const chat = chatFor(handler({ WS_CHAT_MAX_BODY_BYTES: "2000" }), "chat-big");
    await chat.sendMessage({ text: "x".repeat(3000) });
    expect(JSON.parse(chat.error?.message ?? "").error.code).toBe("payload_too_large");
  });

  it("refuses a request over the rate limit with 429", async () => {
    const route = handler({ WS_CHAT_RATE_LIMIT: "1/60" });
    const chat = chatFor(route, "chat-rate");
    await chat.sendMessage({ text: "one" });
    await chat.sendMessage({ text: "two" });
    expect(JSON.parse(chat.error?.message ?? "").error.code).toBe("rate_limited");
  });

  it("starts a new session for each request, continues one the app passes back, and refuses one the route never issued", async () => {
    const chat = chatFor(handler(), "chat-sessions");
    await chat.sendMessage({ text: "First" });
    await chat.sendMessage({ text: "Second" });
    const [first, second] = [chat.messages[1], chat.messages[3]];
    expect(first?.metadata?.sessionId).not.toBe(second?.metadata?.sessionId);
    // The history still travels with the messages: the stand-in numbers turns by it.
    expect(textOf(second)).toBe(composeAnswer("Second", 2));

    await chat.sendMessage({ text: "Third" }, { body: { sessionId: second?.metadata?.sessionId } });
    expect(chat.messages[5]?.metadata?.sessionId).toBe(second?.metadata?.sessionId);
    expect((standin.requests.at(-1) as { session_id: string }).session_id).toBe(second?.metadata?.sessionId);

    await chat.sendMessage({ text: "Fourth" }, { body: { sessionId: "s1.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA" } });
    expect(JSON.parse(chat.error?.message ?? "").error).toMatchObject({ code: "bad_request", field: "sessionId" });
  });

  it("logs the answer like any other, as format ui and without the conversation", async () => {
    const records: LogRecord[] = [];
    const record = (entry: LogRecord) => records.push(entry);
    const logger: Logger = { info: record, warn: record, error: record };
    const chat = chatFor(handler({}, { logger }), "chat-logged");
    await chat.sendMessage({ text: "A private question" });
    await vi.waitFor(() => expect(records.find((entry) => entry.event === "ws-chat.stream")).toMatchObject({ format: "ui", outcome: "done", status: 200 }));
    expect(JSON.stringify(records)).not.toContain("private question");
  });
});
