/**
 * A route answer the test writes event by event: an SSE body encoded by the route's own
 * encoder, so the client under test reads exactly what the server would send.
 */
import { http, HttpResponse } from "msw";
import type { ChatErrorCode, ChatEvent } from "@/lib/chat-stream/events";
import { encodeSseEvent, SSE_HEADERS, SSE_PING } from "@/lib/chat-stream/sse-encoder";

const encoder = new TextEncoder();

export interface ScriptedStream {
  response(): Response;
  /** `sessionId` is the session the route issues with this answer. */
  start(upstream?: "local" | "createai", sessionId?: string): void;
  delta(text: string): void;
  done(text: string): void;
  error(code: ChatErrorCode, message: string): void;
  ping(): void;
  /** Ends the body without a terminal event: a broken stream. */
  end(): void;
  /** Fails the body mid-read, as a dropped connection does. */
  drop(): void;
}

export interface ScriptedStreamOptions {
  /** The answer's id: sent as `X-Message-Id` and in `start`; default none and `m-<n>` in `start`. */
  messageId?: string;
  /** The SSE id of the first event; a resumed answer continues after the last one read. Default 1. */
  firstId?: number;
}

export function scriptedStream(options: ScriptedStreamOptions = {}): ScriptedStream {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let sequence = (options.firstId ?? 1) - 1;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  const send = (event: ChatEvent) => {
    sequence += 1;
    controller.enqueue(encoder.encode(encodeSseEvent(event, sequence)));
  };
  return {
    response: () =>
      new HttpResponse(body, { status: 200, headers: { ...SSE_HEADERS, ...(options.messageId ? { "X-Message-Id": options.messageId } : {}) } }),
    start: (upstream = "local", sessionId = "s") =>
      send({
        type: "start",
        data: { messageId: options.messageId ?? `m-${sequence}`, sessionId, model: { provider: "aws", name: "claude4_5_sonnet" }, upstream },
      }),
    delta: (text) => send({ type: "delta", data: { text } }),
    done(text) {
      send({ type: "done", data: { text, finishReason: "stop", timing: { firstTokenMs: 5, totalMs: 10 } } });
      controller.close();
    },
    error(code, message) {
      send({ type: "error", data: { code, message, retryable: true } });
      controller.close();
    },
    ping: () => controller.enqueue(encoder.encode(SSE_PING)),
    end: () => controller.close(),
    drop: () => controller.error(new TypeError("network error")),
  };
}

export interface RecordedRequest {
  body: Record<string, unknown>;
  accept: string | null;
}

/**
 * A fetch that records the abort signal the client passes. msw does not carry a client's abort
 * into a mocked body, so this signal is how a test sees that stop() really aborted the request.
 */
export function signalRecordingFetch(): { fetch: typeof fetch; signals: AbortSignal[] } {
  const signals: AbortSignal[] = [];
  return {
    signals,
    fetch: (input, init) => {
      if (init?.signal) signals.push(init.signal);
      return fetch(input, init);
    },
  };
}

/**
 * Answers each POST to the route with the next of `answers` (a scripted stream or a plain
 * Response), recording what was asked.
 */
export function routeAnswers(answers: ReadonlyArray<ScriptedStream | (() => Response)>, api = "/api/ws-chat") {
  const requests: RecordedRequest[] = [];
  const handler = http.post(api, async ({ request }) => {
    const index = requests.length;
    requests.push({ body: (await request.json()) as Record<string, unknown>, accept: request.headers.get("accept") });
    const answer = answers[index];
    if (answer === undefined) return HttpResponse.json({ error: { code: "internal", message: "No answer scripted." } }, { status: 500 });
    return typeof answer === "function" ? answer() : answer.response();
  });
  return { handler, requests };
}

/** A route's 404 for an answer that is unknown or expired. */
export const answerNotFound = () =>
  HttpResponse.json({ error: { code: "not_found", message: "No answer is available: it never existed, has expired, or is not yours." } }, { status: 404 });

export interface RecordedStreamRequest {
  id: string;
  lastEventId: string | null;
}

/**
 * The answer endpoints `GET {api}/streams/:id` (each answered with the next of `answers`) and
 * `DELETE {api}/streams/:id` (202), recording what was asked.
 */
export function answerStreamRoutes(answers: ReadonlyArray<ScriptedStream | (() => Response)>, api = "/api/ws-chat") {
  const reads: RecordedStreamRequest[] = [];
  const stops: string[] = [];
  const handlers = [
    http.get(`${api}/streams/:id`, ({ params, request }) => {
      const index = reads.length;
      reads.push({ id: String(params.id), lastEventId: request.headers.get("last-event-id") });
      const answer = answers[index];
      if (answer === undefined) return answerNotFound();
      return typeof answer === "function" ? answer() : answer.response();
    }),
    http.delete(`${api}/streams/:id`, ({ params }) => {
      stops.push(String(params.id));
      return HttpResponse.json({ id: params.id, stopping: true, ended: false }, { status: 202 });
    }),
  ];
  return { handlers, reads, stops };
}
