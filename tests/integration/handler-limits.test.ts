/**
 * Every limit and refusal of the route: status, code, a message naming the cause and the
 * limit, and no CreateAI call. Runs under Node and under the Edge runtime.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { StoreUnavailableError } from "@/lib/answers/answer-store";
import { createStreamSlots, type StreamSlots } from "@/lib/chat-stream/guards/stream-slots";
import { createChatHandler, type ChatHandlerOptions } from "@/lib/chat-stream/handler";
import type { LogRecord } from "@/lib/chat-stream/logger";
import { startStandin, type Standin } from "@/scripts/standin/server";
import { createManualClock } from "../support/manual-clock";
import { ask, readSse, readText } from "../support/chat-client";

const TOKEN = "limits-token-31";
let standin: Standin;
let logs: LogRecord[] = [];

beforeAll(async () => {
  standin = await startStandin({ port: 0, token: TOKEN, paceMs: 1 });
});
afterAll(() => standin.close());

function handler(env: Record<string, string> = {}, extra: ChatHandlerOptions = {}) {
  // Each handler logs into its own array: a previous test's cancelled stream may still log.
  const mine: LogRecord[] = [];
  logs = mine;
  const keep = (record: LogRecord) => mine.push(record);
  return createChatHandler({
    env: { CREATE_AI_API_TOKEN: TOKEN, CREATE_AI_PROJECT_ID: "p", CREATE_AI_WS_URL: standin.url, ...env },
    logger: { info: keep, warn: keep, error: keep },
    ...extra,
  });
}

function post(body: unknown, headers: Record<string, string> = {}, url = "http://study.example/api/ws-chat") {
  return new Request(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Forwarded-For": "198.51.100.7", ...headers },
    body: JSON.stringify(body),
  });
}

/** Expects a refusal that made no CreateAI call. */
async function expectRefusal(respond: () => Promise<Response>, status: number, code: string, fragments: string[]) {
  const before = standin.connectionAttempts();
  const response = await respond();
  expect(response.status).toBe(status);
  const { error } = await response.json();
  expect(error.code).toBe(code);
  for (const fragment of fragments) expect(error.message).toContain(fragment);
  expect(standin.connectionAttempts()).toBe(before);
  return response;
}

