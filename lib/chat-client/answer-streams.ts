/**
 * The client side of `{api}/streams/{messageId}`: GET to read a resumable answer again from
 * after the last event already applied, DELETE to stop it wherever it is produced.
 */
import { SSE_CONTENT_TYPE } from "./open-chat-stream";

/** What asking for an answer again gave. */
export type ReopenedAnswer =
  | { kind: "stream"; body: ReadableStream<Uint8Array> }
  /** 404 (unknown, expired) or another refusal that asking again will not change. */
  | { kind: "gone" }
  /** The network or the server failed this time; a later attempt may work. */
  | { kind: "unavailable" }
  | { kind: "aborted" };

function answerStreamUrl(api: string, messageId: string): string {
  return `${api.replace(/\/+$/, "")}/streams/${encodeURIComponent(messageId)}`;
}

/** GET the answer `messageId`, replaying every event after `lastEventId` (from its start when undefined). */
export async function reopenAnswer(
  api: string,
  messageId: string,
  lastEventId: number | undefined,
  signal: AbortSignal,
  fetchImpl: typeof fetch = fetch,
): Promise<ReopenedAnswer> {
  const headers: Record<string, string> = { Accept: SSE_CONTENT_TYPE };
  if (lastEventId !== undefined) headers["Last-Event-ID"] = String(lastEventId);
  let response: Response;
  try {
    response = await fetchImpl(answerStreamUrl(api, messageId), { headers, signal, cache: "no-store" });
  } catch {
    return signal.aborted ? { kind: "aborted" } : { kind: "unavailable" };
  }
  const isStream = (response.headers.get("content-type") ?? "").includes(SSE_CONTENT_TYPE);
  if (response.ok && isStream && response.body !== null) return { kind: "stream", body: response.body };
  // Released without waiting: nothing depends on the server noticing.
  response.body?.cancel().catch(() => undefined);
  // 5xx (a restarting instance, a shared store briefly down) may pass; a 4xx will not.
  return response.status >= 500 ? { kind: "unavailable" } : { kind: "gone" };
}

/**
 * Stops the answer `messageId` on the server, fire and forget: `keepalive` lets the request
 * outlive the page, and a failure changes nothing here (the answer was already stopped locally).
 */
export function stopAnswer(api: string, messageId: string, fetchImpl: typeof fetch = fetch): void {
  try {
    fetchImpl(answerStreamUrl(api, messageId), { method: "DELETE", keepalive: true }).then(
      (response) => response.body?.cancel().catch(() => undefined),
      () => undefined,
    );
  } catch {
    // A fetch that throws synchronously (a test double, an odd polyfill): nothing to undo.
  }
}
