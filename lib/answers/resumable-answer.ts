/**
 * The POST side of a resumable answer (`"resumable": true`): the run writes into the store, and
 * this request is the answer's first reader, following the store like any later one. So the
 * caller going away does not stop the answer (the detached rule does), and a resume reads exactly
 * what this response would have carried, with the same SSE ids.
 */
import { streamedAnswerResponse } from "@/lib/chat-stream/answer-response";
import { errorResponse } from "@/lib/chat-stream/http-responses";
import type { Logger } from "@/lib/chat-stream/logger";
import type { StreamFormat } from "@/lib/chat-stream/response-stream";
import type { StartedChat } from "@/lib/chat-stream/start-chat";
import type { AnswerStore, NewAnswer } from "./answer-store";
import { followAsRelay } from "./follow-relay";
import { produceIntoStore, type ProducerSettings } from "./produce-answer";

/** Registers the answer before its run starts; a refusal `Response` when the store is down. */
export async function registerAnswer(store: AnswerStore, answer: NewAnswer, leaseMs: number): Promise<Response | undefined> {
  try {
    await store.create(answer, leaseMs);
    return undefined;
  } catch {
    // Unreachable (StoreUnavailableError) or refusing the write: either way the answer could not
    // be kept, and the caller's slot and claim are given back by the handler.
    return errorResponse("store_unavailable");
  }
}

export interface ResumableResponseOptions {
  store: AnswerStore;
  settings: ProducerSettings;
  format: StreamFormat;
  pingIntervalMs: number;
  onSent: (bytes: number) => void;
  logger: Logger;
  now: () => number;
}

export async function resumableAnswerResponse(
  id: string,
  started: StartedChat,
  callerSignal: AbortSignal,
  options: ResumableResponseOptions,
): Promise<Response> {
  // The caller waiting for the first text is a reader too: a slow first token is not "detached".
  const detachWaiting = await options.store.attachReader(id).catch(() => async () => undefined);
  const stopWaiting = () => detachWaiting().catch(() => undefined);
  // Gone before the answer's id was sent: nobody can ever attach to it, so it ends at once.
  const onCallerGone = () => {
    void stopWaiting();
    started.abort();
  };
  if (callerSignal.aborted) onCallerGone();
  else callerSignal.addEventListener("abort", onCallerGone, { once: true });
  void produceIntoStore(id, started, options.settings, { store: options.store, logger: options.logger, now: options.now });
  // Held until the first text, as for any answer: a failure before it is an HTTP status.
  const first = await started.relay.firstOutput;
  callerSignal.removeEventListener("abort", onCallerGone);
  if (first.type === "error") {
    await stopWaiting();
    return errorResponse(first.data.code, first.data.message);
  }
  const followed = followAsRelay(options.store, id, 0);
  // The follower counts itself from here; the waiting caller hands over once it has.
  void followed.attached.then(() => stopWaiting());
  return streamedAnswerResponse(followed.relay, {
    format: options.format,
    pingIntervalMs: options.pingIntervalMs,
    onCancel: followed.stop,
    onSent: options.onSent,
  });
}
