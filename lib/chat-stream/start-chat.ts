/**
 * Starts one answer for a caller: the run, the relay its events wait in, and cancellation tied
 * to the caller's signal. The route and `chatWithWebSocket` both start answers this way.
 */
import type { CreateAIQuery } from "../createai/payload";
import { describeError } from "../createai/redact";
import { ChatError } from "./errors";
import { createEventRelay, type EventRelay } from "./event-relay";
import { runChat, type ChatRunDeps, type ChatRunSummary } from "./run-chat";

export interface StartedChat {
  relay: EventRelay;
  /** The run's summary once it has ended; never rejects (a bug becomes an `internal` error event). */
  finished: Promise<ChatRunSummary>;
  /** Closes the upstream socket now (the reader went away). */
  abort(): void;
}

export function startChat(query: CreateAIQuery, deps: ChatRunDeps, callerSignal?: AbortSignal, messageId?: string): StartedChat {
  const upstream = new AbortController();
  const abort = () => upstream.abort();
  // A caller that left before the run started is gone all the same.
  if (callerSignal?.aborted) abort();
  else callerSignal?.addEventListener("abort", abort, { once: true });
  const relay = createEventRelay();
  const finished = runChat(query, deps, relay.push, upstream.signal, messageId)
    .catch((error: unknown): ChatRunSummary => {
      deps.logger.error({ event: "ws-chat.internal-error", detail: describeError(error, deps.config.token) });
      relay.push({ type: "error", data: new ChatError("internal").toData() });
      return { outcome: "error", code: "internal", firstTokenMs: null, totalMs: 0, chars: 0, closeCode: undefined, usedRestFallback: false };
    })
    .finally(() => callerSignal?.removeEventListener("abort", abort));
  return { relay, finished, abort };
}
