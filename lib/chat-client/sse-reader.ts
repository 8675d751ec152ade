/**
 * Bytes of an SSE body → our typed events, with `eventsource-parser` doing the line work.
 * No fetch, no state: the caller owns the request and decides what an early end means.
 */
import { createParser } from "eventsource-parser";
import { parseChatEvent, type ChatEvent } from "@/lib/chat-stream/events";

/** One of our events and its SSE `id:`, the sequence number a resume continues after. */
export interface IdentifiedChatEvent {
  event: ChatEvent;
  /** The event's `id:` as a whole number; undefined when it had none (or not a number). */
  id: number | undefined;
}

/**
 * Yields each of our events in order with its id. Lines that are not one of our events (pings,
 * unknown names, invalid JSON) are skipped, so a newer server can add events without breaking us.
 * Ends when the body ends; throws what the body's reader throws (an abort, a broken connection).
 */
export async function* readIdentifiedChatEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<IdentifiedChatEvent> {
  const ready: IdentifiedChatEvent[] = [];
  const parser = createParser({
    onEvent(message) {
      const event = parseChatEvent(message.event ?? "message", message.data);
      if (event) ready.push({ event, id: parseEventId(message.id) });
    },
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      parser.feed(done ? decoder.decode() : decoder.decode(value, { stream: true }));
      while (ready.length > 0) yield ready.shift() as IdentifiedChatEvent;
      if (done) return;
    }
  } finally {
    // Leaving early (a terminal event, or the consumer stopped) releases the connection.
    reader.cancel().catch(() => undefined);
  }
}

/** {@link readIdentifiedChatEvents} without the ids. */
export async function* readChatEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ChatEvent> {
  for await (const { event } of readIdentifiedChatEvents(body)) yield event;
}

function parseEventId(id: string | undefined): number | undefined {
  if (id === undefined || !/^\d+$/.test(id)) return undefined;
  const value = Number(id);
  return Number.isSafeInteger(value) ? value : undefined;
}
