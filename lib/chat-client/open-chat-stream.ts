/**
 * Posts one question to the route and sorts the answer into: a stream to read, a failure to
 * show, or an abort. A failure before any text is an HTTP error with a JSON body, not a stream.
 */
import { SAFE_MESSAGE_BY_CODE } from "@/lib/chat-stream/errors";
import { chatErrorCodeSchema, type ChatErrorCode } from "@/lib/chat-stream/events";
import type { ChatFailure } from "./types";
import type { ChatRequestBody } from "@/lib/chat-stream/request-schema";

// The body's shape is the route's own request schema; a type-only import adds nothing to the bundle.
export type { ChatRequestBody };

export type OpenedChatStream =
  | { kind: "stream"; body: ReadableStream<Uint8Array> }
  | { kind: "failed"; error: ChatFailure }
  | { kind: "aborted" };

export const CLIENT_MESSAGES = {
  network: "Could not reach the chat service. Check your connection and try again.",
  interrupted: "The answer was cut off before it finished. Please try again.",
  bad_response: "The chat service sent an answer this page could not read. Please try again.",
} as const;

export async function openChatStream(
  api: string,
  body: ChatRequestBody,
  signal: AbortSignal,
  fetchImpl: typeof fetch = fetch,
): Promise<OpenedChatStream> {
  let response: Response;
  try {
    response = await fetchImpl(api, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal.aborted || isAbortError(error)) return { kind: "aborted" };
    return { kind: "failed", error: { code: "network", message: CLIENT_MESSAGES.network } };
  }

  if (!response.ok) return { kind: "failed", error: await readErrorBody(response) };
  const contentType = response.headers.get("content-type") ?? "";
  if (!contentType.includes("text/event-stream") || response.body === null) {
    // Released without waiting: nothing depends on the server noticing.
    response.body?.cancel().catch(() => undefined);
    return { kind: "failed", error: { code: "bad_response", message: CLIENT_MESSAGES.bad_response } };
  }
  return { kind: "stream", body: response.body };
}

function isAbortError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError";
}

/** `{ error: { code, message } }` from the route, or a generic failure for anything else (a proxy's HTML page, say). */
async function readErrorBody(response: Response): Promise<ChatFailure> {
  const fallbackCode = codeForStatus(response.status);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return { code: fallbackCode, message: SAFE_MESSAGE_BY_CODE[fallbackCode] };
  }
  const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = chatErrorCodeSchema.safeParse(error?.code);
  if (!code.success) return { code: fallbackCode, message: SAFE_MESSAGE_BY_CODE[fallbackCode] };
  // The route's message is written to be shown to a student (see lib/chat-stream/errors.ts).
  const message = typeof error?.message === "string" && error.message !== "" ? error.message : SAFE_MESSAGE_BY_CODE[code.data];
  return { code: code.data, message };
}

function codeForStatus(status: number): ChatErrorCode {
  if (status === 400 || status === 405) return "bad_request";
  if (status === 413) return "payload_too_large";
  if (status === 429) return "rate_limited";
  if (status === 504) return "upstream_timeout";
  if (status === 502 || status === 503) return "upstream_unavailable";
  return "internal";
}
