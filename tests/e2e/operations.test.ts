/**
 * What an operator meets under `next start`: the server's own output when clients go away or an
 * answer breaks off (one JSON line per request, never a stack trace), and an `Allow` header that
 * names only methods the route answers.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Standin } from "@/scripts/standin/server";
import { ask, readText } from "../support/chat-client";
import { startRouteWithStandin, type NextServer } from "./support/next-server";

const TOKEN = "e2e-operations-token-52";
const SSE = { Accept: "text/event-stream" };
let standin: Standin;
let server: NextServer;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ standin, server, stop } = await startRouteWithStandin({
    token: TOKEN,
    paceMs: 5,
    env: { WS_CHAT_MAX_STREAMS_PER_CLIENT: "100", WS_CHAT_RATE_LIMIT: "10000/60", WS_CHAT_METRICS_TOKEN: "metrics-e2e" },
  }));
});

afterAll(async () => {
  await stop?.();
});

function post(body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(`${server.url}/api/ws-chat`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
    signal,
  });
}

/** Reads the first piece of the answer, then goes away as Stop or a closed tab does. */
async function leaveAfterFirstText(body: unknown, headers: Record<string, string> = {}): Promise<void> {
  const abort = new AbortController();
  const response = await post(body, headers, abort.signal);
  expect(response.status).toBe(200);
  await (response.body as ReadableStream<Uint8Array>).getReader().read();
  abort.abort();
  await vi.waitFor(() => expect(standin.openSockets()).toBe(0), { timeout: 5_000 });
}

/** Goes away while the server is still collecting a `stream: false` answer. */
async function leaveBeforeJsonAnswer(): Promise<void> {
  const abort = new AbortController();
  const pending = post(ask("/demo slow", { stream: false }), {}, abort.signal).catch((error: unknown) => error);
  await vi.waitFor(() => expect(standin.openSockets()).toBe(1), { timeout: 5_000 });
  abort.abort();
  expect(await pending).toMatchObject({ name: "AbortError" });
  await vi.waitFor(() => expect(standin.openSockets()).toBe(0), { timeout: 5_000 });
}

/** The route's `ws-chat.stream` lines in `output`, as [format, outcome or code]. */
function streamLines(output: string): string[][] {
  return output
    .split("\n")
    .filter((line) => line.startsWith('{"event":"ws-chat.stream"'))
    .map((line) => JSON.parse(line) as { format: string; outcome: string; code?: string })
    .map((record) => [record.format, record.code ?? record.outcome]);
}

describe("the server's output when clients go away mid-answer", () => {
  it("is one JSON line per request, with no stack trace, uncaught exception or pipe error", async () => {
    const from = server.output().length;
    const since = () => server.output().slice(from);

    await leaveAfterFirstText(ask("/demo slow"), SSE);
    await leaveAfterFirstText(ask("/demo slow"), SSE);
    await leaveAfterFirstText(ask("/demo slow"));
    await leaveAfterFirstText(ask("/demo slow"));
    await leaveBeforeJsonAnswer();
    const broken = await readText(await post(ask("/fault drop-mid-answer")));
    // The contract stays: a plain-text answer that breaks off is a broken body, not a clean end.
    expect(broken.failed).toBe(true);
    expect(broken.text.length).toBeGreaterThan(0);
    // A whole answer last: its line comes after anything the earlier requests made the server print.
    expect((await readText(await post(ask("All done?")))).failed).toBe(false);
    await vi.waitFor(() => expect(streamLines(since())).toHaveLength(7), { timeout: 5_000 });

    expect(streamLines(since()).sort()).toEqual(
      [
        ["sse", "aborted"],
        ["sse", "aborted"],
        ["text", "aborted"],
        ["text", "aborted"],
        ["json", "aborted"],
        ["text", "upstream_closed"],
        ["text", "done"],
      ].sort(),
    );
    const output = since();
    expect(output).not.toContain("uncaughtException");
    expect(output).not.toContain("failed to pipe");
    expect(output).not.toContain("ECONNRESET");
    expect(output).not.toMatch(/^\s+at /m);
    const notOurLines = output.split("\n").filter((line) => line.trim() !== "" && !line.startsWith('{"event":"ws-chat.'));
    expect(notOurLines).toEqual([]);
  });
});

describe("OPTIONS under next start", () => {
  it.each([
    ["/api/ws-chat", "OPTIONS, POST"],
    ["/api/ws-chat/metrics", "GET, OPTIONS"],
  ])("%s lists only what it serves: %s", async (path, allow) => {
    const response = await fetch(`${server.url}${path}`, { method: "OPTIONS" });
    expect(response.status).toBe(204);
    expect(response.headers.get("allow")).toBe(allow);
  });

  it("answers a CORS preflight without advertising a method that answers 405", async () => {
    const response = await fetch(`${server.url}/api/ws-chat`, {
      method: "OPTIONS",
      headers: { Origin: "https://other.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    expect(response.status).toBe(204);
    const advertised = [response.headers.get("allow"), response.headers.get("access-control-allow-methods")]
      .filter((value): value is string => value !== null)
      .flatMap((value) => value.split(/,\s*/));
    expect(new Set(advertised)).toEqual(new Set(["OPTIONS", "POST"]));
  });

  it("answers 405 with the same Allow for a method the path does not serve", async () => {
    const get = await fetch(`${server.url}/api/ws-chat`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("OPTIONS, POST");
    const post = await fetch(`${server.url}/api/ws-chat/metrics`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, OPTIONS");
  });
});
