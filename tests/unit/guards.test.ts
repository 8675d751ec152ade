import { describe, expect, it } from "vitest";
import { clientKeyOf, clientKeyOfAddress, hashClientKey } from "@/lib/chat-stream/guards/client-key";
import { createDuplicateSends } from "@/lib/chat-stream/guards/duplicate-sends";
import { createLoginFailures } from "@/lib/chat-stream/guards/login-failures";
import { checkContentType, checkOrigin } from "@/lib/chat-stream/guards/origin-policy";
import { createMemoryRateLimitStore } from "@/lib/chat-stream/guards/rate-limiter";
import { createStreamSlots } from "@/lib/chat-stream/guards/stream-slots";
import { loadServerSettings } from "@/lib/chat-stream/server-settings";
import { describeGuardContract } from "../guards/guard-contract";

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

describe("failed logins", () => {
  it("locks a key out after the limit of failures in a window, and lets it in once they slide out", () => {
    const failures = createLoginFailures({ limit: 3, windowMs: 1000 });
    const steps: Array<[string, number, "check" | "fail", number?]> = [
      ["a", 0, "fail"],
      ["a", 100, "fail"],
      ["a", 200, "check", 0],
      ["a", 200, "fail"],
      ["a", 300, "check", 700],
      ["b", 300, "check", 0],
      ["a", 999, "check", 1],
      ["a", 1000, "check", 0],
    ];
    for (const [key, now, action, lockedForMs] of steps) {
      if (action === "fail") failures.record(key, now);
      else expect([key, now, failures.lockedFor(key, now)]).toEqual([key, now, lockedForMs]);
    }
  });

  it("forgets keys whose failures are all out of the window", () => {
    const failures = createLoginFailures({ limit: 3, windowMs: 100 });
    failures.record("a", 0);
    failures.record("b", 150);
    failures.record("c", 300);
    expect(failures.size()).toBe(1);
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
  const SITE = ["https://coach.asu.edu"];
  const ALLOWED = ["https://canvas.asu.edu"];
  it.each([
    // [name, request URL, headers, WS_CHAT_SITE_ORIGIN, WS_CHAT_ALLOWED_ORIGINS, accepted]
    ["no Origin (server to server)", "http://study.example", {}, [], [], true],
    ["an allowed origin", "http://study.example", { origin: "https://canvas.asu.edu" }, [], ALLOWED, true],
    ["another site", "http://study.example", { origin: "https://evil.example" }, [], ALLOWED, false],
    ["an opaque origin", "http://study.example", { origin: "null" }, [], [], false],
    ["a configured site origin", "http://10.0.0.5:3000", { origin: "https://coach.asu.edu" }, SITE, [], true],
    ["a configured site origin, named by the proxy too", "http://10.0.0.5:3000", { origin: "https://coach.asu.edu", "x-forwarded-host": "coach.asu.edu", "x-forwarded-proto": "https" }, SITE, [], true],
    ["an allowed origin besides the site origin", "http://10.0.0.5:3000", { origin: "https://canvas.asu.edu" }, SITE, ALLOWED, true],
    // DNS rebinding: the attacker's name resolves to this server, so Host names the attacker's site.
    ["a rebound name in Host, site origin set", "http://10.0.0.5:3000", { origin: "http://evil.example", host: "evil.example" }, SITE, [], false],
    ["a rebound name in X-Forwarded-Host, site origin set", "http://10.0.0.5:3000", { origin: "http://evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "http" }, SITE, [], false],
    ["a rebound name in the request URL, site origin set", "http://evil.example", { origin: "http://evil.example", host: "evil.example" }, SITE, [], false],
    ["a rebound name in Host, no site origin", "http://study.example", { origin: "http://evil.example", host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "http" }, [], [], false],
    ["a rebound name in the request URL, no site origin", "http://evil.example", { origin: "http://evil.example", host: "evil.example" }, [], [], false],
    ["a rebound name resolving to loopback, no site origin", "http://127.0.0.1:3000", { origin: "http://evil.example:3000", host: "evil.example:3000" }, [], [], false],
    ["a name that only starts like localhost, no site origin", "http://127.0.0.1:3000", { origin: "http://localhost.evil.example:3000" }, [], [], false],
    ["the request URL's own origin off loopback, no site origin", "http://study.example", { origin: "http://study.example" }, [], [], false],
    ["this site on 127.0.0.1, no site origin", "http://127.0.0.1:3000", { origin: "http://127.0.0.1:3000" }, [], [], true],
    ["this site on localhost, no site origin", "http://localhost:3000", { origin: "http://localhost:3000" }, [], [], true],
    ["this site opened as 127.0.0.1, served as localhost, no site origin", "http://localhost:3000", { origin: "http://127.0.0.1:3000" }, [], [], true],
    ["this site opened as [::1], no site origin", "http://localhost:3000", { origin: "http://[::1]:3000" }, [], [], true],
    ["this site on all interfaces, opened as localhost, no site origin", "http://0.0.0.0:3000", { origin: "http://localhost:3000" }, [], [], true],
    ["another port on loopback, no site origin", "http://127.0.0.1:3000", { origin: "http://127.0.0.1:5173" }, [], [], false],
    ["loopback once a site origin is set", "http://127.0.0.1:3000", { origin: "http://127.0.0.1:3000" }, SITE, [], false],
  ])("%s", (_name, url, headers, site, allowed, ok) => {
    const request = requestWith(headers as Record<string, string>, `${url}/api/ws-chat`);
    expect(checkOrigin(request, { siteOrigins: site, allowedOrigins: allowed }).ok).toBe(ok);
  });

  it("names the refused origin and the allowed list", () => {
    const verdict = checkOrigin(requestWith({ origin: "https://evil.example" }), { siteOrigins: SITE, allowedOrigins: ALLOWED });
    expect(verdict).toMatchObject({ ok: false, status: 403 });
    if (!verdict.ok) {
      expect(verdict.message).toContain("https://evil.example");
      expect(verdict.message).toContain("https://coach.asu.edu");
      expect(verdict.message).toContain("https://canvas.asu.edu");
    }
  });

  it("tells the operator to set WS_CHAT_SITE_ORIGIN when it is unset", () => {
    const verdict = checkOrigin(requestWith({ origin: "http://study.example" }), { siteOrigins: [], allowedOrigins: [] });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.message).toContain("WS_CHAT_SITE_ORIGIN");
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
  it.each([
    // [X-Forwarded-For, trusted proxies, key]
    ["203.0.113.9, 10.0.0.2", 0, "10.0.0.2"],
    ["::ffff:127.0.0.1", 0, "127.0.0.1"],
    // One trusted proxy that appends: the address it added, not what the client wrote before it.
    ["203.0.113.9, 198.51.100.7", 1, "198.51.100.7"],
    ["198.51.100.7", 1, "198.51.100.7"],
    ["1.1.1.1, 203.0.113.9, 198.51.100.7, 10.0.0.2", 2, "198.51.100.7"],
    ["203.0.113.9,198.51.100.7 , 10.0.0.2", 2, "198.51.100.7"],
    // Fewer entries than trusted hops: every entry came from a trusted proxy; the farthest is the client.
    ["198.51.100.7, 10.0.0.2", 3, "198.51.100.7"],
    ["2001:db8:1:2::1, 10.0.0.2", 2, "2001:db8:1:2::/64"],
    ["", 1, "unknown"],
  ])("X-Forwarded-For %j with %i trusted proxies: %s", (forwarded, trusted, key) => {
    const headers: Record<string, string> = forwarded ? { "x-forwarded-for": forwarded } : {};
    expect(clientKeyOf(requestWith(headers), trusted)).toBe(key);
  });

  it.each([
    ["203.0.113.9", "203.0.113.9"],
    ["203.0.113.9:51234", "203.0.113.9"],
    ["::ffff:198.51.100.7", "198.51.100.7"],
    ["::FFFF:198.51.100.7", "198.51.100.7"],
    ["0:0:0:0:0:ffff:198.51.100.7", "198.51.100.7"],
    ["::ffff:c633:6407", "198.51.100.7"],
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"],
    ["2001:0DB8:0001:0002:0000:0000:0000:0001", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["2001:db8::1:2:3:4", "2001:db8:0:0::/64"],
    ["2001:db8:0:1::", "2001:db8:0:1::/64"],
    ["::2001:db8:1:2", "0:0:0:0::/64"],
    ["2001::1:2:3:4:5", "2001:0:0:1::/64"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["[2001:db8:1:2::1]", "2001:db8:1:2::/64"],
    ["[2001:db8:1:2::1]:443", "2001:db8:1:2::/64"],
    ["64:ff9b::198.51.100.7", "64:ff9b:0:0::/64"],
    ["unknown", "unknown"],
    ["1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8:9"],
    ["1::2::3", "1::2::3"],
  ])("groups %j as %j", (address, key) => {
    expect(clientKeyOfAddress(address)).toBe(key);
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
      trustedProxies: 0,
      siteOrigins: [],
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
    [{ WS_CHAT_TRUST_PROXY: "yes" }, "WS_CHAT_TRUST_PROXY must be true, false or the number of trusted proxies"],
    [{ WS_CHAT_TRUST_PROXY: "-1" }, "WS_CHAT_TRUST_PROXY must be true, false or the number of trusted proxies"],
    [{ WS_CHAT_TRUST_PROXY: "1.5" }, "WS_CHAT_TRUST_PROXY must be true, false or the number of trusted proxies"],
    [{ WS_CHAT_SITE_ORIGIN: "coach.asu.edu" }, "WS_CHAT_SITE_ORIGIN must be a comma-separated list of origins"],
    [{ WS_CHAT_SITE_ORIGIN: "https://coach.asu.edu/chat" }, "WS_CHAT_SITE_ORIGIN must be a comma-separated list of origins"],
    [{ WS_CHAT_SITE_ORIGIN: "ftp://coach.asu.edu" }, "WS_CHAT_SITE_ORIGIN must be a comma-separated list of origins"],
    [{ WS_CHAT_BODY_TIMEOUT_MS: "0" }, "WS_CHAT_BODY_TIMEOUT_MS must be a positive whole number"],
    [{ WS_CHAT_SESSION_SECRET: "short" }, "WS_CHAT_SESSION_SECRET must be at least 32 characters"],
  ])("names the variable at fault in %j", (env, message) => {
    expect(() => loadServerSettings(env)).toThrow(message);
  });

  it("reads the allowed origins list as browsers write origins, and refuses an entry that is not one", () => {
    expect(loadServerSettings({ WS_CHAT_ALLOWED_ORIGINS: "https://a.edu/, https://B.edu:443" }).allowedOrigins).toEqual(["https://a.edu", "https://b.edu"]);
    expect(() => loadServerSettings({ WS_CHAT_ALLOWED_ORIGINS: "https://canvas.asu.edu/courses" })).toThrow("WS_CHAT_ALLOWED_ORIGINS must be a comma-separated list of origins");
  });

  it("reads the site's origins as browsers write them", () => {
    expect(loadServerSettings({ WS_CHAT_SITE_ORIGIN: "https://Coach.ASU.edu/, http://localhost:3000,https://coach.asu.edu:443" }).siteOrigins).toEqual([
      "https://coach.asu.edu",
      "http://localhost:3000",
    ]);
  });

  it.each([
    [undefined, 0],
    ["", 0],
    ["false", 0],
    ["0", 0],
    ["true", 1],
    ["1", 1],
    ["2", 2],
    [" 3 ", 3],
  ])("reads WS_CHAT_TRUST_PROXY=%j as %i trusted proxies", (value, trusted) => {
    expect(loadServerSettings({ WS_CHAT_TRUST_PROXY: value }).trustedProxies).toBe(trusted);
  });
});

describeGuardContract("in memory", () => ({ rateLimits: createMemoryRateLimitStore(), slots: createStreamSlots(), duplicates: createDuplicateSends() }));
