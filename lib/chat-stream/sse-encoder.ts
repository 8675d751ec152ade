/**
 * Server-Sent Events encoding of our events: `event:`, `id:` (a per-stream sequence), `data:`
 * (one line of JSON; JSON escapes newlines, so a single data line is always enough).
 */
import type { ChatEvent } from "./events";

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform also stops `next start` (and proxies) from compressing, which would buffer.
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  "X-Content-Type-Options": "nosniff",
};

/** Comment line sent on idle streams so proxies keep them open. */
export const SSE_PING = ": ping\n\n";
export const SSE_PING_INTERVAL_MS = 15_000;

export function encodeSseEvent(event: ChatEvent, id: number): string {
  // Deltas are nearly every event: serialise the one string rather than an object around it.
  if (event.type === "delta") return `event: delta\nid: ${id}\ndata: {"text":${JSON.stringify(event.data.text)}}\n\n`;
  return `event: ${event.type}\nid: ${id}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
