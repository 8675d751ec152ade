/**
 * The route as users meet it: a production build under `next start`, read over HTTP, with the
 * stand-in as CreateAI on a real socket.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { composeAnswer, type Standin } from "@/scripts/standin/server";
import { ask, deltaText, readSse, readText } from "../support/chat-client";
import { freePort, runNextStartUntilExit, startNextServer, startRouteWithStandin, type NextServer } from "./support/next-server";

const TOKEN = "e2e-secret-token-7781";
let standin: Standin;
let server: NextServer;

function post(body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(`${server.url}/api/ws-chat`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
    signal,
  });
}

let stop: () => Promise<void>;

beforeAll(async () => {
  ({ standin, server, stop } = await startRouteWithStandin({
    token: TOKEN,
    paceMs: 2,
    // One test client sends many requests here; the limits have tests of their own.
    env: { CREATE_AI_IDLE_TIMEOUT_MS: "1500", WS_CHAT_MAX_STREAMS_PER_CLIENT: "100", WS_CHAT_RATE_LIMIT: "10000/60" },
  }));
});

afterAll(async () => {
  await stop?.();
});

describe("/api/ws-chat under next start", () => {
  it("streams SSE events ending in done with the whole answer", async () => {
    const response = await post(ask("What is osmosis?"), { Accept: "text/event-stream", "Accept-Encoding": "gzip, br" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("content-encoding")).toBeNull();
    const { events } = await readSse(response);
    const expected = composeAnswer("What is osmosis?", 1);
    expect(events[0]).toMatchObject({ type: "start", data: { upstream: "createai" } });
    expect(deltaText(events)).toBe(expected);
    expect(events.at(-1)).toMatchObject({ type: "done", data: { text: expected } });
  });

  it("streams plain text uncompressed even when the client accepts gzip", async () => {
    const response = await post(ask("Plain please"), { "Accept-Encoding": "gzip, deflate, br" });
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(await readText(response)).toEqual({ text: composeAnswer("Plain please", 1), failed: false });
  });

  it("answers JSON when stream is false", async () => {
    const response = await post(ask("JSON please", { stream: false }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ text: composeAnswer("JSON please", 1), finishReason: "stop" });
  });

  it("breaks the plain-text body when the upstream drops mid-answer", async () => {
    const response = await post(ask("/fault drop-mid-answer"));
    expect(response.status).toBe(200);
    const { text, failed } = await readText(response);
    expect(failed).toBe(true);
    expect(text.length).toBeGreaterThan(0);
  });

  it("answers 504 when the upstream stays silent", async () => {
    const response = await post(ask("/fault silence"), { Accept: "text/event-stream" });
    expect(response.status).toBe(504);
    expect((await response.json()).error.code).toBe("upstream_timeout");
  });

  it("refuses bad input with 400 and never calls CreateAI", async () => {
    const before = standin.connectionAttempts();
    const response = await post({ messages: [{ role: "assistant", content: "x" }] });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: "bad_request" });
    const get = await fetch(`${server.url}/api/ws-chat`);
    expect(get.status).toBe(405);
    expect(standin.connectionAttempts()).toBe(before);
  });

  it("closes the upstream socket when the browser goes away mid-answer", async () => {
    const abort = new AbortController();
    const response = await post(ask("/demo slow"), { Accept: "text/event-stream" }, abort.signal);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    expect(standin.openSockets()).toBeGreaterThan(0);
    abort.abort();
    await vi.waitFor(() => expect(standin.openSockets()).toBe(0), { timeout: 5_000 });
  });

  it("serves 30 concurrent streams, each its own answer", async () => {
    const questions = Array.from({ length: 30 }, (_, i) => `Concurrent question ${i}`);
    const answers = await Promise.all(questions.map(async (q) => (await readText(await post(ask(q)))).text));
    expect(answers).toEqual(questions.map((q) => composeAnswer(q, 1)));
  });

  it("never lets the token reach the server's output", () => {
    expect(server.output()).not.toContain(TOKEN);
  });
});

describe("with no token, in production", () => {
  it("refuses to start: exits with 1 and names the missing variables and CREATE_AI_STANDIN", async () => {
    const { code, output } = await runNextStartUntilExit({ CREATE_AI_STANDIN_PORT: String(await freePort()) });
    expect(code).toBe(1);
    expect(output).toContain("CREATE_AI_API_TOKEN and CREATE_AI_PROJECT_ID are not set");
    expect(output).toContain("CREATE_AI_STANDIN=true");
  });
});

describe("with no token and CREATE_AI_STANDIN=true", () => {
  let local: NextServer;
  beforeAll(async () => {
    local = await startNextServer({ CREATE_AI_STANDIN: "true", CREATE_AI_STANDIN_PORT: String(await freePort()) });
  });
  afterAll(async () => {
    await local?.stop();
  });

  it("answers from the built-in stand-in and says so", async () => {
    const response = await fetch(`${local.url}/api/ws-chat`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(ask("Hello stand-in")),
    });
    const { events } = await readSse(response);
    expect(events[0]).toMatchObject({ type: "start", data: { upstream: "local" } });
    expect(events.at(-1)).toMatchObject({ type: "done", data: { text: composeAnswer("Hello stand-in", 1) } });
    expect(local.output()).toContain("local CreateAI stand-in");
  });

  it("answers /fault as an ordinary question: its commands are off without CREATE_AI_STANDIN_COMMANDS=true", async () => {
    const response = await fetch(`${local.url}/api/ws-chat`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(ask("/fault drop-mid-answer")),
    });
    const { events } = await readSse(response);
    expect(events.at(-1)).toMatchObject({ type: "done", data: { text: composeAnswer("/fault drop-mid-answer", 1) } });
  });
});
