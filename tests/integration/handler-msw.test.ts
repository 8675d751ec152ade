/**
 * The handler against msw's WebSocket interception: exact frame sequences, including ones the
 * stand-in would never send, scripted per test. Runs under Node and under the Edge runtime.
 */
import { http, HttpResponse, ws } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createChatHandler } from "@/lib/chat-stream/handler";
import { silentLogger } from "@/lib/chat-stream/logger";
import type { SocketLike } from "@/lib/createai/socket";
import { ask, chatRequest, deltaText, readSse, readText } from "../support/chat-client";

// Node 20 has no global WebSocket for msw to intercept; lend it the `ws` client.
if (typeof (globalThis as { WebSocket?: unknown }).WebSocket !== "function") {
  const { WebSocket } = await import("ws");
  Object.defineProperty(globalThis, "WebSocket", { value: WebSocket, configurable: true, writable: true });
}

const UPSTREAM = "wss://apiws-main.aiml.asu.edu/";
const createai = ws.link(`${UPSTREAM}*`);
const server = setupServer();
const received: string[] = [];

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  received.length = 0;
});
afterAll(() => server.close());

/** Plays `frames` after the query arrives; `then` decides how the socket ends. */
function upstreamPlays(frames: string[], then: "nothing" | "close" = "nothing") {
  server.use(
    createai.addEventListener("connection", ({ client }) => {
      client.addEventListener("message", (event) => {
        received.push(String(event.data));
        for (const frame of frames) client.send(frame);
        // msw delivers sent frames in microtasks; close after them, as a real socket would.
        if (then === "close") queueMicrotask(() => client.close(1000));
      });
    }),
  );
}

const handler = (env: Record<string, string> = {}) =>
  createChatHandler({
    env: { CREATE_AI_API_TOKEN: "msw-token", CREATE_AI_PROJECT_ID: "p", CREATE_AI_IDLE_TIMEOUT_MS: "300", ...env },
    // Constructed at call time so msw's patched global is the one used.
    createSocket: (url) => new (globalThis as unknown as { WebSocket: new (u: string) => SocketLike }).WebSocket(url),
    logger: silentLogger,
    pingIntervalMs: 20,
  });

describe("handler with msw WebSocket interception", () => {
  it("sends one query with the payload CreateAI documents", async () => {
    upstreamPlays(["ok<EOS>"]);
    const response = await handler()(chatRequest(ask("Define entropy", { temperature: 0.2 })));
    const issuedSession = response.headers.get("x-session-id");
    await readText(response);
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0] ?? "")).toMatchObject({
      action: "query",
      request_source: "override_params",
      query: "Define entropy",
      session_id: issuedSession,
      project_id: "p",
      model_provider: "aws",
      model_name: "claude4_5_sonnet",
      model_params: { temperature: 0.2 },
    });
  });

  it.each([
    ["<EOS> alone", ["Hel", "lo", "<EOS>"], "Hello"],
    ["<EOS> appended", ["Hel", "lo<EOS>"], "Hello"],
    ["<EOS> inside JSON", ['{"response":"Hel"}', '{"response":"lo"}', '{"response":"<EOS>","metadata":{"x":1}}'], "Hello"],
    ["text frames from an upstream that ignores the JSON request", ["Hel", "lo<EOS>"], "Hello"],
    ["a split emoji-free CJK answer", ["学", "习", "🙂", "<EOS>"], "学习🙂"],
    ["a timeout notice mid-answer", ["one ", '{"message":"Endpoint request timed out","connectionId":"c","requestId":"r"}', "two<EOS>"], "one two"],
  ])("completes on %s", async (_name, frames, text) => {
    upstreamPlays(frames);
    const { events } = await readSse(await handler()(chatRequest(ask("q"), { accept: "text/event-stream" })));
    expect(deltaText(events)).toBe(text);
    expect(events.at(-1)).toMatchObject({ type: "done", data: { text } });
  });

  it("ends with upstream_closed, never done, when the socket closes without <EOS>", async () => {
    upstreamPlays(["partial ", "answer"], "close");
    const { events } = await readSse(await handler()(chatRequest(ask("q"), { accept: "text/event-stream" })));
    expect(deltaText(events)).toBe("partial answer");
    expect(events.at(-1)).toMatchObject({ type: "error", data: { code: "upstream_closed" } });
  });

  it("sends : ping comments while the answer is slow", async () => {
    server.use(
      createai.addEventListener("connection", ({ client }) => {
        client.addEventListener("message", () => {
          client.send("first ");
          setTimeout(() => client.send("second<EOS>"), 120);
        });
      }),
    );
    const { comments, events } = await readSse(await handler()(chatRequest(ask("q"), { accept: "text/event-stream" })));
    expect(comments.filter((comment) => comment.trim() === "ping").length).toBeGreaterThan(0);
    expect(events.at(-1)?.type).toBe("done");
  });

  it("answers 429 rate_limited when CreateAI reports the project's rate limit", async () => {
    upstreamPlays(['{"error":"This project has exceeded its rate limit","error_type":"RateLimitError"}']);
    const response = await handler()(chatRequest(ask("q")));
    expect(response.status).toBe(429);
    expect((await response.json()).error.code).toBe("rate_limited");
  });
});

describe("REST fallback", () => {
  it("answers from REST /query when the socket is refused and the fallback is on", async () => {
    server.use(
      createai.addEventListener("connection", ({ client }) => client.close(1008, "refused")),
      http.post("https://api-main.aiml.asu.edu/query", async ({ request }) => {
        expect(request.headers.get("authorization")).toBe("Bearer msw-token");
        const body = (await request.json()) as Record<string, unknown>;
        expect(body).toMatchObject({ query: "q", request_source: "override_params" });
        return HttpResponse.json({ response: "From REST.", metadata: { model_details: { inference_model: "m" } } });
      }),
    );
    const { events } = await readSse(await handler({ CREATE_AI_REST_FALLBACK: "true" })(chatRequest(ask("q"), { accept: "text/event-stream" })));
    expect(events.at(-1)).toMatchObject({ type: "done", data: { text: "From REST." } });
  });

  it("stays off by default", async () => {
    server.use(createai.addEventListener("connection", ({ client }) => client.close(1008, "refused")));
    const response = await handler()(chatRequest(ask("q")));
    expect(response.status).toBe(502);
  });
});
