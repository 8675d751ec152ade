/**
 * Resumable answers through the handler with the in-memory store, against the real stand-in:
 * resume after a dropped connection, several readers, stop from anywhere, the detached rule.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ChatHandlerOptions } from "@/lib/chat-stream/handler";
import { standinChatHandler } from "../support/standin-handler";
import { StoreUnavailableError } from "@/lib/answers/answer-store";
import { createMemoryAnswerStore } from "@/lib/answers/memory-answer-store";
import { composeAnswer, startStandin, type Standin } from "@/scripts/standin/server";
import { ask, chatRequest, deltaText, readSse, readText, readThenDrop } from "../support/chat-client";

const TOKEN = "resume-token-12";
let standin: Standin;

beforeAll(async () => {
  standin = await startStandin({ port: 0, token: TOKEN, paceMs: 15 });
});
afterAll(() => standin.close());

const handler = (env: Record<string, string> = {}, extra: Partial<ChatHandlerOptions> = {}) => standinChatHandler(standin, TOKEN, env, extra);

const sse = { accept: "text/event-stream" };
const streamUrl = (id: string, query = "") => `http://localhost/api/ws-chat/streams/${id}${query}`;
const get = (id: string, headers: Record<string, string> = {}, query = "") => new Request(streamUrl(id, query), { headers });

describe("resumable answers", () => {
  it("carry X-Message-Id, and a reader after the end replays the whole answer with the same ids", async () => {
    const chat = handler();
    const response = await chat(chatRequest(ask("Replay me", { resumable: true }), sse));
    const id = response.headers.get("x-message-id") as string;
    const first = await readSse(response);
    const replay = await readSse(await chat(get(id)));
    expect(replay.events).toEqual(first.events);
    expect(replay.ids).toEqual(first.ids);
    expect(deltaText(replay.events)).toBe(composeAnswer("Replay me", 1));
  });

  it("continue after a dropped connection from Last-Event-ID, without repeating or losing text", async () => {
    const chat = handler();
    const response = await chat(chatRequest(ask("Do not lose me", { resumable: true }), sse));
    const id = response.headers.get("x-message-id") as string;
    const before = await readThenDrop(response, 4);
    const after = await readSse(await chat(get(id, { "Last-Event-ID": before.lastId })));
    expect(after.ids[0]).toBe(String(Number(before.lastId) + 1));
    expect(deltaText([...before.events, ...after.events])).toBe(composeAnswer("Do not lose me", 1));
    expect(after.events.filter((event) => event.type === "done")).toHaveLength(1);
    expect(after.events.at(-1)?.type).toBe("done");
  });

  it("serve several readers at once, each the whole answer", async () => {
    const chat = handler();
    const response = await chat(chatRequest(ask("Watch with me", { resumable: true }), sse));
    const id = response.headers.get("x-message-id") as string;
    const [a, b, c] = await Promise.all([readSse(response), readSse(await chat(get(id))), readSse(await chat(get(id, {}, "?after=0")))]);
    for (const read of [a, b, c]) expect(deltaText(read.events)).toBe(composeAnswer("Watch with me", 1));
  });

  it("stop from another request: the upstream closes and every reader ends with aborted", async () => {
    const chat = handler();
    const response = await chat(chatRequest(ask("Stop me", { resumable: true }), sse));
    const id = response.headers.get("x-message-id") as string;
    const second = await chat(get(id));
    const stop = await chat(new Request(streamUrl(id), { method: "DELETE" }));
    expect(stop.status).toBe(202);
    const [a, b] = await Promise.all([readSse(response), readSse(second)]);
    for (const read of [a, b]) expect(read.events.at(-1)).toMatchObject({ type: "error", data: { code: "aborted" } });
    await vi.waitFor(() => expect(standin.openSockets()).toBe(0));
  });

  it("keep streaming when the caller goes away, and close the upstream once nobody reads for WS_CHAT_DETACHED_MS", async () => {
    const chat = handler({ WS_CHAT_DETACHED_MS: "150" });
    const response = await chat(chatRequest(ask("/demo slow", { resumable: true }), sse));
    const id = response.headers.get("x-message-id") as string;
    await readThenDrop(response, 2);
    expect(standin.openSockets()).toBeGreaterThan(0);
    await vi.waitFor(() => expect(standin.openSockets()).toBe(0), { timeout: 5_000 });
    const restResponse = await chat(get(id));
    expect(restResponse.status).toBe(200);
    const rest = await readSse(restResponse);
    expect(rest.events.at(-1)).toMatchObject({ type: "error", data: { code: "aborted" } });
  });

  it("keep the old rule without resumable: the caller going away closes the upstream at once", async () => {
    const chat = handler();
    const response = await chat(chatRequest(ask("/demo slow"), sse));
    expect(response.headers.get("x-message-id")).toEqual(expect.any(String));
    await readThenDrop(response, 2);
    await vi.waitFor(() => expect(standin.openSockets()).toBe(0));
    expect((await chat(get(response.headers.get("x-message-id") as string))).status).toBe(404);
  });

  it("resume plain text too: the same answer as a stream of events", async () => {
    const chat = handler();
    const response = await chat(chatRequest(ask("Plain and resumable", { resumable: true })));
    const id = response.headers.get("x-message-id") as string;
    expect(await readText(response)).toEqual({ text: composeAnswer("Plain and resumable", 1), failed: false });
    expect(deltaText((await readSse(await chat(get(id)))).events)).toBe(composeAnswer("Plain and resumable", 1));
  });
});

describe("the stream endpoints refuse", () => {
  it("an unknown id with 404 not_found, for GET and DELETE", async () => {
    const chat = handler();
    const unknown = "6f1c2a9e-0000-4000-8000-000000000000";
    for (const request of [get(unknown), new Request(streamUrl(unknown), { method: "DELETE" })]) {
      const response = await chat(request);
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe("not_found");
    }
  });

  it("another user's answer with 404, as if it did not exist", async () => {
    const chat = handler({}, { identify: (request) => ({ id: request.headers.get("x-user") ?? "nobody" }) });
    const post = chatRequest(ask("Mine only", { resumable: true }), sse);
    post.headers.set("x-user", "alice");
    const response = await chat(post);
    const id = response.headers.get("x-message-id") as string;
    expect((await chat(get(id, { "x-user": "mallory" }))).status).toBe(404);
    expect((await chat(new Request(streamUrl(id), { method: "DELETE", headers: { "x-user": "mallory" } }))).status).toBe(404);
    expect(deltaText((await readSse(await chat(get(id, { "x-user": "alice" })))).events)).toBe(composeAnswer("Mine only", 1));
    await readSse(response);
  });

  it("a Last-Event-ID that is not a count of events with 400", async () => {
    const chat = handler();
    const response = await chat(chatRequest(ask("Bad resume", { resumable: true }), sse));
    const id = response.headers.get("x-message-id") as string;
    expect((await chat(get(id, { "Last-Event-ID": "three" }))).status).toBe(400);
    await readSse(response);
  });

  it("a Last-Event-ID past a live answer's last event with 400, instead of a reader that never ends", async () => {
    const chat = handler();
    const response = await chat(chatRequest(ask("/demo slow", { resumable: true }), sse));
    const id = response.headers.get("x-message-id") as string;
    const refused = await chat(get(id, { "Last-Event-ID": "999" }));
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.message).toContain("past this answer's last event");
    await chat(new Request(streamUrl(id), { method: "DELETE" }));
    await readSse(response);
  });

  it("a store out of reach with 503 store_unavailable, for GET and DELETE alike", async () => {
    const down = () => Promise.reject(new StoreUnavailableError(new Error("connect ECONNREFUSED")));
    const store = { ...createMemoryAnswerStore(), info: down };
    const chat = handler({}, { answerStore: store });
    const id = "6f1c2a9e-0000-4000-8000-000000000000";
    for (const request of [get(id), new Request(streamUrl(id), { method: "DELETE" })]) {
      const response = await chat(request);
      expect(response.status).toBe(503);
      expect((await response.json()).error.code).toBe("store_unavailable");
    }
  });

  it("other methods with 405 naming GET and DELETE", async () => {
    const response = await handler()(new Request(streamUrl("6f1c2a9e-0000-4000-8000-000000000000"), { method: "PUT" }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("DELETE, GET, OPTIONS");
  });
});

describe("a resumable answer whose caller leaves before its id was sent", () => {
  it("ends at once: nobody could ever attach to it", async () => {
    const chat = handler({ WS_CHAT_DETACHED_MS: "60000" });
    const abort = new AbortController();
    const pending = chat(chatRequest(ask("/fault silence", { resumable: true }), { ...sse, signal: abort.signal }));
    await vi.waitFor(() => expect(standin.openSockets()).toBeGreaterThan(0));
    abort.abort();
    await vi.waitFor(() => expect(standin.openSockets()).toBe(0), { timeout: 2_000 });
    await pending.catch(() => undefined);
  });
});
