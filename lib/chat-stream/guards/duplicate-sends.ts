/**
 * Recognises a message sent twice (a double click, a client retrying a request that did go
 * through): the same `clientMessageId` or `Idempotency-Key` from the same client while the first
 * is streaming or within `windowMs` after it ended. The repeat is refused with 409 `duplicate`
 * and costs no CreateAI call; the first request's stream is the answer.
 *
 * This in-memory one is the default; with REDIS_URL claims are shared by every instance
 * (lib/shared-state/redis-duplicate-sends.ts).
 */

export interface DuplicateSends {
  /**
   * Claims `id` for `clientKey`; false if it is already claimed (in flight or recently done). A
   * shared implementation may answer asynchronously, and rejects with `StoreUnavailableError`
   * when its store cannot be reached.
   */
  claim(clientKey: string, id: string, now: number): boolean | Promise<boolean>;
  /**
   * The request holding `id` has ended; the claim lasts `windowMs` more. `now` of −∞ forgets it
   * at once (a send refused after its claim may be sent again). Never rejects.
   */
  finish(clientKey: string, id: string, now: number, windowMs: number): void | Promise<void>;
}

/** The in-memory claims: answer at once. */
export interface MemoryDuplicateSends extends DuplicateSends {
  claim(clientKey: string, id: string, now: number): boolean;
  finish(clientKey: string, id: string, now: number, windowMs: number): void;
}

/** Expired claims are forgotten at most this often. */
const SWEEP_EVERY_MS = 1_000;

export function createDuplicateSends(): MemoryDuplicateSends {
  // Value: Infinity while in flight, else the time the claim expires.
  const claims = new Map<string, number>();
  let lastSweep = 0;

  function sweep(now: number): void {
    if (now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    for (const [key, expiresAt] of claims) if (expiresAt <= now) claims.delete(key);
  }

  return {
    claim(clientKey, id, now) {
      sweep(now);
      const key = `${clientKey}\u0000${id}`;
      const expiresAt = claims.get(key);
      if (expiresAt !== undefined && expiresAt > now) return false;
      claims.set(key, Number.POSITIVE_INFINITY);
      return true;
    },
    finish(clientKey, id, now, windowMs) {
      claims.set(`${clientKey}\u0000${id}`, now + windowMs);
    },
  };
}
