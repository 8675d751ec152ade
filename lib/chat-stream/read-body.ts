/**
 * Reads a request body as text, refusing it as soon as it passes `maxBytes` or takes longer
 * than `timeoutMs` in all, instead of buffering or waiting for whatever a client chooses to send.
 */
import { systemClock, type Clock } from "../createai/socket";

export type BodyReadResult = { ok: true; text: string } | { ok: false; reason: "too_large" | "too_slow" | "unreadable" };

/** How much a body may hold and how long the whole of it may take to arrive. */
export interface BodyLimits {
  maxBytes: number;
  timeoutMs: number;
}

export async function readBodyWithLimit(request: Request, limits: BodyLimits, clock: Clock = systemClock): Promise<BodyReadResult> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limits.maxBytes) return { ok: false, reason: "too_large" };
  if (!request.body) return { ok: true, text: "" };

  const reader = request.body.getReader();
  let deadlineTimer: unknown;
  const deadline = new Promise<"too_slow">((resolve) => {
    deadlineTimer = clock.setTimeout(() => resolve("too_slow"), limits.timeoutMs);
  });
  const decoder = new TextDecoder();
  let received = 0;
  let text = "";
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), deadline]);
      if (next === "too_slow") return stopReading(reader, "too_slow");
      if (next.done) break;
      received += next.value.byteLength;
      if (received > limits.maxBytes) return stopReading(reader, "too_large");
      text += decoder.decode(next.value, { stream: true });
    }
  } catch {
    return { ok: false, reason: "unreadable" };
  } finally {
    clock.clearTimeout(deadlineTimer);
  }
  return { ok: true, text: text + decoder.decode() };
}

/**
 * Tells the client to stop sending and refuses at once. The cancel is not awaited: it settles
 * only when the body's source says so, and the request body in the Edge sandbox of `next start`
 * never does, so awaiting it would hold the refusal back for as long as the client keeps sending.
 */
function stopReading(reader: ReadableStreamDefaultReader<Uint8Array>, reason: "too_large" | "too_slow"): BodyReadResult {
  // A body that errored or closed meanwhile rejects the cancel; there is nothing left to stop.
  reader.cancel().catch(() => undefined);
  return { ok: false, reason };
}
