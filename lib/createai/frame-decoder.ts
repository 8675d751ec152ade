/**
 * Pure decoder of CreateAI socket frames: frames in, callbacks out; no socket, no timer.
 *
 * It understands text frames ending with `<EOS>` (alone, appended, or split across frames),
 * JSON frames (`{response}`, `{response: "<EOS>", metadata}`, `{error}`), and AWS API Gateway
 * frames (`{message, connectionId, requestId}`). Which failure code a frame means is decided
 * by `upstream-failure.ts`, from the frame's structure.
 */
import { GATEWAY_TIMEOUT_MESSAGE, classifyErrorType, classifyGatewayMessage, type FrameErrorCode } from "./upstream-failure";

export type { FrameErrorCode };

export const END_OF_STREAM = "<EOS>";

export interface FrameError {
  code: FrameErrorCode;
  /** What upstream said, for the server log; never shown to a user. */
  detail: string;
}

export interface FrameDecoderHandlers {
  /** A piece of answer text, in order. */
  onText(text: string): void;
  /** Metadata of a JSON-mode answer (sources, usage), before `onEnd`. */
  onMetadata(metadata: unknown): void;
  /** The answer is complete. Called at most once; nothing is called after it. */
  onEnd(): void;
  /** Upstream reported a failure. Called at most once; nothing is called after it. */
  onError(error: FrameError): void;
  /**
   * The gateway's 29 s "Endpoint request timed out" notice. The answer can still stream after
   * it, so it is not an error by itself.
   */
  onGatewayTimeout?(): void;
}

export interface FrameDecoder {
  /** Decodes one socket message. Binary messages are read as UTF-8, across frame boundaries. */
  feed(frame: string | ArrayBuffer | ArrayBufferView): void;
  /** The socket is gone: hands over any text held back while waiting for a split `<EOS>`. */
  flush(): void;
  /** True once `onEnd` or `onError` has been called. */
  readonly finished: boolean;
  /** True if a gateway timeout notice arrived. */
  readonly sawGatewayTimeout: boolean;
}

type JsonFrame =
  | { kind: "answer"; text: string; metadata: unknown }
  | { kind: "error"; error: FrameError }
  | { kind: "gateway-timeout" }
  | { kind: "not-protocol" };

/** Creates a decoder for one answer. */
export function createFrameDecoder(handlers: FrameDecoderHandlers): FrameDecoder {
  let finished = false;
  let sawGatewayTimeout = false;
  // Tail of the text that might be the start of a `<EOS>` split across frames.
  let heldBack = "";
  let utf8: TextDecoder | undefined;

  function finishWithEnd(): void {
    finished = true;
    handlers.onEnd();
  }

  function finishWithError(error: FrameError): void {
    releaseHeldBack();
    finished = true;
    handlers.onError(error);
  }

  function releaseHeldBack(): void {
    if (heldBack === "") return;
    const text = heldBack;
    heldBack = "";
    handlers.onText(text);
  }

  function acceptText(chunk: string): void {
    const text = heldBack === "" ? chunk : heldBack + chunk;
    heldBack = "";
    const end = text.indexOf(END_OF_STREAM);
    if (end !== -1) {
      if (end > 0) handlers.onText(text.slice(0, end));
      finishWithEnd();
      return;
    }
    const keep = partialMarkerLength(text);
    const ready = keep === 0 ? text : text.slice(0, text.length - keep);
    if (ready !== "") handlers.onText(ready);
    if (keep > 0) heldBack = text.slice(text.length - keep);
  }

  /**
   * A JSON frame's text is the answer verbatim: the end is `{"response": "<EOS>"}` (or `<EOS>` at
   * the very end of a frame's text), so an answer that mentions `<EOS>` is not cut short.
   */
  function acceptJsonText(text: string): void {
    if (text.endsWith(END_OF_STREAM)) {
      const last = text.slice(0, text.length - END_OF_STREAM.length);
      if (last !== "") handlers.onText(last);
      finishWithEnd();
      return;
    }
    if (text !== "") handlers.onText(text);
  }

  function feedString(frame: string): void {
    if (frame === "") return;
    const json = frame.charCodeAt(0) === 123 /* { */ ? readJsonFrame(frame) : { kind: "not-protocol" as const };
    switch (json.kind) {
      case "not-protocol":
        acceptText(frame);
        return;
      case "gateway-timeout":
        sawGatewayTimeout = true;
        handlers.onGatewayTimeout?.();
        return;
      case "error":
        finishWithError(json.error);
        return;
      case "answer":
        releaseHeldBack();
        if (json.metadata !== undefined) handlers.onMetadata(json.metadata);
        acceptJsonText(json.text);
        return;
    }
  }

  return {
    feed(frame) {
      if (finished) return;
      if (typeof frame === "string") {
        feedString(frame);
        return;
      }
      utf8 ??= new TextDecoder("utf-8");
      const bytes = frame instanceof ArrayBuffer ? new Uint8Array(frame) : frame;
      feedString(utf8.decode(bytes, { stream: true }));
    },
    flush() {
      if (finished) return;
      const rest = utf8?.decode() ?? "";
      if (rest !== "") heldBack += rest;
      releaseHeldBack();
    },
    get finished() {
      return finished;
    },
    get sawGatewayTimeout() {
      return sawGatewayTimeout;
    },
  };
}

/** Length of the longest suffix of `text` that is a proper prefix of `<EOS>`. */
function partialMarkerLength(text: string): number {
  // Nearly every frame ends in none of the marker's characters: answer that without slicing.
  const last = text.charCodeAt(text.length - 1);
  if (last !== 60 /* < */ && last !== 69 /* E */ && last !== 79 /* O */ && last !== 83 /* S */) return 0;
  const max = Math.min(END_OF_STREAM.length - 1, text.length);
  for (let length = max; length > 0; length--) {
    if (text.endsWith(END_OF_STREAM.slice(0, length))) return length;
  }
  return 0;
}

function readJsonFrame(frame: string): JsonFrame {
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return { kind: "not-protocol" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { kind: "not-protocol" };
  const record = value as Record<string, unknown>;

  if (typeof record.response === "string") {
    return { kind: "answer", text: record.response, metadata: record.metadata };
  }
  if (record.error !== undefined && record.error !== null && record.error !== false) {
    const detail = [stringify(record.error_type), stringify(record.error)].filter(Boolean).join(": ");
    return { kind: "error", error: { code: classifyErrorType(record.error_type), detail } };
  }
  const fromGateway = "connectionId" in record || "requestId" in record;
  if (fromGateway && typeof record.message === "string") {
    if (record.message === GATEWAY_TIMEOUT_MESSAGE) return { kind: "gateway-timeout" };
    return { kind: "error", error: { code: classifyGatewayMessage(record.message), detail: record.message } };
  }
  // A model can answer with JSON of its own; anything that is not a protocol frame is answer text.
  return { kind: "not-protocol" };
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}
