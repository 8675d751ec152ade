/**
 * How the route takes in a request body: refused with 413 the moment it passes
 * WS_CHAT_MAX_BODY_BYTES however much more the client sends, and refused with 408 when the
 * whole of it takes longer than WS_CHAT_BODY_TIMEOUT_MS. No CreateAI call either way.
 * Runs under Node and under the Edge runtime.
 */
import { describe, expect, it } from "vitest";
import { createChatHandler } from "@/lib/chat-stream/handler";
import { silentLogger } from "@/lib/chat-stream/logger";
import type { SocketFactory } from "@/lib/createai/socket";

interface Upload {
  body: ReadableStream<Uint8Array>;
  /** Bytes the route has pulled from the client so far. */
  bytesPulled(): number;
  /** Whether the route told the client to stop sending. */
  cancelled(): boolean;
}

/**
 * A chunked upload that never ends. Its cancel never settles, as the request body's does in
 * the Edge sandbox of `next start`: a route that awaits it never answers.
 */
function endlessUpload(nextChunk: () => Uint8Array | Promise<Uint8Array>): Upload {
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await nextChunk();
      if (cancelled) return;
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      cancelled = true;
      return new Promise<void>(() => undefined);
    },
  });
  return { body, bytesPulled: () => pulled, cancelled: () => cancelled };
}

const spaces = (count: number) => new TextEncoder().encode(" ".repeat(count));

/** `chunkBytes` more on every read, forever. */
const flood = (chunkBytes: number) => endlessUpload(() => spaces(chunkBytes));

/** One byte every `everyMs`, forever: a client holding the connection open under the size limit. */
const trickle = (everyMs: number) => endlessUpload(() => new Promise<Uint8Array>((resolve) => setTimeout(() => resolve(spaces(1)), everyMs)));

function post(body: ReadableStream<Uint8Array>): Request {
  return new Request("http://study.example/api/ws-chat", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Forwarded-For": "198.51.100.7" },
    body,
    duplex: "half",
  } as RequestInit);
}

function handler(env: Record<string, string>) {
  const sockets: string[] = [];
  const createSocket: SocketFactory = (url) => {
    sockets.push(url);
    throw new Error("a refused body must never reach CreateAI");
  };
  const chat = createChatHandler({ env: { CREATE_AI_API_TOKEN: "body-token", CREATE_AI_PROJECT_ID: "p", ...env }, createSocket, logger: silentLogger });
  return { chat, sockets };
}

describe("request body", () => {
  it("answers 413 at once to a chunked body that passes WS_CHAT_MAX_BODY_BYTES and never ends, and stops reading it", { timeout: 3_000 }, async () => {
    const { chat, sockets } = handler({ WS_CHAT_MAX_BODY_BYTES: "1000" });
    const upload = flood(300);
    const response = await chat(post(upload.body));

    expect(response.status).toBe(413);
    const { error } = await response.json();
    expect(error).toEqual({ code: "payload_too_large", message: expect.stringContaining("1000 bytes (WS_CHAT_MAX_BODY_BYTES)") });
    expect(upload.cancelled()).toBe(true);
    // The limit, one chunk past it, and at most one chunk the stream pulled ahead.
    expect(upload.bytesPulled()).toBeLessThanOrEqual(1000 + 2 * 300);
    expect(sockets).toEqual([]);
  });

  it("answers 408 to a body still arriving after WS_CHAT_BODY_TIMEOUT_MS, however small", { timeout: 3_000 }, async () => {
    const { chat, sockets } = handler({ WS_CHAT_BODY_TIMEOUT_MS: "200" });
    const upload = trickle(20);
    const response = await chat(post(upload.body));

    expect(response.status).toBe(408);
    const { error } = await response.json();
    expect(error).toEqual({ code: "bad_request", message: expect.stringContaining("200 ms (WS_CHAT_BODY_TIMEOUT_MS)") });
    // It was a trickle, not a stall: the limit is on the whole body, not on the gaps in it.
    expect(upload.bytesPulled()).toBeGreaterThan(1);
    expect(upload.cancelled()).toBe(true);
    expect(sockets).toEqual([]);
  });
});
