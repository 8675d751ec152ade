/**
 * The embedded answer store: one process's memory. The default for `npm run dev` and
 * `npm start`; every path of `/api/ws-chat…` must share the one instance (see route modules).
 */
import type { AnswerInfo, AnswerStore, FollowEnd, NewAnswer, StoredEvent } from "./answer-store";

interface MemoryAnswer {
  info: AnswerInfo;
  events: StoredEvent[];
  /** Followers waiting for more events. */
  wakers: Set<() => void>;
  stopListeners: Set<() => void>;
  readers: number;
  expiry: ReturnType<typeof setTimeout> | undefined;
}

export interface MemoryAnswerStoreOptions {
  /** For tests: the clock behind TTLs. Default: timers of the host. */
  setTimeout?: (callback: () => void, ms: number) => ReturnType<typeof setTimeout>;
  clearTimeout?: (handle: ReturnType<typeof setTimeout>) => void;
}

export function createMemoryAnswerStore(options: MemoryAnswerStoreOptions = {}): AnswerStore {
  const schedule = options.setTimeout ?? ((callback, ms) => setTimeout(callback, ms));
  const cancel = options.clearTimeout ?? ((handle) => clearTimeout(handle));
  const answers = new Map<string, MemoryAnswer>();
  const activeByChat = new Map<string, string>();

  function wake(answer: MemoryAnswer): void {
    for (const waker of [...answer.wakers]) waker();
  }

  function forget(id: string): void {
    const answer = answers.get(id);
    if (!answer) return;
    answers.delete(id);
    if (answer.info.chatId !== undefined && activeByChat.get(answer.info.chatId) === id) activeByChat.delete(answer.info.chatId);
    wake(answer);
  }

  return {
    async create({ id, owner, chatId }: NewAnswer) {
      answers.set(id, {
        info: { id, owner, chatId, ended: false, lastSeq: 0 },
        events: [],
        wakers: new Set(),
        stopListeners: new Set(),
        readers: 0,
        expiry: undefined,
      });
      if (chatId !== undefined) activeByChat.set(chatId, id);
    },

    async append(id, events, _leaseMs, ttlSeconds) {
      const answer = answers.get(id);
      if (!answer || answer.info.ended) return;
      for (const stored of events) {
        answer.events.push(stored);
        answer.info.lastSeq = stored.seq;
        if (stored.event.type === "done" || stored.event.type === "error") {
          answer.info.ended = true;
          if (answer.info.chatId !== undefined && activeByChat.get(answer.info.chatId) === id) activeByChat.delete(answer.info.chatId);
          answer.stopListeners.clear();
          answer.expiry = schedule(() => forget(id), ttlSeconds * 1000);
          break;
        }
      }
      wake(answer);
    },

    // One process: the producer cannot die without its readers dying with it.
    async renewLease() {},

    async info(id) {
      const answer = answers.get(id);
      return answer ? { ...answer.info } : undefined;
    },

    async activeAnswerOfChat(chatId) {
      return activeByChat.get(chatId);
    },

    follow(id, afterSeq, signal) {
      return {
        async *[Symbol.asyncIterator]() {
          let next = afterSeq;
          for (;;) {
            const answer = answers.get(id);
            if (!answer) {
              yield { end: "expired" as FollowEnd };
              return;
            }
            // Sequence numbers start at 1 and have no gaps: the index of seq n is n - 1.
            while (next < answer.events.length) {
              const stored = answer.events[next] as StoredEvent;
              next += 1;
              yield stored;
              if (stored.event.type === "done" || stored.event.type === "error") return;
            }
            if (answer.info.ended) return;
            if (signal.aborted) return;
            await new Promise<void>((resolve) => {
              const done = () => {
                answer.wakers.delete(done);
                signal.removeEventListener("abort", done);
                resolve();
              };
              answer.wakers.add(done);
              signal.addEventListener("abort", done, { once: true });
            });
            if (signal.aborted) return;
          }
        },
      };
    },

    async requestStop(id) {
      const answer = answers.get(id);
      if (!answer || answer.info.ended) return false;
      for (const listener of [...answer.stopListeners]) listener();
      return true;
    },

    onStopRequested(id, listener) {
      const answer = answers.get(id);
      if (!answer) return () => undefined;
      let called = false;
      const once = () => {
        if (called) return;
        called = true;
        listener();
      };
      answer.stopListeners.add(once);
      return () => answer.stopListeners.delete(once);
    },

    async attachReader(id) {
      const answer = answers.get(id);
      if (!answer) return async () => undefined;
      answer.readers += 1;
      let detached = false;
      return async () => {
        if (detached) return;
        detached = true;
        answer.readers -= 1;
      };
    },

    async readerCount(id) {
      return answers.get(id)?.readers ?? 0;
    },

    async close() {
      for (const answer of answers.values()) if (answer.expiry !== undefined) cancel(answer.expiry);
      for (const id of [...answers.keys()]) forget(id);
    },
  };
}
