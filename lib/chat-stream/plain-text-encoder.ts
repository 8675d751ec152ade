/**
 * The plain-text wire format that existing Study Coach callers read: answer text only.
 */

export const PLAIN_TEXT_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "text/plain; charset=utf-8",
  // no-transform keeps `next start` from gzipping the stream, which buffers it.
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  // Without nosniff, browsers hold back the first bytes of text/plain to sniff its type.
  "X-Content-Type-Options": "nosniff",
};
