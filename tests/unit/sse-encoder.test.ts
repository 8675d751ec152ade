import { describe, expect, it } from "vitest";
import { encodeSseEvent, SSE_HEADERS } from "@/lib/chat-stream/sse-encoder";
import { parseChatEvent } from "@/lib/chat-stream/events";

describe("SSE encoding", () => {
  it.each([
    [{ type: "delta", data: { text: "hi" } } as const, 3, 'event: delta\nid: 3\ndata: {"text":"hi"}\n\n'],
    [{ type: "delta", data: { text: "two\nlines" } } as const, 4, 'event: delta\nid: 4\ndata: {"text":"two\\nlines"}\n\n'],
    [
      { type: "error", data: { code: "upstream_closed", message: "lost", retryable: true } } as const,
      9,
      'event: error\nid: 9\ndata: {"code":"upstream_closed","message":"lost","retryable":true}\n\n',
    ],
  ])("encodes %j as exact bytes", (event, id, bytes) => {
    expect(encodeSseEvent(event, id)).toBe(bytes);
  });

  it("round-trips through the shared schema", () => {
    const event = { type: "done", data: { text: "a", finishReason: "stop", timing: { firstTokenMs: 1, totalMs: 2 } } } as const;
    const wire = encodeSseEvent(event, 1);
    const data = /data: (.*)\n/.exec(wire)?.[1] ?? "";
    expect(parseChatEvent("done", data)).toEqual(event);
  });

  it("declares the headers that keep proxies and compression from buffering", () => {
    expect(SSE_HEADERS).toEqual({
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
      "X-Content-Type-Options": "nosniff",
    });
  });
});
