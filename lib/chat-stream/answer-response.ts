/**
 * Shapes a run's events into the response the request asked for: a stream (SSE, plain text or
 * the AI SDK's UI message stream) once the first text is there, or the whole answer as JSON.
 */
import { SAFE_MESSAGE_BY_CODE } from "./errors";
import type { ChatEvent, StartData } from "./events";
import type { EventRelay } from "./event-relay";
import { answerResponse, errorResponse, sizedErrorResponse, type SizedResponse } from "./http-responses";
import { createResponseStream, STREAM_HEADERS, type StreamFormat } from "./response-stream";

export interface StreamedAnswerOptions {
  format: StreamFormat;
  pingIntervalMs: number;
  onCancel: () => void;
  onSent: (bytes: number) => void;
}

/**
 * Waits for the first text or the end; a failure before any text is an HTTP error status with
 * our JSON error, in every format (the AI SDK's `DefaultChatTransport` throws it, body as message).
 */
export async function streamedAnswerResponse(relay: EventRelay, options: StreamedAnswerOptions): Promise<Response> {
  const first = await relay.firstOutput;
  if (first.type === "error") return errorResponse(first.data.code, first.data.message);

  // Read before the stream attaches: attaching drains the buffer.
  const start = relay.buffered().find((event) => event.type === "start");
  const { format } = options;
  const stream = createResponseStream(relay, { format, pingIntervalMs: options.pingIntervalMs, onCancel: options.onCancel, onSent: options.onSent });
  const idHeaders: Record<string, string> =
    start?.type === "start" ? { "X-Message-Id": start.data.messageId, "X-Session-Id": start.data.sessionId } : {};
  return new Response(stream, { status: 200, headers: { ...STREAM_HEADERS[format], ...idHeaders } });
}

/** `stream: false`: the whole answer as JSON, or an error that keeps any partial text. */
export function completeAnswerResponse(events: readonly ChatEvent[]): SizedResponse {
  let start: StartData | undefined;
  let metadata: unknown;
  let partialText = "";
  const ids = () => ({ messageId: start?.messageId ?? "", sessionId: start?.sessionId ?? "" });
  for (const event of events) {
    if (event.type === "start") start = event.data;
    else if (event.type === "delta") partialText += event.data.text;
    else if (event.type === "metadata") metadata = event.data;
    else if (event.type === "done" && start) {
      const { text, finishReason, timing } = event.data;
      return answerResponse({ text, response: text, ...ids(), finishReason, timing, upstream: start.upstream, model: start.model, metadata });
    } else if (event.type === "error") {
      return sizedErrorResponse(event.data.code, event.data.message, partialText ? { partialText, ...ids() } : ids());
    }
  }
  return sizedErrorResponse("internal", SAFE_MESSAGE_BY_CODE.internal, ids());
}
