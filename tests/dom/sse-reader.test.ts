import { describe, expect, it } from "vitest";
import type { ChatEvent } from "@/lib/chat-stream/events";
import { encodeSseEvent, SSE_PING } from "@/lib/chat-stream/sse-encoder";
import { readChatEvents, readIdentifiedChatEvents } from "@/lib/chat-client/sse-reader";

const encoder = new TextEncoder();

const EVENTS: ChatEvent[] = [
  { type: "start", data: { messageId: "m1", sessionId: "s1", model: { provider: "aws", name: "claude4_5_sonnet" }, upstream: "local" } },
  { type: "delta", data: { text: "Study tip 📚: " } },
  { type: "delta", data: { text: "学习 means\n“to study”." } },
  { type: "done", data: { text: "Study tip 📚: 学习 means\n“to study”.", finishReason: "stop", timing: { firstTokenMs: 3, totalMs: 9 } } },
];

const WIRE = [encodeSseEvent(EVENTS[0]!, 1), SSE_PING, ...EVENTS.slice(1).map((event, index) => encodeSseEvent(event, index + 2))].join("");

function bodyOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>): Promise<ChatEvent[]> {
  const events: ChatEvent[] = [];
  for await (const event of readChatEvents(body)) events.push(event);
  return events;
}

describe("readChatEvents", () => {
  it("reads the route's events in order and skips ping comments", async () => {
    expect(await collect(bodyOf([encoder.encode(WIRE)]))).toEqual(EVENTS);
  });

  it("reads the same events wherever the bytes are split, even inside a multi-byte character", async () => {
    const bytes = encoder.encode(WIRE);
    for (let cut = 1; cut < bytes.length; cut += 1) {
      const events = await collect(bodyOf([bytes.slice(0, cut), bytes.slice(cut)]));
      expect(events, `split at byte ${cut}`).toEqual(EVENTS);
    }
  });

  it("skips events that are not ours: unknown names, invalid JSON, wrong shapes", async () => {
    const wire = [
      "event: surprise\ndata: {}\n\n",
      "event: delta\ndata: not json\n\n",
      'event: delta\ndata: {"txt":"x"}\n\n',
      encodeSseEvent({ type: "delta", data: { text: "kept" } }, 4),
    ].join("");
    expect(await collect(bodyOf([encoder.encode(wire)]))).toEqual([{ type: "delta", data: { text: "kept" } }]);
  });

  it("simply ends when the body ends without a terminal event, leaving the verdict to the caller", async () => {
    const wire = encodeSseEvent({ type: "delta", data: { text: "half an" } }, 1);
    expect(await collect(bodyOf([encoder.encode(wire)]))).toEqual([{ type: "delta", data: { text: "half an" } }]);
  });

  it("gives each event its SSE id, the sequence a resume continues after", async () => {
    const wire = [WIRE, 'event: delta\ndata: {"text":"no id"}\n\n', 'event: delta\nid: x7\ndata: {"text":"odd id"}\n\n'].join("");
    const read: Array<number | undefined> = [];
    for await (const { id } of readIdentifiedChatEvents(bodyOf([encoder.encode(wire)]))) read.push(id);
    expect(read).toEqual([1, 2, 3, 4, undefined, undefined]);
  });

  it("passes on the error of a body that breaks", async () => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const reading = collect(body);
    controller.enqueue(encoder.encode(encodeSseEvent({ type: "delta", data: { text: "a" } }, 1)));
    controller.error(new TypeError("network error"));
    await expect(reading).rejects.toThrow("network error");
  });
});
