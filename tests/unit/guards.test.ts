import { describe, expect, it } from "vitest";
import { clientKeyOf, hashClientKey } from "@/lib/chat-stream/guards/client-key";
import { createDuplicateSends } from "@/lib/chat-stream/guards/duplicate-sends";
import { checkContentType, checkOrigin } from "@/lib/chat-stream/guards/origin-policy";
import { createMemoryRateLimitStore } from "@/lib/chat-stream/guards/rate-limiter";
import { createStreamSlots } from "@/lib/chat-stream/guards/stream-slots";
import { loadServerSettings } from "@/lib/chat-stream/server-settings";

const requestWith = (headers: Record<string, string>, url = "http://study.example/api/ws-chat") => new Request(url, { method: "POST", headers });

describe("sliding-window rate limit", () => {
  it("allows the limit within a window, refuses the next with the wait until a slot frees", () => {
    const store = createMemoryRateLimitStore();
    expect(store.hit("a", 0, 2, 1000).allowed).toBe(true);
    expect(store.hit("a", 400, 2, 1000).allowed).toBe(true);
    expect(store.hit("a", 500, 2, 1000)).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(store.hit("b", 500, 2, 1000).allowed).toBe(true);
    expect(store.hit("a", 1000, 2, 1000).allowed).toBe(true);
    expect(store.hit("a", 1001, 2, 1000)).toEqual({ allowed: false, retryAfterMs: 399 });
  });

  it("slides rather than resetting: a burst at a window's edge is not doubled", () => {
    const store = createMemoryRateLimitStore();
    const allowed = [990, 995, 999, 1000, 1005].map((t) => store.hit("a", t, 3, 1000).allowed);
    expect(allowed).toEqual([true, true, true, false, false]);
  });

  it("forgets clients that went quiet", () => {
    const store = createMemoryRateLimitStore();
    store.hit("a", 0, 5, 100);
    store.hit("b", 150, 5, 100);
    store.hit("c", 300, 5, 100);
    expect(store.size()).toBe(1);
  });
});

describe("stream slots", () => {
  it("caps streams per client and per server, and gives slots back once", () => {
    const slots = createStreamSlots();
    const limits = { perClient: 2, total: 3 };
    const a1 = slots.acquire("a", limits);
    const a2 = slots.acquire("a", limits);
    expect(slots.acquire("a", limits)).toEqual({ ok: false, refusal: { scope: "client", limit: 2 } });
    const b1 = slots.acquire("b", limits);
    expect(slots.acquire("c", limits)).toEqual({ ok: false, refusal: { scope: "server", limit: 3 } });
    if (!a1.ok || !a2.ok || !b1.ok) throw new Error("expected slots");
    a1.release();
    a1.release();
    expect(slots.active()).toBe(2);
    expect(slots.acquire("a", limits).ok).toBe(true);
  });
});

describe("duplicate sends", () => {
  it("refuses the same id while in flight and for the window after, per client", () => {
    const duplicates = createDuplicateSends();
    expect(duplicates.claim("a", "m1", 0)).toBe(true);
    expect(duplicates.claim("a", "m1", 10)).toBe(false);
    expect(duplicates.claim("b", "m1", 10)).toBe(true);
    duplicates.finish("a", "m1", 100, 5000);
    expect(duplicates.claim("a", "m1", 5099)).toBe(false);
    expect(duplicates.claim("a", "m1", 5100)).toBe(true);
  });
});

describe("origin policy", () => {
  it.each([
    ["no Origin (server to server)", {}, [], true],
    ["the same site", { origin: "http://study.example" }, [], true],
    ["the same site behind a proxy", { origin: "https://coach.asu.edu", "x-forwarded-host": "coach.asu.edu", "x-forwarded-proto": "https" }, [], true],
    ["an allowed origin", { origin: "https://canvas.asu.edu" }, ["https://canvas.asu.edu"], true],
    ["another site", { origin: "https://evil.example" }, ["https://canvas.asu.edu"], false],
    ["an opaque origin", { origin: "null" }, [], false],
  ])("%s", (_name, headers, allowed, ok) => {
    expect(checkOrigin(requestWith(headers as Record<string, string>), allowed).ok).toBe(ok);
  });

  it("names the refused origin and the allowed list", () => {
    const verdict = checkOrigin(requestWith({ origin: "https://evil.example" }), ["https://canvas.asu.edu"]);
    expect(verdict).toMatchObject({ ok: false, status: 403 });
    if (!verdict.ok) expect(verdict.message).toContain("https://evil.example");
  });

  it.each([
    ["application/json", true],
    ["application/json; charset=utf-8", true],
    ["text/plain", false],
    ["", false],
  ])("content type %j accepted: %s", (type, ok) => {
    expect(checkContentType(requestWith(type ? { "content-type": type } : {})).ok).toBe(ok);
  });
});

describe("client key", () => {
  it("uses the proxy's first address only when the proxy is trusted", () => {
    const request = requestWith({ "x-forwarded-for": "203.0.113.9, 10.0.0.2" });
    expect(clientKeyOf(request, true)).toBe("203.0.113.9");
    expect(clientKeyOf(request, false)).toBe("10.0.0.2");
    expect(clientKeyOf(requestWith({ "x-forwarded-for": "::ffff:127.0.0.1" }), false)).toBe("127.0.0.1");
  });

  it("hashes keys for logs: stable, short, and not the address", async () => {
    const hash = await hashClientKey("203.0.113.9");
    expect(hash).toMatch(/^[0-9a-f]{12}$/);
    expect(await hashClientKey("203.0.113.9")).toBe(hash);
    expect(await hashClientKey("203.0.113.10")).not.toBe(hash);
  });
});

describe("server settings", () => {
  it("has the documented defaults", () => {
    expect(loadServerSettings({})).toMatchObject({
      rateLimit: { requests: 100, windowMs: 60_000 },
      trustProxy: false,
      maxStreamsPerClient: 3,
      maxStreams: 1000,
      allowedOrigins: [],
      maxBodyBytes: 1_048_576,
      bodyTimeoutMs: 10_000,
      maxMessages: 1_000,
      maxMessageChars: 32_000,
      dedupMs: 5_000,
      metricsToken: undefined,
      sessionSecret: undefined,
    });
  });

  it.each([
    [{ WS_CHAT_RATE_LIMIT: "lots" }, 'WS_CHAT_RATE_LIMIT must look like "<requests>/<seconds>"'],
    [{ WS_CHAT_MAX_STREAMS: "-1" }, "WS_CHAT_MAX_STREAMS must be a positive whole number"],
    [{ WS_CHAT_TRUST_PROXY: "yes" }, "WS_CHAT_TRUST_PROXY must be true or false"],
    [{ WS_CHAT_BODY_TIMEOUT_MS: "0" }, "WS_CHAT_BODY_TIMEOUT_MS must be a positive whole number"],
    [{ WS_CHAT_SESSION_SECRET: "short" }, "WS_CHAT_SESSION_SECRET must be at least 32 characters"],
  ])("names the variable at fault in %j", (env, message) => {
    expect(() => loadServerSettings(env)).toThrow(message);
  });

  it("reads the allowed origins list", () => {
    expect(loadServerSettings({ WS_CHAT_ALLOWED_ORIGINS: "https://a.edu/, https://b.edu" }).allowedOrigins).toEqual(["https://a.edu", "https://b.edu"]);
  });
});
