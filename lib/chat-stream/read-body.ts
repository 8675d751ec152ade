/**
 * Reads a request body as text, refusing it as soon as it passes `maxBytes` instead of
 * buffering whatever a client chooses to send.
 */

export type BodyReadResult = { ok: true; text: string } | { ok: false; reason: "too_large" | "unreadable" };

export async function readBodyWithLimit(request: Request, maxBytes: number): Promise<BodyReadResult> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, reason: "too_large" };
  if (!request.body) return { ok: true, text: "" };

  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let received = 0;
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: "too_large" };
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return { ok: false, reason: "unreadable" };
  }
  return { ok: true, text: text + decoder.decode() };
}
