/**
 * Turns a relay of events into the bytes of a streamed response: our SSE, plain text, or the AI
 * SDK's UI message stream (`ui`), each one encoder of the same events.
 * Plain text has no way to say "failed", so a failure after text errors the body: the reader
 * sees a broken stream rather than a clean end, and a truncated answer never looks complete.
 */
import { ChatError } from "./errors";
import type { ChatErrorCode, ChatEvent } from "./events";
import type { EventRelay } from "./event-relay";
import { PLAIN_TEXT_HEADERS } from "./plain-text-encoder";
import { encodeSseEvent, SSE_HEADERS, SSE_PING } from "./sse-encoder";
import { createUiMessageEncoder, UI_MESSAGE_STREAM_HEADERS } from "./ui-message-stream-encoder";

export type StreamFormat = "sse" | "text" | "ui";

/** The response headers of each format. */
export const STREAM_HEADERS: Readonly<Record<StreamFormat, Readonly<Record<string, string>>>> = {
  sse: SSE_HEADERS,
  text: PLAIN_TEXT_HEADERS,
  ui: UI_MESSAGE_STREAM_HEADERS,
};

export interface ResponseStreamOptions {
  format: StreamFormat;
  /** Interval of `: ping` comments in SSE (ours and the UI message stream); 0 turns them off. */
  pingIntervalMs: number;
  /** The reader went away: stop the upstream. */
  onCancel: () => void;
  /** Counts bytes handed to the reader, for the stream's log line. */
  onSent?: (bytes: number) => void;
  /** SSE ids continue from here: a resumed reader gets the stored answer's own sequence numbers. */
  afterSequence?: number;
}

const encoder = new TextEncoder();

/**
 * What a plain-text body errors with when its answer breaks off: a `ChatError` with the code, named
 * `AbortError` because to the HTTP layer the body is aborted. Next.js pipes any errored body by
 * destroying the connection, so the reader sees the break either way, but it logs "failed to pipe
 * response" with a stack trace for every error except an abort (`isAbortError` in
 * next/dist/server/pipe-readable.js); the route's own log line already records the failure.
 */
export class TruncatedAnswerError extends ChatError {
  constructor(code: ChatErrorCode, message: string) {
    super(code, message);
    this.name = "AbortError";
  }
}

export function createResponseStream(relay: EventRelay, options: ResponseStreamOptions): ReadableStream<Uint8Array> {
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  let sequence = options.afterSequence ?? 0;

  function stopPings(): void {
    if (pingTimer !== undefined) clearInterval(pingTimer);
    pingTimer = undefined;
  }

  return new ReadableStream<Uint8Array>({
    start(controller) {
      function send(text: string): void {
        if (closed) return;
        try {
          const bytes = encoder.encode(text);
          controller.enqueue(bytes);
          options.onSent?.(bytes.byteLength);
        } catch {
          // The reader cancelled between our check and the enqueue; nothing is waiting for it.
          closed = true;
        }
      }

      function finish(failure?: ChatError): void {
        if (closed) return;
        closed = true;
        stopPings();
        try {
          if (failure) controller.error(failure);
          else controller.close();
        } catch {
          // Already cancelled by the reader: there is nobody left to tell.
        }
      }

      function onSseEvent(event: ChatEvent): void {
        sequence += 1;
        send(encodeSseEvent(event, sequence));
        if (event.type === "done" || event.type === "error") finish();
      }

      const ui = createUiMessageEncoder();
      function onUiEvent(event: ChatEvent): void {
        const chunks = ui.encode(event);
        // Metadata without sources has nothing to say in this protocol.
        if (chunks !== "") send(chunks);
        if (event.type === "done" || event.type === "error") finish();
      }

      function onTextEvent(event: ChatEvent): void {
        if (event.type === "delta") send(event.data.text);
        else if (event.type === "done") finish();
        else if (event.type === "error") finish(new TruncatedAnswerError(event.data.code, event.data.message));
      }

      if (options.format !== "text" && options.pingIntervalMs > 0) {
        pingTimer = setInterval(() => send(SSE_PING), options.pingIntervalMs);
      }
      relay.attach(options.format === "sse" ? onSseEvent : options.format === "ui" ? onUiEvent : onTextEvent);
    },
    cancel() {
      closed = true;
      stopPings();
      options.onCancel();
    },
  });
}
