/**
 * Caps on answers streaming at once: per client, and for this server instance. A slot is taken
 * before CreateAI is called and given back when the answer ends, however it ends.
 *
 * This in-memory one is the default; with REDIS_URL the per-client cap is shared by every
 * instance (lib/shared-state/redis-stream-slots.ts) while the total stays this instance's own.
 */

export type SlotRefusal = { scope: "client"; limit: number } | { scope: "server"; limit: number };

export interface SlotLimits {
  perClient: number;
  total: number;
}

/** A slot taken (with the idempotent function that gives it back), or the cap that refused it. */
export type SlotGrant = { ok: true; release: () => void | Promise<void> } | { ok: false; refusal: SlotRefusal };

export interface StreamSlots {
  /**
   * Takes a slot under `limits`, or says which cap refused it. A shared implementation may answer
   * asynchronously, and rejects with `StoreUnavailableError` when its store cannot be reached.
   */
  acquire(clientKey: string, limits: SlotLimits): SlotGrant | Promise<SlotGrant>;
  /** Slots held on this instance now. */
  active(): number;
}

/** The in-memory slots: answers at once. */
export interface MemoryStreamSlots extends StreamSlots {
  acquire(clientKey: string, limits: SlotLimits): { ok: true; release: () => void } | { ok: false; refusal: SlotRefusal };
}

export function createStreamSlots(): MemoryStreamSlots {
  const perClient = new Map<string, number>();
  let total = 0;

  return {
    acquire(clientKey, limits) {
      const { perClient: clientLimit, total: totalLimit } = limits;
      if (total >= totalLimit) return { ok: false, refusal: { scope: "server", limit: totalLimit } };
      const mine = perClient.get(clientKey) ?? 0;
      if (mine >= clientLimit) return { ok: false, refusal: { scope: "client", limit: clientLimit } };
      perClient.set(clientKey, mine + 1);
      total += 1;
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          total -= 1;
          const left = (perClient.get(clientKey) ?? 1) - 1;
          if (left <= 0) perClient.delete(clientKey);
          else perClient.set(clientKey, left);
        },
      };
    },
    active: () => total,
  };
}
