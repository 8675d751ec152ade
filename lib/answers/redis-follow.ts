/**
 * Following an answer stored in Redis.
 *
 * Why pub/sub and not a blocking `XREAD` per follower: a blocked `XREAD` holds a connection of
 * its own for as long as it waits, so a few hundred readers would mean a few hundred connections
 * per instance, each also needing a timeout to notice a lost producer. Instead every append
 * publishes its batch, and one subscriber connection per instance fans it out to that answer's
 * followers here, which yield it directly: while they keep up, a live event costs Redis no read
 * at all. The stream stays the source of truth: a follower reads it (XRANGE, in the same script
 * as the answer's state and lease) to replay, when a batch shows a gap, and after every
 * `livenessCheckMs` without news — which is also when it notices a lost producer or a missed
 * message (a reconnection drops what was published meanwhile). A lost producer's answer is ended
 * in Redis by the follower that notices it, with a stored `upstream_closed` error event.
 */
import { StoreUnavailableError, type FollowEnd, type StoredEvent } from "./answer-store";

/** One consistent look at an answer: its state and the events after the given seq. */
export interface AnswerPage {
  ended: boolean;
  lastSeq: number;
  leaseAlive: boolean;
  /** At most `PAGE_SIZE` events, in order. */
  events: StoredEvent[];
}

export interface FollowDeps {
  /** The answer after `afterSeq`, or undefined when it is unknown or expired. */
  read(id: string, afterSeq: number): Promise<AnswerPage | undefined>;
  /** Calls `onBatch` with each batch appended from now on; resolves once that is in place. */
  listen(id: string, onBatch: (events: readonly StoredEvent[]) => void): Promise<() => void>;
  /**
   * Ends an answer whose lease is gone with a stored terminal error event, if it is still live and
   * leaseless (atomically; any follower on any instance may call it). False when it could not run.
   */
  endLost(id: string): Promise<boolean>;
  livenessCheckMs: number;
  /** Aborted when the store closes. */
  closed: AbortSignal;
}

export const PAGE_SIZE = 500;
// A follower that stopped consuming drops what it buffered and reads the stream again later.
const MAX_BUFFERED = 5_000;

type FollowItem = StoredEvent | { end: FollowEnd };

export async function* followAnswer(id: string, afterSeq: number, signal: AbortSignal, deps: FollowDeps): AsyncGenerator<FollowItem> {
  const inbox = createInbox();
  // Listen before the first read: whatever is appended after the read arrives as a message.
  const unlisten = await deps.listen(id, inbox.push);
  const stopped = () => signal.aborted || deps.closed.aborted;
  try {
    let next = afterSeq;
    let mustRead = true;
    for (;;) {
      if (stopped()) break;
      if (mustRead) {
        const page = await deps.read(id, next);
        if (!page) {
          yield { end: "expired" };
          return;
        }
        for (const stored of page.events) {
          if (stored.seq <= next) continue;
          yield stored;
          next = stored.seq;
          if (isTerminal(stored)) return;
        }
        if (next < page.lastSeq) {
          if (page.events.length > 0) continue;
          // Its events are gone though its info is not (keys deleted by hand?): never spin on it.
          yield { end: "expired" };
          return;
        }
        // Ended with its terminal event already behind `afterSeq`: nothing more will come.
        if (page.ended) return;
        if (!page.leaseAlive) {
          // Store the loss as the answer's own terminal event, so every reader, now or later, gets
          // the same one; the next read yields it (or finds the lease back, or the answer gone).
          if (await deps.endLost(id)) continue;
          yield { end: "producer_lost" };
          return;
        }
        mustRead = false;
      }
      const woke = await inbox.wait(deps.livenessCheckMs, signal, deps.closed);
      if (woke !== "message") {
        mustRead = true;
        continue;
      }
      const { events, overflowed } = inbox.take();
      mustRead = overflowed;
      for (const stored of events) {
        if (stored.seq <= next) continue;
        if (stored.seq !== next + 1) {
          mustRead = true;
          break;
        }
        yield stored;
        next = stored.seq;
        if (isTerminal(stored)) return;
      }
    }
    // Closing the store cuts its followers off: for them the store is gone, not the answer.
    if (deps.closed.aborted && !signal.aborted) throw new StoreUnavailableError(new Error("the answer store was closed"));
  } finally {
    unlisten();
  }
}

function isTerminal({ event }: StoredEvent): boolean {
  return event.type === "done" || event.type === "error";
}

function createInbox() {
  let events: StoredEvent[] = [];
  let overflowed = false;
  let wake: (() => void) | undefined;
  return {
    push(batch: readonly StoredEvent[]): void {
      if (events.length + batch.length > MAX_BUFFERED) {
        events = [];
        overflowed = true;
      } else {
        events.push(...batch);
      }
      wake?.();
    },
    take(): { events: StoredEvent[]; overflowed: boolean } {
      const taken = { events, overflowed };
      events = [];
      overflowed = false;
      return taken;
    },
    /** Resolves when a batch is in, after `ms` without one, or on abort; clears its timer on every path. */
    wait(ms: number, ...signals: AbortSignal[]): Promise<"message" | "timeout" | "aborted"> {
      if (events.length > 0 || overflowed) return Promise.resolve("message");
      if (signals.some((signal) => signal.aborted)) return Promise.resolve("aborted");
      return new Promise((resolve) => {
        const timer = setTimeout(() => settle("timeout"), ms);
        const onAbort = () => settle("aborted");
        function settle(outcome: "message" | "timeout" | "aborted"): void {
          clearTimeout(timer);
          wake = undefined;
          for (const signal of signals) signal.removeEventListener("abort", onAbort);
          resolve(outcome);
        }
        wake = () => settle("message");
        for (const signal of signals) signal.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}
