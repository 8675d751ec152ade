/**
 * The AI SDK's own client pieces, pointed at a handler with no server in between: the
 * `DefaultChatTransport` that `useChat` uses, the `Chat` behind `useChat`, and the SDK's parsers
 * for what the route sends. Whatever these accept, a browser running `useChat` accepts.
 */
import { Chat } from "@ai-sdk/react";
import { parseJsonEventStream } from "@ai-sdk/provider-utils";
import { DefaultChatTransport, readUIMessageStream, uiMessageChunkSchema, type UIMessage, type UIMessageChunk } from "ai";
import type { ChatMessageMetadata } from "@/lib/chat-stream/ui-message-stream-encoder";
import type { Handler } from "./chat-client";

export const CHAT_URL = "http://localhost/api/ws-chat";

export type ChatUIMessage = UIMessage<ChatMessageMetadata>;

export interface TransportOptions {
  /** Headers on every request (an `Origin`, the user for `identify`). */
  headers?: Record<string, string>;
  /** Our own fields the app adds to every body (`enableSearch`, a `sessionId`…). */
  body?: Record<string, unknown>;
}

/** `DefaultChatTransport` as an app would configure it, with `fetch` calling the handler. */
export function transportFor(handler: Handler, options: TransportOptions = {}): DefaultChatTransport<ChatUIMessage> {
  return new DefaultChatTransport<ChatUIMessage>({
    api: CHAT_URL,
    headers: options.headers,
    body: options.body,
    fetch: async (input, init) => handler(new Request(input instanceof Request ? input : String(input), init)),
  });
}

/** What `useChat({ id, transport })` holds: the SDK's `Chat`, driven without React. */
export function chatFor(handler: Handler, id: string, options: TransportOptions & { messages?: ChatUIMessage[] } = {}): Chat<ChatUIMessage> {
  return new Chat<ChatUIMessage>({ id, messages: options.messages, transport: transportFor(handler, options) });
}

export async function readChunks(stream: ReadableStream<UIMessageChunk>): Promise<UIMessageChunk[]> {
  const chunks: UIMessageChunk[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

/** The message the SDK assembles from `chunks`, and the errors it reported on the way. */
export async function assemble(chunks: readonly UIMessageChunk[]): Promise<{ message: ChatUIMessage | undefined; errors: string[] }> {
  const errors: string[] = [];
  let message: ChatUIMessage | undefined;
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  const onError = (error: unknown) => errors.push(error instanceof Error ? error.message : String(error));
  for await (const snapshot of readUIMessageStream<ChatUIMessage>({ stream, onError })) message = snapshot;
  return { message, errors };
}

/** Every `data:` payload of a raw body, each checked against the SDK's chunk schema. */
export async function parseBody(body: ReadableStream<Uint8Array>): Promise<UIMessageChunk[]> {
  const chunks: UIMessageChunk[] = [];
  const reader = parseJsonEventStream({ stream: body, schema: uiMessageChunkSchema }).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    if (!value.success) throw value.error;
    chunks.push(value.value);
  }
}

/** A message's text: its text parts, in order. */
export function textOf(message: UIMessage | undefined): string {
  return (message?.parts ?? []).map((part) => (part.type === "text" ? part.text : "")).join("");
}

/** The chunk types in order, a run of `text-delta` written once as `text-delta…`. */
export function chunkOrder(chunks: readonly UIMessageChunk[]): string[] {
  const order: string[] = [];
  for (const chunk of chunks) {
    const name = chunk.type === "text-delta" ? "text-delta…" : chunk.type;
    if (name !== "text-delta…" || order.at(-1) !== name) order.push(name);
  }
  return order;
}

/** A body as `DefaultChatTransport` sends it: a user message's text parts and the chat id. */
export function uiBody(chatId: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    id: chatId,
    messages: [{ id: "u1", role: "user", parts: [{ type: "text", text }] }],
    trigger: "submit-message",
    messageId: undefined,
    ...extra,
  };
}
