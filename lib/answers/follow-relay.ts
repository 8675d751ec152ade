/**
 * A reader of a stored answer as an `EventRelay`, so the route's wire encoders serve a resumed
 * or second reader exactly as they serve the first one. A producer that vanished becomes an
 * `upstream_closed` error: a reader never waits on an answer that can no longer end.
 */
import { ChatError } from "@/lib/chat-stream/errors";
import { createEventRelay, type EventRelay } from "@/lib/chat-stream/event-relay";
import type { AnswerStore } from "./answer-store";

export interface FollowedAnswer {
  relay: EventRelay;
  /** Stops following (the reader went away); the answer itself goes on. */
  stop(): void;
  /** Resolves once this reader is counted (for the detached rule). */
  attached: Promise<void>;
}

export function followAsRelay(store: AnswerStore, id: string, afterSeq: number): FollowedAnswer {
  const relay = createEventRelay();
  const abort = new AbortController();
  const detaching = store.attachReader(id).catch(() => async () => undefined);
  void pump();

  async function pump(): Promise<void> {
    const detach = await detaching;
    try {
      for await (const item of store.follow(id, afterSeq, abort.signal)) {
        if ("end" in item) {
          if (item.end === "producer_lost") relay.push({ type: "error", data: new ChatError("upstream_closed").toData() });
          else if (item.end === "expired") relay.push({ type: "error", data: new ChatError("not_found").toData() });
          return;
        }
        relay.push(item.event);
        if (item.event.type === "done" || item.event.type === "error") return;
      }
      // The follow ended with no terminal event for this reader (it asked to start past one it
      // never saw): say so rather than leave the response open for good.
      if (!abort.signal.aborted) relay.push({ type: "error", data: new ChatError("not_found").toData() });
    } catch {
      if (!abort.signal.aborted) relay.push({ type: "error", data: new ChatError("store_unavailable").toData() });
    } finally {
      await detach().catch(() => undefined);
    }
  }

  return { relay, stop: () => abort.abort(), attached: detaching.then(() => undefined) };
}