describe("rate limit", () => {
  it("refuses past the window's allowance with 429 and Retry-After, however many new conversations it starts", async () => {
    const chat = handler({ WS_CHAT_RATE_LIMIT: "2/60" });
    for (let conversation = 0; conversation < 2; conversation += 1) expect((await chat(post(ask("hi")))).status).toBe(200);
    const response = await expectRefusal(() => chat(post(ask("hi"))), 429, "rate_limited", ["2 per 60 s"]);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("counts each client apart", async () => {
    const chat = handler({ WS_CHAT_RATE_LIMIT: "1/60" });
    expect((await chat(post(ask("a")))).status).toBe(200);
    expect((await chat(post(ask("b"), { "X-Forwarded-For": "198.51.100.8" }))).status).toBe(200);
    await expectRefusal(() => chat(post(ask("c"))), 429, "rate_limited", ["1 per 60 s"]);
  });

  it("cannot be dodged by prepending addresses to X-Forwarded-For unless the proxy is trusted", async () => {
    const chat = handler({ WS_CHAT_RATE_LIMIT: "1/60" });
    expect((await chat(post(ask("a")))).status).toBe(200);
    await expectRefusal(() => chat(post(ask("b"), { "X-Forwarded-For": "1.2.3.4, 198.51.100.7" })), 429, "rate_limited", []);
  });
});

describe("client keys behind trusted proxies", () => {
  it("takes the address the trusted proxy added, not one the client wrote before it (WS_CHAT_TRUST_PROXY=true)", async () => {
    const chat = handler({ WS_CHAT_RATE_LIMIT: "1/60", WS_CHAT_TRUST_PROXY: "true" });
    expect((await chat(post(ask("a"), { "X-Forwarded-For": "203.0.113.1, 198.51.100.7" }))).status).toBe(200);
    await expectRefusal(() => chat(post(ask("b"), { "X-Forwarded-For": "203.0.113.2, 198.51.100.7" })), 429, "rate_limited", ["1 per 60 s"]);
  });

  it("cannot be made to spend a victim's allowance by writing the victim's address first", async () => {
    const chat = handler({ WS_CHAT_RATE_LIMIT: "1/60", WS_CHAT_TRUST_PROXY: "true" });
    for (let i = 0; i < 3; i += 1) await chat(post(ask("spend"), { "X-Forwarded-For": "203.0.113.50, 198.51.100.7" }));
    // The victim's own request, as the proxy forwards it.
    expect((await chat(post(ask("mine"), { "X-Forwarded-For": "203.0.113.50" }))).status).toBe(200);
  });

  it("counts WS_CHAT_TRUST_PROXY=<n> proxies back from the right", async () => {
    const chat = handler({ WS_CHAT_RATE_LIMIT: "1/60", WS_CHAT_TRUST_PROXY: "2" });
    expect((await chat(post(ask("a"), { "X-Forwarded-For": "203.0.113.1, 198.51.100.7, 10.0.0.1" }))).status).toBe(200);
    await expectRefusal(() => chat(post(ask("b"), { "X-Forwarded-For": "203.0.113.2, 198.51.100.7, 10.0.0.2" })), 429, "rate_limited", []);
    expect((await chat(post(ask("c"), { "X-Forwarded-For": "198.51.100.7, 198.51.100.8, 10.0.0.1" }))).status).toBe(200);
  });

  it("refuses a WS_CHAT_TRUST_PROXY it cannot read with a message naming it", async () => {
    const response = await handler({ WS_CHAT_TRUST_PROXY: "nginx" })(post(ask("x")));
    expect(response.status).toBe(500);
    expect((await response.json()).error.message).toContain("WS_CHAT_TRUST_PROXY");
  });
});

describe("client keys by address", () => {
  it("groups an IPv6 client by its /64: one host holds many addresses", async () => {
    const chat = handler({ WS_CHAT_RATE_LIMIT: "1/60" });
    expect((await chat(post(ask("a"), { "X-Forwarded-For": "2001:db8:1:2::1" }))).status).toBe(200);
    await expectRefusal(() => chat(post(ask("b"), { "X-Forwarded-For": "2001:db8:1:2:a1b2:c3d4:e5f6:789" })), 429, "rate_limited", []);
    await expectRefusal(() => chat(post(ask("c"), { "X-Forwarded-For": "2001:0db8:0001:0002::ffff" })), 429, "rate_limited", []);
    expect((await chat(post(ask("d"), { "X-Forwarded-For": "2001:db8:1:3::1" }))).status).toBe(200);
  });

  it("treats an IPv4-mapped IPv6 address as the IPv4 address", async () => {
    const chat = handler({ WS_CHAT_RATE_LIMIT: "1/60" });
    expect((await chat(post(ask("a")))).status).toBe(200);
    await expectRefusal(() => chat(post(ask("b"), { "X-Forwarded-For": "::ffff:198.51.100.7" })), 429, "rate_limited", []);
  });
});

describe("concurrency caps", () => {
  it("refuses a client's stream past its cap with 429, and lets it in again once one ends", async () => {
    const chat = handler({ WS_CHAT_MAX_STREAMS_PER_CLIENT: "1" });
    const first = await chat(post(ask("/demo slow")));
    await expectRefusal(() => chat(post(ask("second"))), 429, "rate_limited", ["1 answers streaming", "WS_CHAT_MAX_STREAMS_PER_CLIENT"]);
    expect((await chat(post(ask("other client"), { "X-Forwarded-For": "198.51.100.99" }))).status).toBe(200);
    await first.body?.cancel();
    await standin.whenIdle();
    const third = await chat(post(ask("third")));
    expect(third.status).toBe(200);
    await readText(third);
  });

  it("does not spend the rate allowance on a request refused for want of a stream slot", async () => {
    const chat = handler({ WS_CHAT_MAX_STREAMS_PER_CLIENT: "1", WS_CHAT_RATE_LIMIT: "2/60" });
    const first = await chat(post(ask("/demo slow")));
    expect(first.status).toBe(200);
    await expectRefusal(() => chat(post(ask("second"))), 429, "rate_limited", ["WS_CHAT_MAX_STREAMS_PER_CLIENT"]);
    await first.body?.cancel();
    await standin.whenIdle();
    const third = await chat(post(ask("third")));
    expect(third.status).toBe(200);
    await readText(third);
  });

  it("refuses past the server's cap with 503 overloaded", async () => {
    const chat = handler({ WS_CHAT_MAX_STREAMS: "1" });
    const first = await chat(post(ask("/demo slow")));
    await expectRefusal(() => chat(post(ask("x"), { "X-Forwarded-For": "198.51.100.50" })), 503, "overloaded", ["maximum of 1 streams"]);
    await first.body?.cancel();
  });
});

describe("origin and content type", () => {
  it.each([
    ["another site", { Origin: "https://evil.example" }, 403, "forbidden", ["https://evil.example"]],
    ["a form post", { "Content-Type": "application/x-www-form-urlencoded" }, 415, "bad_request", ["application/json"]],
  ])("refuses %s", async (_name, headers, status, code, fragments) => {
    await expectRefusal(() => handler({ WS_CHAT_ALLOWED_ORIGINS: "https://canvas.asu.edu" })(post(ask("x"), headers)), status, code, fragments);
  });

  it.each([
    ["this site, as WS_CHAT_SITE_ORIGIN names it", "http://study.example"],
    ["an allowed origin", "https://canvas.asu.edu"],
  ])("accepts %s", async (_name, origin) => {
    const response = await handler({ WS_CHAT_SITE_ORIGIN: "http://study.example", WS_CHAT_ALLOWED_ORIGINS: "https://canvas.asu.edu" })(post(ask("x"), { Origin: origin }));
    expect(response.status).toBe(200);
    await readText(response);
  });

  it("accepts this site on loopback with no WS_CHAT_SITE_ORIGIN (next dev, next start on 127.0.0.1)", async () => {
    const response = await handler()(post(ask("x"), { Origin: "http://127.0.0.1:3000" }, "http://127.0.0.1:3000/api/ws-chat"));
    expect(response.status).toBe(200);
    await readText(response);
  });

  it.each([
    ["Host", { Host: "evil.example" }],
    ["X-Forwarded-Host", { "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http" }],
  ])("refuses a page whose name was rebound to this server, named in %s, when WS_CHAT_SITE_ORIGIN is set", async (_name, headers) => {
    const chat = handler({ WS_CHAT_SITE_ORIGIN: "https://coach.asu.edu" });
    await expectRefusal(() => chat(post(ask("x"), { Origin: "http://evil.example", ...headers })), 403, "forbidden", ["http://evil.example", "https://coach.asu.edu"]);
  });

  it("refuses a page whose name was rebound to this server when WS_CHAT_SITE_ORIGIN is unset, and says to set it", async () => {
    const chat = handler();
    await expectRefusal(
      () => chat(post(ask("x"), { Origin: "http://evil.example", Host: "evil.example", "X-Forwarded-Host": "evil.example" }, "http://evil.example/api/ws-chat")),
      403,
      "forbidden",
      ["http://evil.example", "WS_CHAT_SITE_ORIGIN"],
    );
  });
});

describe("size limits", () => {
  it.each([
    ["a body over WS_CHAT_MAX_BODY_BYTES", { WS_CHAT_MAX_BODY_BYTES: "1000" }, ask("x".repeat(2000)), 413, "payload_too_large", ["1000 bytes"]],
    ["more messages than WS_CHAT_MAX_MESSAGES", { WS_CHAT_MAX_MESSAGES: "2" }, { messages: [{ role: "user", content: "a" }, { role: "assistant", content: "b" }, { role: "user", content: "c" }] }, 400, "bad_request", ["at most 2 messages"]],
    ["a message over WS_CHAT_MAX_MESSAGE_CHARS", { WS_CHAT_MAX_MESSAGE_CHARS: "10" }, ask("x".repeat(11)), 400, "bad_request", ["at most 10 characters"]],
  ])("refuses %s", async (_name, env, body, status, code, fragments) => {
    await expectRefusal(() => handler(env)(post(body)), status, code, fragments);
  });

  it("ends an answer that streams past CREATE_AI_MAX_STREAM_MS with upstream_timeout, keeping its text", async () => {
    const response = await handler({ CREATE_AI_MAX_STREAM_MS: "600" })(post(ask("/demo slow"), { Accept: "text/event-stream" }));
    const { events } = await readSse(response);
    expect(events.some((event) => event.type === "delta")).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: "error", data: { code: "upstream_timeout" } });
  });
});

