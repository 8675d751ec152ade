/**
 * The public face existing Study Coach server code imports, against the real stand-in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "@/lib/chat-stream/logger";
import { loadCreateAIConfig } from "@/lib/createai/config";
import { defaultSocketFactory } from "@/lib/createai/socket";
import { ChatError, StreamResponse, chatWithWebSocket, createWebSocketPayload } from "@/lib/createAIWebsocket";
import { composeAnswer, startStandin, type Standin } from "@/scripts/standin/server";

const TOKEN = "lib-token-55";
let standin: Standin;
let options: Parameters<typeof chatWithWebSocket>[1];

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

beforeAll(async () => {
  standin = await startStandin({ port: 0, token: TOKEN, paceMs: 1 });
  options = {
    config: loadCreateAIConfig({ CREATE_AI_API_TOKEN: TOKEN, CREATE_AI_PROJECT_ID: "p", CREATE_AI_WS_URL: standin.url, CREATE_AI_IDLE_TIMEOUT_MS: "300" }),
    createSocket: await defaultSocketFactory(),
    logger: silentLogger,
  };
});
afterAll(() => standin.close());

describe("chatWithWebSocket", () => {
  it("resolves to a stream of exactly the answer text", async () => {
    const stream = await chatWithWebSocket("What is photosynthesis?", options);
    expect(await readAll(stream)).toBe(composeAnswer("What is photosynthesis?", 1));
  });

  it("passes history, so the answer knows the turn", async () => {
    const stream = await chatWithWebSocket("And then?", { ...options, history: [{ query: "First", response: "One" }] });
    expect(await readAll(stream)).toBe(composeAnswer("And then?", 2));
    expect(standin.requests.at(-1)).toMatchObject({ model_params: { history: [{ query: "First", response: "One" }] } });
  });

  it("rejects with a ChatError when nothing was answered", async () => {
    const failure = chatWithWebSocket("/fault gateway-error", options);
    await expect(failure).rejects.toBeInstanceOf(ChatError);
    await expect(failure).rejects.toMatchObject({ code: "upstream_error" });
  });

  it("errors the stream, rather than ending it, when the answer breaks off", async () => {
    const stream = await chatWithWebSocket("/fault drop-mid-answer", options);
    await expect(readAll(stream)).rejects.toMatchObject({ code: "upstream_closed" });
  });

  it("closes the upstream socket when the caller's signal aborts", async () => {
    const abort = new AbortController();
    const stream = await chatWithWebSocket("/demo slow", { ...options, signal: abort.signal });
    const reader = stream.getReader();
    await reader.read();
    abort.abort();
    await standin.whenIdle();
    expect(standin.openSockets()).toBe(0);
  });

  it("refuses an empty prompt without calling CreateAI", async () => {
    const before = standin.connectionAttempts();
    await expect(chatWithWebSocket("  ", options)).rejects.toMatchObject({ code: "bad_request" });
    expect(standin.connectionAttempts()).toBe(before);
  });
});

describe("createWebSocketPayload and StreamResponse", () => {
  it("builds the payload callers used to build by hand", () => {
    const payload = createWebSocketPayload("Hi", {
      ...options,
      modelProvider: "openai",
      modelName: "gpt4o",
      sessionId: "s1",
      systemPrompt: "Be brief.",
      context: "Chapter 3 notes",
      temperature: 0.5,
    });
    expect(payload).toMatchObject({
      action: "query",
      query: "Hi",
      session_id: "s1",
      project_id: "p",
      model_provider: "openai",
      model_name: "gpt4o",
      model_params: { temperature: 0.5 },
    });
    expect(payload.model_params.system_prompt).toContain("Be brief.");
    expect(payload.model_params.system_prompt).toContain("Chapter 3 notes");
  });

  it("wraps a stream in a plain-text response that no proxy buffers", async () => {
    const response = new StreamResponse(new Response("abc").body as ReadableStream<Uint8Array>, { headers: { "X-Extra": "1" } });
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(response.headers.get("x-extra")).toBe("1");
    expect(await response.text()).toBe("abc");
  });
});

describe("chatWithWebSocket and CreateAI's message limit", () => {
  it("rejects a query over 128 KB before opening a socket", async () => {
    const before = standin.connectionAttempts();
    await expect(chatWithWebSocket("学".repeat(40_000), { ...options, systemPrompt: "学".repeat(10_000) })).rejects.toMatchObject({ code: "payload_too_large" });
    expect(standin.connectionAttempts()).toBe(before);
  });
});
