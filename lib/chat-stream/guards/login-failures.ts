/**
 * Failed logins per client in a sliding window, so a token cannot be guessed at network speed:
 * once a client has failed `limit` times within `windowMs`, its next attempts are refused
 * without looking at the token they carry, until the oldest failure slides out.
 */

export interface LoginFailures {
  /** How long `key` stays locked out at `now`; 0 when it may try. */
  lockedFor(key: string, now: number): number;
  /** Records a failed attempt by `key` at `now`. */
  record(key: string, now: number): void;
  /** Clients remembered now. */
  size(): number;
}

export function createLoginFailures(limits: { limit: number; windowMs: number }): LoginFailures {
  const { limit, windowMs } = limits;
  const failures = new Map<string, number[]>();
  let lastSweep = Number.NEGATIVE_INFINITY;

  /** The failures of `key` still in the window at `now`, oldest first. */
  function recent(key: string, now: number): number[] {
    const times = failures.get(key) ?? [];
    const inWindow = times.filter((time) => time > now - windowMs);
    if (inWindow.length === 0) failures.delete(key);
    else if (inWindow.length !== times.length) failures.set(key, inWindow);
    return inWindow;
  }

  function sweep(now: number): void {
    if (now - lastSweep < windowMs) return;
    lastSweep = now;
    for (const key of [...failures.keys()]) recent(key, now);
  }

  return {
    lockedFor(key, now) {
      const times = recent(key, now);
      return times.length >= limit ? (times[times.length - limit] as number) + windowMs - now : 0;
    },
    record(key, now) {
      sweep(now);
      // Past the limit nothing more is needed: a locked-out client's attempts are not checked.
      const times = recent(key, now);
      failures.set(key, [...times.slice(Math.max(0, times.length - (limit - 1))), now]);
    },
    size: () => failures.size,
  };
}
