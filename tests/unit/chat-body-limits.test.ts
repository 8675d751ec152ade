/**
 * The body limits instrumentation.ts puts on /api/ws-chat…, against a real server and a real
 * client connection. The server stands in for the route under `next start` on the Edge runtime:
 * it reads the body as the route does but answers only once the body has ended, as Next.js does.
 * The full story, with Next.js around it, is tests/e2e/security.test.ts.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { endBodyAtLimits, endChatBodiesAtRouteLimits, ROUTE_DEADLINE_GRACE_MS } from "@/lib/node/chat-body-limits";
import { createManualClock } from "../support/manual-clock";

const LIMITS = { maxBytes: 1_000, timeoutMs: 500 };

let server: http.Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** What the route saw of a request's body by the time it could answer. */
interface Seen {
  received: number;
  stoppedReading: boolean;
}

/**
 * The route as Next.js runs it on the Edge runtime: refuses a body over the limit (by its declared
 * length, or on the chunk that passes it) or slower than its deadline, but can answer only once
 * the body has ended.
 */
async function routeBehindTheDrain(clock = createManualClock()): Promise<{ port: number; seen: Seen[]; received: () => number }> {
  const seen: Seen[] = [];
  let received = 0;
  server = http.createServer((request, response) => {
    endBodyAtLimits(request, response, LIMITS, clock);
    received = 0;
    let status = Number(request.headers["content-length"]) > LIMITS.maxBytes ? 413 : 200;
    const deadline = clock.setTimeout(() => (status = 408), LIMITS.timeoutMs);
    request.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > LIMITS.maxBytes) status = 413;
    });
    request.on("end", () => {
      clock.clearTimeout(deadline);
      seen.push({ received, stoppedReading: request.socket.isPaused() });
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ received }));
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, seen, received: () => received };
}

/** An upload that sends `body` and never ends (chunked unless `headers` declare a length); resolves with the answer. */
function uploadThatNeverEnds(port: number, body: Readable, headers: http.OutgoingHttpHeaders = {}): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const upload = http.request({ port, host: "127.0.0.1", method: "POST", agent: false, headers }, (response) => {
      response.resume();
      response.once("end", () => {
        upload.destroy();
        resolve(response);
      });
    });
    upload.on("error", (error) => (upload.destroyed ? undefined : reject(error)));
    upload.flushHeaders();
    body.pipe(upload, { end: false });
  });
}

/** 100-byte chunks, as many as the connection takes, for ever. */
function endlessBody(): Readable {
  return Readable.from(
    (function* () {
      for (;;) yield Buffer.alloc(100, "x");
    })(),
  );
}

describe("a body passing the route's limit", () => {
  it("ends right after the chunk that passes it, so the refusal leaves while the client still sends", async () => {
    const { port, seen } = await routeBehindTheDrain();
    const answer = await uploadThatNeverEnds(port, endlessBody());
    expect(answer.statusCode).toBe(413);
    expect(answer.headers.connection).toBe("close");
    const [route] = seen;
    expect(route?.received).toBeGreaterThan(LIMITS.maxBytes);
    // Nothing past the chunk that passed the limit (the parser's chunks are at most 64 KiB).
    expect(route?.received).toBeLessThanOrEqual(LIMITS.maxBytes + 64 * 1024);
    expect(route?.stoppedReading).toBe(true);
  });

  it("ends before a byte is read when its declared length is over the limit", async () => {
    const { port, seen } = await routeBehindTheDrain();
    const answer = await uploadThatNeverEnds(port, new Readable({ read() {} }), { "Content-Length": LIMITS.maxBytes + 1 });
    expect(answer.statusCode).toBe(413);
    expect(answer.headers.connection).toBe("close");
    expect(seen).toMatchObject([{ received: 0 }]);
  });
});

describe("a body still arriving past the route's deadline", () => {
  it("ends ROUTE_DEADLINE_GRACE_MS after the route's own deadline, so the route's 408 leaves then", async () => {
    const clock = createManualClock();
    const { port, seen, received } = await routeBehindTheDrain(clock);
    const sent = new Readable({ read() {} });
    const answer = uploadThatNeverEnds(port, sent, { "Transfer-Encoding": "chunked" });
    sent.push("{");
    await vi.waitFor(() => expect(received()).toBe(1));
    // The route's deadline and this one's, both counted from when the body started being read.
    expect(clock.pendingTimers()).toBe(2);

    clock.advance(LIMITS.timeoutMs);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(ROUTE_DEADLINE_GRACE_MS - 1);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(1);
    expect(clock.pendingTimers()).toBe(0);

    const { statusCode, headers } = await answer;
    expect(statusCode).toBe(408);
    expect(headers.connection).toBe("close");
    expect(seen).toMatchObject([{ received: 1 }]);
  });
});

describe("a body within the limits", () => {
  it("is left alone: every byte, the connection kept, no timer left", async () => {
    const clock = createManualClock();
    const { port, seen } = await routeBehindTheDrain(clock);
    const response = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "x".repeat(LIMITS.maxBytes) });
    expect(response.status).toBe(200);
    expect(response.headers.get("connection")).toBe("keep-alive");
    expect(await response.json()).toEqual({ received: LIMITS.maxBytes });
    expect(seen).toEqual([{ received: LIMITS.maxBytes, stoppedReading: false }]);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe("a route that answered before the body ended (the Node.js runtime)", () => {
  it("gets its connection closed once the body passes the limit, instead of read to the end", async () => {
    server = http.createServer((request, response) => {
      endBodyAtLimits(request, response, LIMITS, createManualClock());
      response.writeHead(413, { "Content-Type": "application/json" });
      response.end("{}");
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;

    const closed = new Promise<number | undefined>((resolve) => {
      const upload = http.request({ port, host: "127.0.0.1", method: "POST", agent: false }, (response) => {
        response.resume();
        upload.socket?.once("close", () => resolve(response.statusCode));
      });
      upload.on("error", () => undefined);
      endlessBody().pipe(upload, { end: false });
    });
    expect(await closed).toBe(413);
  });
});

describe("the hook instrumentation.ts installs", () => {
  // Installed for the rest of this process, as under `next start`.
  it("puts the route's WS_CHAT_MAX_BODY_BYTES on /api/ws-chat… only", async () => {
    endChatBodiesAtRouteLimits({ WS_CHAT_MAX_BODY_BYTES: String(LIMITS.maxBytes) });
    server = http.createServer((request, response) => {
      let received = 0;
      request.on("data", (chunk: Buffer) => (received += chunk.length));
      request.on("end", () => response.end(String(received)));
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const postTooMuch = (path: string) => fetch(`http://127.0.0.1:${port}${path}`, { method: "POST", body: "x".repeat(LIMITS.maxBytes + 1) });

    const [chat, stream, elsewhere] = await Promise.all([postTooMuch("/api/ws-chat"), postTooMuch("/api/ws-chat/streams/a1"), postTooMuch("/api/other")]);
    expect(await chat.text()).toBe("0");
    expect(chat.headers.get("connection")).toBe("close");
    expect(await stream.text()).toBe("0");
    expect(await elsewhere.text()).toBe(String(LIMITS.maxBytes + 1));
    expect(elsewhere.headers.get("connection")).toBe("keep-alive");
  });
});
