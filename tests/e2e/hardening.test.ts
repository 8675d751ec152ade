/**
 * Protections that only exist with the real server around the handler: the connection's
 * address as the client key, metrics behind a rewrite, and security headers on pages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Standin } from "@/scripts/standin/server";
import { readText } from "../support/chat-client";
import { startRouteWithStandin, type NextServer } from "./support/next-server";

const TOKEN = "e2e-hardening-token-90";
let standin: Standin;
let server: NextServer;

let stop: () => Promise<void>;

beforeAll(async () => {
  ({ standin, server, stop } = await startRouteWithStandin({
    token: TOKEN,
    paceMs: 1,
    env: { WS_CHAT_RATE_LIMIT: "3/60", WS_CHAT_METRICS_TOKEN: "metrics-e2e" },
  }));
});
afterAll(async () => {
  await stop?.();
});

const post = (headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/ws-chat`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ messages: [{ role: "user", content: "hi" }] }),
  });

describe("hardening under next start", () => {
  it("rate-limits by connection, however the client fills X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await post({ "X-Forwarded-For": `203.0.113.${i}` });
      statuses.push(response.status);
      await readText(response);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it("refuses a page on another site with 403 before calling CreateAI", async () => {
    const before = standin.connectionAttempts();
    const response = await post({ Origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("forbidden");
    expect(standin.connectionAttempts()).toBe(before);
  });

  it("serves metrics from the chat route's own counters, to the token holder only", async () => {
    expect((await fetch(`${server.url}/api/ws-chat/metrics`)).status).toBe(401);
    const response = await fetch(`${server.url}/api/ws-chat/metrics`, { headers: { Authorization: "Bearer metrics-e2e" } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('ws_chat_streams_total{outcome="done",code=""} 3');
    expect(text).toMatch(/ws_chat_refusals_total\{code="rate_limited",status="429"\} \d/);
  });

  it("sends security headers with pages", async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });
});
