/**
 * One answer from start to end as our event model: `start`, `delta`…, `metadata`, then exactly
 * one of `done` or `error`. Transport-agnostic: the wire encoders consume what it emits.
 */
import { buildWebSocketUrl, type CreateAIConfig } from "../createai/config";
import { streamCreateAIAnswer, type UpstreamOutcome } from "../createai/connection";
import { buildCreateAIPayload, oversizePayloadReason, type CreateAIQuery } from "../createai/payload";
import { queryCreateAIRest } from "../createai/rest-fallback";
import type { Clock, SocketFactory } from "../createai/socket";
import { ChatError } from "./errors";
import type { ChatEvent } from "./events";
import type { Logger } from "./logger";

/** What a run talks to, passed in so tests can hand in fakes or real local servers. */
export interface ChatRunDeps {
  config: CreateAIConfig;
  createSocket: SocketFactory;
  fetch: typeof fetch;
  clock: Clock;
  newId: () => string;
  logger: Logger;
}

/** Facts about a finished run, for the log line; no text of the conversation. */
export interface ChatRunSummary {
  outcome: "done" | "error";
  code: string | undefined;
  firstTokenMs: number | null;
  totalMs: number;
  chars: number;
  closeCode: number | undefined;
  usedRestFallback: boolean;
  /** Why it failed, secrets removed; for the server log only. */
  detail?: string;
}

export async function runChat(
  query: CreateAIQuery,
  deps: ChatRunDeps,
  emit: (event: ChatEvent) => void,
  signal?: AbortSignal,
  /** The answer's id in `start` (the route passes its request id, so a report matches a log line). */
  messageId: string = deps.newId(),
): Promise<ChatRunSummary> {
  const { config, clock } = deps;
  const startedAt = clock.now();
  const parts: string[] = [];
  let chars = 0;
  let firstTokenMs: number | null = null;
  let usedRestFallback = false;

  emit({
    type: "start",
    data: { messageId, sessionId: query.sessionId, model: query.model, upstream: config.upstream },
  });

  // The first frame of a turn of the event loop leaves at once; frames that follow it in the
  // same turn (one socket read often carries many) leave together as one delta at the end of
  // that turn. Text never waits for a timer.
  let pending = "";
  let flushQueued = false;
  function flushPending(): void {
    flushQueued = false;
    if (pending === "") return;
    const text = pending;
    pending = "";
    emit({ type: "delta", data: { text } });
  }
  function emitAfterPending(event: ChatEvent): void {
    flushPending();
    emit(event);
  }

  function onText(text: string): void {
    if (text === "") return;
    if (firstTokenMs === null) firstTokenMs = Math.round(clock.now() - startedAt);
    parts.push(text);
    chars += text.length;
    if (flushQueued) {
      pending += text;
      return;
    }
    flushQueued = true;
    queueMicrotask(flushPending);
    emit({ type: "delta", data: { text } });
  }

  const payload = buildCreateAIPayload(query);
  // CreateAI drops a socket whose message is over its limit, which would cost a connection and
  // look like a retryable failure: every caller (route, chatWithWebSocket, the AI SDK provider)
  // gets a payload_too_large refusal here instead, before anything is opened.
  const oversize = oversizePayloadReason(payload);
  if (oversize !== undefined) {
    emit({ type: "error", data: new ChatError("payload_too_large", oversize).toData() });
    const totalMs = Math.round(clock.now() - startedAt);
    return { outcome: "error", code: "payload_too_large", firstTokenMs, totalMs, chars, closeCode: undefined, usedRestFallback, detail: oversize };
  }
  let outcome: UpstreamOutcome = await streamCreateAIAnswer(
    {
      url: buildWebSocketUrl(config),
      token: config.token,
      payload,
      createSocket: deps.createSocket,
      clock,
      connectTimeoutMs: config.connectTimeoutMs,
      idleTimeoutMs: config.idleTimeoutMs,
      maxStreamMs: config.maxStreamMs,
      signal,
    },
    {
      onText,
      onMetadata: (metadata) => emitAfterPending({ type: "metadata", data: metadata }),
      onNotice: (note) => deps.logger.info({ event: "ws-chat.upstream-notice", messageId, note }),
    },
  );

  if (!outcome.ok && !outcome.opened && chars === 0 && config.restFallback && outcome.code !== "aborted") {
    deps.logger.warn({ event: "ws-chat.rest-fallback", messageId, reason: outcome.detail });
    usedRestFallback = true;
    const rest = await queryCreateAIRest({
      restBaseUrl: config.restBaseUrl,
      token: config.token,
      payload,
      fetch: deps.fetch,
      signal,
      timeoutMs: config.idleTimeoutMs,
    });
    if (rest.ok) {
      if (rest.metadata !== undefined) emitAfterPending({ type: "metadata", data: rest.metadata });
      onText(rest.text);
      outcome = { ok: true, closeCode: undefined };
    } else {
      outcome = { ok: false, code: rest.code, detail: rest.detail, opened: false, closeCode: undefined };
    }
  }

  const totalMs = Math.round(clock.now() - startedAt);
  const summary = { firstTokenMs, totalMs, chars, closeCode: outcome.closeCode, usedRestFallback };
  if (outcome.ok) {
    emitAfterPending({ type: "done", data: { text: parts.join(""), finishReason: "stop", timing: { firstTokenMs, totalMs } } });
    return { outcome: "done", code: undefined, ...summary };
  }
  const error = new ChatError(outcome.code, undefined, outcome.detail);
  emitAfterPending({ type: "error", data: error.toData() });
  return { outcome: "error", code: outcome.code, ...summary, detail: outcome.detail };
}
