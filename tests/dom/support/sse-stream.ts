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
}

export function scriptedStream(): ScriptedStream {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let sequence = 0;
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
    response: () => new HttpResponse(body, { status: 200, headers: SSE_HEADERS }),
    start: (upstream = "local", sessionId = "s") =>
      send({ type: "start", data: { messageId: `m-${sequence}`, sessionId, model: { provider: "aws", name: "claude4_5_sonnet" }, upstream } }),
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
