/**
 * Sliding-window rate limit per client. The store is an interface with the one method used, so
 * a shared store (Redis, KV) can replace the in-memory one without touching the route.
 */

export interface RateLimitDecision {
  allowed: boolean;
  /** When refused: how long until one request frees up. */
  retryAfterMs: number;
}

export interface RateLimitStore {
  /** Records a request by `key` at `now` if the window has room, and says whether it had. */
  hit(key: string, now: number, limit: number, windowMs: number): RateLimitDecision | Promise<RateLimitDecision>;
}

/** Keeps each client's request times of the last window; forgets idle clients. */
export interface MemoryRateLimitStore extends RateLimitStore {
  hit(key: string, now: number, limit: number, windowMs: number): RateLimitDecision;
  /** Clients remembered now. */
  size(): number;
}

export function createMemoryRateLimitStore(): MemoryRateLimitStore {
  const hits = new Map<string, number[]>();
  let lastSweep = 0;

  function sweep(now: number, windowMs: number): void {
    if (now - lastSweep < windowMs) return;
    lastSweep = now;
    for (const [key, times] of hits) {
      if ((times[times.length - 1] ?? 0) <= now - windowMs) hits.delete(key);
    }
  }

  return {
    hit(key, now, limit, windowMs) {
      sweep(now, windowMs);
      const windowStart = now - windowMs;
      const times = hits.get(key) ?? [];
      let expired = 0;
      while (expired < times.length && (times[expired] as number) <= windowStart) expired += 1;
      if (expired > 0) times.splice(0, expired);
      if (times.length >= limit) {
        const oldest = times[0] as number;
        return { allowed: false, retryAfterMs: Math.max(1, oldest + windowMs - now) };
      }
      times.push(now);
      hits.set(key, times);
      return { allowed: true, retryAfterMs: 0 };
    },
    size: () => hits.size,
  };
}
