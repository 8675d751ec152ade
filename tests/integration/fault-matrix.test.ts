/**
 * Every upstream fault in every wire format, the AI SDK's included: exactly one terminal
 * outcome, the right code and status, and the partial text kept where some had arrived. Runs
 * under Node and Edge.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChatHandler } from "@/lib/chat-stream/handler";
import { silentLogger } from "@/lib/chat-stream/logger";
import { composeHugeAnswer, startStandin, type Standin } from "@/scripts/standin/server";
import { assemble, readChunks, textOf, transportFor } from "../support/ai-sdk-client";
import { ask, chatRequest, deltaText, readSse, readText } from "../support/chat-client";

const TOKEN = "matrix-token-4";
let standin: Standin;
let refusing: Standin;

beforeAll(async () => {
  standin = await startStandin({ port: 0, token: TOKEN, paceMs: 1 });
  refusing = await startStandin({ port: 0, token: TOKEN, fault: "refuse-handshake" });
});
afterAll(async () => {
  await standin.close();
  await refusing.close();
});

type Expectation =
  | { kind: "done"; text?: string; minChars?: number }
  | { kind: "fails-before-text"; status: number; code: string }
  | { kind: "fails-after-text"; status: number; code: string };

const ONE_MB_QUERY = "/bench chunks=16384 size=64 interval=0";

const FAULTS: Array<[string, () => Standin, string, Expectation]> = [
  ["refused handshake", () => refusing, "hi", { kind: "fails-before-text", status: 502, code: "upstream_unavailable|upstream_unauthorized" }],
  ["close before any frame", () => standin, "/fault close-before-frame", { kind: "fails-before-text", status: 502, code: "upstream_closed" }],
  ["drop mid-answer", () => standin, "/fault drop-mid-answer", { kind: "fails-after-text", status: 502, code: "upstream_closed" }],
  ["silence", () => standin, "/fault silence", { kind: "fails-before-text", status: 504, code: "upstream_timeout" }],
  ["gateway error frame", () => standin, "/fault gateway-error", { kind: "fails-before-text", status: 502, code: "upstream_error" }],
  ["timeout frame then more text", () => standin, "/fault gateway-timeout-then-text", { kind: "done" }],
  ["a 1 MB answer", () => standin, ONE_MB_QUERY, { kind: "done", minChars: 1024 * 1024 }],
  ["a frame over 128 KB", () => standin, "/fault huge-frame", { kind: "done", text: composeHugeAnswer(1) }],
];

const handlerFor = (server: Standin) =>
  createChatHandler({
    env: { CREATE_AI_API_TOKEN: TOKEN, CREATE_AI_PROJECT_ID: "p", CREATE_AI_WS_URL: server.url, CREATE_AI_IDLE_TIMEOUT_MS: "300", WS_CHAT_MAX_STREAMS_PER_CLIENT: "50" },
    logger: silentLogger,
  });

describe.each(FAULTS)("%s", (_name, server, query, expectation) => {
  it("SSE", async () => {
    const response = await handlerFor(server())(chatRequest(ask(query), { accept: "text/event-stream" }));
    if (expectation.kind === "fails-before-text") {
      expect(response.status).toBe(expectation.status);
      expect((await response.json()).error.code).toMatch(new RegExp(`^(${expectation.code})$`));
      return;
    }
    expect(response.status).toBe(200);
    const { events } = await readSse(response);
    const terminals = events.filter((event) => event.type === "done" || event.type === "error");
    expect(terminals).toHaveLength(1);
    expect(events.at(-1)).toBe(terminals[0]);
    if (expectation.kind === "done") {
      expect(terminals[0]).toMatchObject({ type: "done", data: { text: deltaText(events) } });
      if (expectation.text) expect(deltaText(events)).toBe(expectation.text);
      if (expectation.minChars) expect(deltaText(events).length).toBeGreaterThanOrEqual(expectation.minChars);
    } else {
      expect(terminals[0]).toMatchObject({ type: "error", data: { code: expectation.code } });
      expect(deltaText(events).length).toBeGreaterThan(0);
    }
  });

  it("plain text", async () => {
    const response = await handlerFor(server())(chatRequest(ask(query)));
    if (expectation.kind === "fails-before-text") {
      expect(response.status).toBe(expectation.status);
      expect((await response.json()).error.code).toMatch(new RegExp(`^(${expectation.code})$`));
      return;
    }
    expect(response.status).toBe(200);
    const { text, failed } = await readText(response);
    expect(failed).toBe(expectation.kind === "fails-after-text");
    expect(text.length).toBeGreaterThan(0);
    if (expectation.kind === "done" && expectation.text) expect(text).toBe(expectation.text);
    if (expectation.kind === "done" && expectation.minChars) expect(text.length).toBeGreaterThanOrEqual(expectation.minChars);
  });

  it("the AI SDK's UI message stream, read by its DefaultChatTransport", async () => {
    const messages = [{ id: "u1", role: "user" as const, parts: [{ type: "text" as const, text: query }] }];
    const sending = transportFor(handlerFor(server())).sendMessages({ chatId: "matrix", messages, trigger: "submit-message", messageId: undefined, abortSignal: undefined });
    if (expectation.kind === "fails-before-text") {
      // DefaultChatTransport throws a non-200 response's body: our JSON error.
      const error: Error = await sending.then(() => new Error("answered"), (thrown: Error) => thrown);
      expect(JSON.parse(error.message).error.code).toMatch(new RegExp(`^(${expectation.code})$`));
      return;
    }
    const chunks = await readChunks(await sending);
    const terminals = chunks.filter((chunk) => chunk.type === "finish" || chunk.type === "error");
    expect(terminals).toHaveLength(1);
    expect(chunks.at(-1)).toBe(terminals[0]);
    const { message } = await assemble(chunks);
    if (expectation.kind === "done") {
      expect(terminals[0]).toMatchObject({ type: "finish", finishReason: "stop" });
      if (expectation.text) expect(textOf(message)).toBe(expectation.text);
      if (expectation.minChars) expect(textOf(message).length).toBeGreaterThanOrEqual(expectation.minChars);
    } else {
      expect(terminals[0]?.type).toBe("error");
      expect(textOf(message).length).toBeGreaterThan(0);
    }
  });

  it("JSON", async () => {
    const response = await handlerFor(server())(chatRequest(ask(query, { stream: false })));
    const body = await response.json();
    if (expectation.kind === "done") {
      expect(response.status).toBe(200);
      expect(body.finishReason).toBe("stop");
      if (expectation.text) expect(body.text).toBe(expectation.text);
      if (expectation.minChars) expect(body.text.length).toBeGreaterThanOrEqual(expectation.minChars);
      return;
    }
    expect(response.status).toBe(expectation.status);
    expect(body.error.code).toMatch(new RegExp(`^(${expectation.code})$`));
    if (expectation.kind === "fails-after-text") expect(body.partialText.length).toBeGreaterThan(0);
    else expect(body.partialText).toBeUndefined();
  });
});
