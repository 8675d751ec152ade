/**
 * Turns a relay of events into the bytes of a streamed response, in SSE or plain text.
 * Plain text has no way to say "failed", so a failure after text errors the body: the reader
 * sees a broken stream rather than a clean end, and a truncated answer never looks complete.
 */
import { ChatError } from "./errors";
import type { ChatErrorCode, ChatEvent } from "./events";
import type { EventRelay } from "./event-relay";
import { encodeSseEvent, SSE_PING } from "./sse-encoder";

export type StreamFormat = "sse" | "text";

export interface ResponseStreamOptions {
  format: StreamFormat;
  /** Interval of `: ping` comments in SSE; 0 turns them off. */
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

      function onTextEvent(event: ChatEvent): void {
        if (event.type === "delta") send(event.data.text);
        else if (event.type === "done") finish();
        else if (event.type === "error") finish(new TruncatedAnswerError(event.data.code, event.data.message));
      }

      if (options.format === "sse" && options.pingIntervalMs > 0) {
        pingTimer = setInterval(() => send(SSE_PING), options.pingIntervalMs);
      }
      relay.attach(options.format === "sse" ? onSseEvent : onTextEvent);
    },
    cancel() {
      closed = true;
      stopPings();
      options.onCancel();
    },
  });
}
