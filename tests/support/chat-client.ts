import { createParser } from "eventsource-parser";
import { parseChatEvent, type ChatEvent } from "@/lib/chat-stream/events";

export type Handler = (request: Request) => Promise<Response>;

export function chatRequest(body: unknown, init: { accept?: string; signal?: AbortSignal; method?: string } = {}): Request {
  return new Request("http://localhost/api/ws-chat", {
    method: init.method ?? "POST",
    headers: { "Content-Type": "application/json", Accept: init.accept ?? "*/*" },
    body: init.method === "GET" ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    signal: init.signal,
  });
}

export function ask(question: string, extra: Record<string, unknown> = {}) {
  return { messages: [{ role: "user", content: question }], ...extra };
}

export interface SseRead {
  events: ChatEvent[];
  ids: string[];
  comments: string[];
}

/** Reads a whole SSE body with the same parser the browser hook uses. */
export async function readSse(response: Response): Promise<SseRead> {
  const read: SseRead = { events: [], ids: [], comments: [] };
  const parser = createParser({
    onEvent(message) {
      const event = parseChatEvent(message.event ?? "message", message.data);
      if (!event) throw new Error(`not one of our events: ${message.event} ${message.data}`);
      read.events.push(event);
      read.ids.push(message.id ?? "");
    },
    onComment: (comment) => read.comments.push(comment),
  });
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
  return read;
}

/** Reads a plain-text body; resolves with what arrived and whether the stream ended cleanly. */
export async function readText(response: Response): Promise<{ text: string; failed: boolean }> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: text + decoder.decode(), failed: false };
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return { text, failed: true };
  }
}

export function deltaText(events: ChatEvent[]): string {
  return events.map((event) => (event.type === "delta" ? event.data.text : "")).join("");
}

/** Reads SSE events until `count` have arrived, then drops the connection (a Wi-Fi blip). */
export async function readThenDrop(response: Response, count: number): Promise<{ events: ChatEvent[]; lastId: string }> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: ChatEvent[] = [];
  let lastId = "";
  const parser = createParser({
    onEvent(message) {
      const event = parseChatEvent(message.event ?? "message", message.data);
      if (!event || events.length >= count) return;
      events.push(event);
      lastId = message.id ?? lastId;
    },
  });
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  await reader.cancel();
  return { events, lastId };
}