describe("duplicate sends", () => {
  it("refuses a repeated clientMessageId with 409 while the first is streaming, and after it for the window", async () => {
    const clock = createManualClock();
    const chat = handler({ WS_CHAT_DEDUP_MS: "5000" }, { clock });
    const first = await chat(post(ask("/demo slow", { clientMessageId: "m-1" })));
    await expectRefusal(() => chat(post(ask("/demo slow", { clientMessageId: "m-1" }))), 409, "duplicate", ["m-1", "5000 ms"]);
    await first.body?.cancel();
    await standin.whenIdle();
    await expectRefusal(() => chat(post(ask("/demo slow", { clientMessageId: "m-1" }))), 409, "duplicate", []);
    clock.advance(5_001);
    const again = await chat(post(ask("again", { clientMessageId: "m-1" })));
    expect(again.status).toBe(200);
    await readText(again);
  });

  it("treats the Idempotency-Key header the same way", async () => {
    const chat = handler();
    const first = await chat(post(ask("/demo slow"), { "Idempotency-Key": "k-9" }));
    await expectRefusal(() => chat(post(ask("/demo slow"), { "Idempotency-Key": "k-9" })), 409, "duplicate", ["k-9"]);
    await first.body?.cancel();
  });

  it("refuses an Idempotency-Key the body's clientMessageId could not be, before any upstream call", async () => {
    await expectRefusal(() => handler()(post(ask("hi"), { "Idempotency-Key": "k".repeat(5_000) })), 400, "bad_request", ["Idempotency-Key"]);
  });
});

