/**
 * What each method gets on each path of the route, and the `Allow` header that tells a client
 * so: only methods that get a real answer are listed. Runs under Node and under the Edge runtime.
 */
import { describe, expect, it } from "vitest";
import { createChatHandler } from "@/lib/chat-stream/handler";
import { silentLogger } from "@/lib/chat-stream/logger";

let upstreamCalls = 0;

const handler = createChatHandler({
  env: {
    CREATE_AI_API_TOKEN: "methods-token",
    CREATE_AI_PROJECT_ID: "p",
    CREATE_AI_WS_URL: "ws://127.0.0.1:9",
    WS_CHAT_METRICS_TOKEN: "metrics-secret",
  },
  createSocket: () => {
    upstreamCalls += 1;
    throw new Error("no method test may reach CreateAI");
  },
  logger: silentLogger,
});

const CHAT = "http://study.example/api/ws-chat";
// `/api/ws-chat/metrics` reaches the handler rewritten to `?metrics`; both spellings are served.
const METRICS = "http://study.example/api/ws-chat/metrics";
const METRICS_REWRITTEN = "http://study.example/api/ws-chat?metrics";
// An AI SDK chat's `/api/ws-chat/{chatId}/stream` reaches it as `?chat-stream={chatId}`.
const CHAT_STREAM = "http://study.example/api/ws-chat/chat-1/stream";
const CHAT_STREAM_REWRITTEN = "http://study.example/api/ws-chat?chat-stream=chat-1";

function send(url: string, method: string, headers: Record<string, string> = {}) {
  return handler(new Request(url, { method, headers }));
}

describe("OPTIONS", () => {
  it.each([
    ["the chat path", CHAT, "OPTIONS, POST"],
    ["the metrics path", METRICS, "GET, OPTIONS"],
    ["the metrics path as rewritten", METRICS_REWRITTEN, "GET, OPTIONS"],
    ["an AI SDK chat's stream", CHAT_STREAM, "GET, OPTIONS"],
    ["an AI SDK chat's stream as rewritten", CHAT_STREAM_REWRITTEN, "GET, OPTIONS"],
  ])("on %s answers 204 with Allow: %s", async (_name, url, allow) => {
    const response = await send(url, "OPTIONS");
    expect(response.status).toBe(204);
    expect(response.headers.get("allow")).toBe(allow);
    expect(await response.text()).toBe("");
  });

  it("answers a CORS preflight with the same methods and opens no upstream connection", async () => {
    const before = upstreamCalls;
    const response = await send(CHAT, "OPTIONS", {
      Origin: "https://other.example",
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "content-type",
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("allow")).toBe("OPTIONS, POST");
    expect(response.headers.get("access-control-allow-methods")).toBeNull();
    expect(upstreamCalls).toBe(before);
  });
});

describe("methods a path does not serve", () => {
  it.each([
    [CHAT, "GET", "OPTIONS, POST", "use POST"],
    [CHAT, "PUT", "OPTIONS, POST", "use POST"],
    [CHAT, "PATCH", "OPTIONS, POST", "use POST"],
    [CHAT, "DELETE", "OPTIONS, POST", "use POST"],
    [METRICS, "POST", "GET, OPTIONS", "use GET"],
    [METRICS, "DELETE", "GET, OPTIONS", "use GET"],
    [CHAT_STREAM, "POST", "GET, OPTIONS", "use GET"],
    [CHAT_STREAM_REWRITTEN, "DELETE", "GET, OPTIONS", "use GET"],
  ])("%s %s → 405 with Allow: %s", async (url, method, allow, hint) => {
    const response = await send(url, method);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe(allow);
    expect((await response.json()).error).toMatchObject({ code: "bad_request", message: expect.stringContaining(hint) });
  });

  it("never lists a method that answers 405", async () => {
    for (const url of [CHAT, METRICS, CHAT_STREAM]) {
      const allowed = ((await send(url, "OPTIONS")).headers.get("allow") ?? "").split(", ");
      for (const method of allowed) {
        const response = await send(url, method, { Authorization: "Bearer metrics-secret" });
        expect(response.status, `${method} ${url}`).not.toBe(405);
      }
    }
    expect(upstreamCalls).toBe(0);
  });
});

describe("the metrics path with no metrics token", () => {
  it.each(["GET", "OPTIONS", "POST"])("answers %s with 404: the endpoint does not exist", async (method) => {
    const bare = createChatHandler({
      env: { CREATE_AI_API_TOKEN: "t", CREATE_AI_PROJECT_ID: "p", CREATE_AI_WS_URL: "ws://127.0.0.1:9" },
      logger: silentLogger,
    });
    expect((await bare(new Request(METRICS, { method }))).status).toBe(404);
  });
});

describe("an AI SDK chat's stream path", () => {
  it.each([
    ["as Next.js rewrites it", CHAT_STREAM_REWRITTEN],
    ["as the browser asks for it", CHAT_STREAM],
    ["for a chat named streams, which is not an answer's stream", "http://study.example/api/ws-chat/streams/stream"],
    ["with an escaped chat id", "http://study.example/api/ws-chat/chat%201/stream"],
    ["with a malformed escape, which names no chat", "http://study.example/api/ws-chat/chat%E0%A4%A/stream"],
  ])("answers GET %s with 204 when nothing streams there", async (_name, url) => {
    const response = await send(url, "GET");
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
  });

  it("leaves an answer's stream path as it was", async () => {
    expect((await send("http://study.example/api/ws-chat/streams/6f1c2a9e-0000-4000-8000-000000000000", "GET")).status).toBe(404);
    expect((await send("http://study.example/api/ws-chat/streams/%E0%A4%A", "GET")).status).toBe(404);
  });
});
