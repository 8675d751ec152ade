/**
 * Posts one question to the route and sorts the answer into: a stream to read, a failure to
 * show, or an abort. A failure before any text is an HTTP error with a JSON body, not a stream.
 */
import { chatErrorCodeSchema, type ChatErrorCode } from "@/lib/chat-stream/events";
import { studentFailure } from "./student-messages";
import type { ChatFailure } from "./types";
import type { ChatRequestBody } from "@/lib/chat-stream/request-schema";

// The body's shape is the route's own request schema; a type-only import adds nothing to the bundle.
export type { ChatRequestBody };

export const SSE_CONTENT_TYPE = "text/event-stream";

export type OpenedChatStream =
  /** `messageId` from `X-Message-Id`: how a resumable answer is read again after a break. */
  | { kind: "stream"; body: ReadableStream<Uint8Array>; messageId: string | undefined }
  | { kind: "failed"; error: ChatFailure }
  | { kind: "aborted" };

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
      headers: { "Content-Type": "application/json", Accept: SSE_CONTENT_TYPE },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal.aborted || isAbortError(error)) return { kind: "aborted" };
    return { kind: "failed", error: studentFailure("network") };
  }

  if (!response.ok) return { kind: "failed", error: await readErrorBody(response) };
  const contentType = response.headers.get("content-type") ?? "";
  if (!contentType.includes(SSE_CONTENT_TYPE) || response.body === null) {
    // Released without waiting: nothing depends on the server noticing.
    response.body?.cancel().catch(() => undefined);
    return { kind: "failed", error: studentFailure("bad_response") };
  }
  return { kind: "stream", body: response.body, messageId: response.headers.get("x-message-id") ?? undefined };
}

function isAbortError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError";
}

/**
 * A refusal before answering: the code from the route's `{ error: { code, message } }`, or one
 * guessed from the status for anything else (a proxy's HTML page, say). The route's message is
 * precise and meant for developers; the student reads the sentence for the code.
 */
async function readErrorBody(response: Response): Promise<ChatFailure> {
  const context = { status: response.status, retryAfterSeconds: parseRetryAfter(response.headers.get("retry-after"), Date.now()) };
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return studentFailure(codeForStatus(response.status), context);
  }
  const error = (json as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null)?.error;
  const code = chatErrorCodeSchema.safeParse(error?.code);
  const detail = typeof error?.message === "string" && error.message !== "" ? error.message : undefined;
  const failure = studentFailure(code.success ? code.data : codeForStatus(response.status), { ...context, detail });
  return error?.field === "sessionId" ? { ...failure, staleSession: true } : failure;
}

/** `Retry-After` as seconds from now: either a number of seconds or an HTTP date. */
function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value) ? Number(value) : Math.ceil((Date.parse(value) - nowMs) / 1000);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

function codeForStatus(status: number): ChatErrorCode {
  if (status === 400 || status === 405 || status === 415) return "bad_request";
  if (status === 403) return "forbidden";
  if (status === 409) return "duplicate";
  if (status === 413) return "payload_too_large";
  if (status === 429) return "rate_limited";
  if (status === 504) return "upstream_timeout";
  if (status === 502 || status === 503) return "upstream_unavailable";
  return "internal";
}