describe("shared guards out of reach", () => {
  const unavailable = () => Promise.reject(new StoreUnavailableError(new Error("connect ECONNREFUSED")));
  const cases: [string, (slots: StreamSlots) => ChatHandlerOptions][] = [
    ["the stream slots", () => ({ streamSlots: { acquire: unavailable, active: () => 0 } })],
    ["the rate limit", (slots) => ({ streamSlots: slots, rateLimitStore: { hit: unavailable } })],
    ["the duplicate claims", (slots) => ({ streamSlots: slots, duplicateSends: { claim: unavailable, finish: () => undefined } })],
  ];

  it.each(cases)("refuses with 503 store_unavailable when %s cannot be reached, giving back the slot it took", async (_, guards) => {
    const slots = createStreamSlots();
    const chat = handler({}, guards(slots));
    await expectRefusal(() => chat(post(ask("hi", { clientMessageId: "m-503" }))), 503, "store_unavailable", ["shared store"]);
    expect(slots.active()).toBe(0);
  });
});

describe("observability", () => {
  it("logs one line per stream with the operator's fields and nothing of the conversation", async () => {
    const chat = handler();
    await readText(await chat(post(ask("My secret question about grades"))));
    // The line is written once the run has ended, a few turns after the body closed.
    await vi.waitFor(() => expect(logs.filter((record) => record.event === "ws-chat.stream")).toHaveLength(1));
    const lines = logs.filter((record) => record.event === "ws-chat.stream");
    expect(lines[0]).toMatchObject({
      requestId: expect.any(String),
      client: expect.stringMatching(/^[0-9a-f]{12}$/),
      status: 200,
      outcome: "done",
      firstTextMs: expect.any(Number),
      durationMs: expect.any(Number),
      bytes: expect.any(Number),
    });
    expect(lines[0]?.bytes).toBeGreaterThan(100);
    const everything = JSON.stringify(logs);
    expect(everything).not.toContain("secret question");
    expect(everything).not.toContain("198.51.100.7");
    expect(everything).not.toContain(TOKEN);
  });

  it("gives the answer and its log line one id, so a student's report can be matched to the log", async () => {
    const response = await handler()(post(ask("Which id?")));
    const messageId = response.headers.get("x-message-id");
    await readText(response);
    await vi.waitFor(() => expect(logs.some((record) => record.event === "ws-chat.stream")).toBe(true));
    expect(messageId).toEqual(expect.any(String));
    expect(logs.find((record) => record.event === "ws-chat.stream")?.requestId).toBe(messageId);
  });

  it("serves Prometheus metrics only with the bearer token, and 404 when none is set", async () => {
    const metricsRequest = (auth?: string) =>
      new Request("http://study.example/api/ws-chat/metrics", { headers: auth ? { Authorization: auth } : {} });
    expect((await handler()(metricsRequest("Bearer x"))).status).toBe(404);

    const chat = handler({ WS_CHAT_METRICS_TOKEN: "metrics-secret", WS_CHAT_RATE_LIMIT: "1/60" });
    await readText(await chat(post(ask("one"))));
    await chat(post(ask("two")));
    expect((await chat(metricsRequest())).status).toBe(401);
    expect((await chat(metricsRequest("Bearer wrong"))).status).toBe(401);
    const response = await chat(metricsRequest("Bearer metrics-secret"));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain("ws_chat_active_streams 0");
    expect(text).toContain('ws_chat_streams_total{outcome="done",code=""} 1');
    expect(text).toContain('ws_chat_refusals_total{code="rate_limited",status="429"} 1');
    expect(text).toContain('ws_chat_time_to_first_text_seconds_bucket{le="+Inf"} 1');
    expect(text).toContain("ws_chat_stream_duration_seconds_count 1");
  });

  const metricsRequest = (token: string, client = "198.51.100.7") =>
    new Request("http://study.example/api/ws-chat/metrics", { headers: { Authorization: `Bearer ${token}`, "X-Forwarded-For": client } });

  it("counts failed metrics logins", async () => {
    const chat = handler({ WS_CHAT_METRICS_TOKEN: "metrics-secret" });
    expect((await chat(metricsRequest("wrong-1"))).status).toBe(401);
    expect((await chat(new Request("http://study.example/api/ws-chat/metrics"))).status).toBe(401);
    const text = await (await chat(metricsRequest("metrics-secret"))).text();
    expect(text).toContain('ws_chat_metrics_login_failures_total{reason="bad_token"} 2');
    expect(text).toContain('ws_chat_metrics_login_failures_total{reason="locked_out"} 0');
  });

  it("locks a client out of the metrics after 10 failed logins a minute, the right token included", async () => {
    const clock = createManualClock();
    const chat = handler({ WS_CHAT_METRICS_TOKEN: "metrics-secret" }, { clock });
    for (let i = 0; i < 10; i += 1) {
      expect((await chat(metricsRequest(`guess-${i}`))).status).toBe(401);
      clock.advance(1_000);
    }
    const locked = await chat(metricsRequest("metrics-secret"));
    expect(locked.status).toBe(429);
    expect((await locked.json()).error.code).toBe("rate_limited");
    expect(Number(locked.headers.get("retry-after"))).toBe(50);

    const other = await chat(metricsRequest("metrics-secret", "198.51.100.8"));
    expect(other.status).toBe(200);
    expect(await other.text()).toContain('ws_chat_metrics_login_failures_total{reason="locked_out"} 1');

    clock.advance(50_000);
    expect((await chat(metricsRequest("metrics-secret"))).status).toBe(200);
  });
});
