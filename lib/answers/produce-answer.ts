/**
 * The producing side of a resumable answer: the run's events go into the store, one write per
 * turn of the event loop (a write in flight gathers the next batch), with the producer's lease
 * renewed while it runs. A stop asked for on any instance closes the upstream; so does nobody
 * reading it for `detachedMs`.
 */
import type { Logger } from "@/lib/chat-stream/logger";
import type { StartedChat } from "@/lib/chat-stream/start-chat";
import type { AnswerStore, StoredEvent } from "./answer-store";

export interface ProducerSettings {
  leaseMs: number;
  ttlSeconds: number;
  /** How long an answer with no reader keeps streaming into the store before it is closed. */
  detachedMs: number;
}

export interface ProducerDeps {
  store: AnswerStore;
  logger: Logger;
  now: () => number;
}

/** Resolves once every event of the answer is written (or the store failed and the run was stopped). */
export function produceIntoStore(id: string, started: StartedChat, settings: ProducerSettings, deps: ProducerDeps): Promise<void> {
  const { store, logger } = deps;
  let seq = 0;
  let pending: StoredEvent[] = [];
  let flushQueued = false;
  let writing: Promise<void> = Promise.resolve();
  let storeFailed = false;
  let ended = false;

  const writeBatch = (batch: StoredEvent[]) => () =>
    store.append(id, batch, settings.leaseMs, settings.ttlSeconds).catch((error: unknown) => {
      if (storeFailed) return;
      // Nobody could read what we cannot store: stop spending quota on it.
      storeFailed = true;
      logger.error({ event: "ws-chat.store-write-failed", messageId: id, detail: String(error) });
      started.abort();
    });

  function flush(): void {
    flushQueued = false;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    writing = writing.then(writeBatch(batch));
  }

  started.relay.attach((event) => {
    seq += 1;
    pending.push({ seq, event });
    if (event.type === "done" || event.type === "error") {
      ended = true;
      flush();
      return;
    }
    if (!flushQueued) {
      flushQueued = true;
      // After the events of this turn of the event loop, not on a timer: setTimeout(0) waits a
      // whole millisecond, which every reader of a resumable answer would pay per batch.
      queueMicrotask(flush);
    }
  });

  const unsubscribeStop = store.onStopRequested(id, () => started.abort());
  const leaseTimer = setInterval(() => {
    if (!ended) store.renewLease(id, settings.leaseMs).catch(() => undefined);
  }, Math.max(50, Math.floor(settings.leaseMs / 3)));

  let unreadSince: number | undefined;
  const detachedTimer = setInterval(() => {
    store
      .readerCount(id)
      .then((count) => {
        if (count > 0) {
          unreadSince = undefined;
          return;
        }
        unreadSince ??= deps.now();
        if (deps.now() - unreadSince >= settings.detachedMs) {
          logger.info({ event: "ws-chat.detached", messageId: id, detachedMs: settings.detachedMs });
          started.abort();
        }
      })
      .catch(() => undefined);
  }, Math.max(20, Math.min(1_000, Math.floor(settings.detachedMs / 4))));

  return started.finished.then(async () => {
    clearInterval(leaseTimer);
    clearInterval(detachedTimer);
    unsubscribeStop();
    flush();
    await writing;
  });
}
