/**
 * What every implementation of the three request guards must do, run against each one: memory
 * (tests/unit/guards.test.ts) and Redis (tests/unit/redis-guards.test.ts). Time is the real
 * clock here, since the Redis guards read Redis' own; windows are short and waits are bounded.
 */
import { describe, expect, it, vi } from "vitest";
import type { DuplicateSends } from "@/lib/chat-stream/guards/duplicate-sends";
import type { RateLimitStore } from "@/lib/chat-stream/guards/rate-limiter";
import type { SlotGrant, StreamSlots } from "@/lib/chat-stream/guards/stream-slots";

export interface Guards {
  rateLimits: RateLimitStore;
  slots: StreamSlots;
  duplicates: DuplicateSends;
}

/** A short window the tests wait out. */
const WINDOW_MS = 300;
const WAIT = { timeout: 3_000, interval: 25 };

/** `grant` as a held slot, failing the test when it was refused. */
export function held(grant: SlotGrant): { release: () => void | Promise<void> } {
  if (!grant.ok) throw new Error(`expected a slot, refused by the ${grant.refusal.scope} cap`);
  return grant;
}

export function describeGuardContract(name: string, open: () => Guards | Promise<Guards>): void {
  describe(`${name}: the guard contract`, () => {
    describe("rate limit", () => {
      it("allows the limit within a window and refuses the next with the wait until one frees", async () => {
        const { rateLimits } = await open();
        for (let i = 0; i < 2; i += 1) expect((await rateLimits.hit("a", Date.now(), 2, 60_000)).allowed).toBe(true);
        const refused = await rateLimits.hit("a", Date.now(), 2, 60_000);
        expect(refused.allowed).toBe(false);
        expect(refused.retryAfterMs).toBeGreaterThan(55_000);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
        expect((await rateLimits.hit("b", Date.now(), 2, 60_000)).allowed).toBe(true);
      });

      it("slides: a request is allowed again once the oldest has left the window, and a refusal costs nothing", async () => {
        const { rateLimits } = await open();
        expect((await rateLimits.hit("a", Date.now(), 1, WINDOW_MS)).allowed).toBe(true);
        expect((await rateLimits.hit("a", Date.now(), 1, WINDOW_MS)).allowed).toBe(false);
        await vi.waitFor(async () => expect((await rateLimits.hit("a", Date.now(), 1, WINDOW_MS)).allowed).toBe(true), WAIT);
        expect((await rateLimits.hit("a", Date.now(), 1, WINDOW_MS)).allowed).toBe(false);
      });
    });

    describe("stream slots", () => {
      it("caps streams per client and per instance, and gives a slot back once however often it is released", async () => {
        const { slots } = await open();
        const limits = { perClient: 2, total: 3 };
        const a1 = held(await slots.acquire("a", limits));
        held(await slots.acquire("a", limits));
        expect(await slots.acquire("a", limits)).toEqual({ ok: false, refusal: { scope: "client", limit: 2 } });
        held(await slots.acquire("b", limits));
        expect(await slots.acquire("c", limits)).toEqual({ ok: false, refusal: { scope: "server", limit: 3 } });
        expect(slots.active()).toBe(3);
        await a1.release();
        await a1.release();
        expect(slots.active()).toBe(2);
        held(await slots.acquire("a", limits));
        expect(await slots.acquire("a", { perClient: 2, total: 10 })).toEqual({ ok: false, refusal: { scope: "client", limit: 2 } });
      });

      it("holds nothing for a refused request", async () => {
        const { slots } = await open();
        held(await slots.acquire("a", { perClient: 1, total: 5 }));
        expect((await slots.acquire("a", { perClient: 1, total: 5 })).ok).toBe(false);
        expect(slots.active()).toBe(1);
        expect((await slots.acquire("b", { perClient: 1, total: 1 })).ok).toBe(false);
        expect(slots.active()).toBe(1);
      });
    });

    describe("duplicate sends", () => {
      it("refuses the same id from the same client while in flight, and for the window after it ends", async () => {
        const { duplicates } = await open();
        expect(await duplicates.claim("a", "m1", Date.now())).toBe(true);
        expect(await duplicates.claim("a", "m1", Date.now())).toBe(false);
        expect(await duplicates.claim("b", "m1", Date.now())).toBe(true);
        expect(await duplicates.claim("a", "m2", Date.now())).toBe(true);
        await duplicates.finish("a", "m1", Date.now(), WINDOW_MS);
        expect(await duplicates.claim("a", "m1", Date.now())).toBe(false);
        await vi.waitFor(async () => expect(await duplicates.claim("a", "m1", Date.now())).toBe(true), WAIT);
      });

      it("forgets a claim finished at −∞ (a send refused after its claim may be sent again at once)", async () => {
        const { duplicates } = await open();
        expect(await duplicates.claim("a", "m1", Date.now())).toBe(true);
        await duplicates.finish("a", "m1", Number.NEGATIVE_INFINITY, 60_000);
        expect(await duplicates.claim("a", "m1", Date.now())).toBe(true);
      });

      it("keeps client keys and ids apart however they are spelled", async () => {
        const { duplicates } = await open();
        expect(await duplicates.claim("2001:db8::/64", "x:y", Date.now())).toBe(true);
        expect(await duplicates.claim("2001:db8::/64:x", "y", Date.now())).toBe(true);
        expect(await duplicates.claim("2001:db8::/64", "x:y", Date.now())).toBe(false);
      });
    });
  });
}
