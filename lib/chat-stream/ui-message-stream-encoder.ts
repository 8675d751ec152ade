/**
 * The AI SDK's UI message stream protocol v1 as one more encoder of our events, so `useChat`
 * with `DefaultChatTransport` reads the route directly. Each chunk is an SSE `data:` line of JSON;
 * the stream ends with `data: [DONE]`.
 *
 * | our event  | chunks                                                                   |
 * | ---------- | ------------------------------------------------------------------------ |
 * | `start`    | `start` (our `messageId`; sessionId, model, upstream as messageMetadata), `start-step` |
 * | `delta`    | `text-start` before the first, then `text-delta`                         |
 * | `metadata` | a `source-url` or `source-document` per search source (none: nothing)   |
 * | `done`     | `text-end`, `finish-step`, `finish` (timing added to messageMetadata), `[DONE]` |
 * | `error`    | `error` (our safe message as `errorText`), `[DONE]`: never `finish`      |
 *
 * A truncated answer leaves its text part open and ends without `finish`, so it cannot look
 * complete. The encoder keeps a little state per stream (whether text has begun, the sources so
 * far) and does no I/O.
 */
import type { FinishReason, UIMessageChunk } from "ai";
import type { ChatEvent, StartData } from "./events";
import { SSE_HEADERS } from "./sse-encoder";

/**
 * `UI_MESSAGE_STREAM_HEADERS` of the `ai` package, with our SSE headers on top: a charset,
 * `no-transform` (keeps `next start` from compressing, which buffers) and `nosniff`.
 */
export const UI_MESSAGE_STREAM_HEADERS: Readonly<Record<string, string>> = {
  ...SSE_HEADERS,
  Connection: "keep-alive",
  "x-vercel-ai-ui-message-stream": "v1",
};

export const UI_MESSAGE_STREAM_END = "data: [DONE]\n\n";

/** `messageMetadata` of our answers: `start` carries the first three, `finish` all four. */
export interface ChatMessageMetadata {
  sessionId: string;
  model: { provider: string; name: string };
  upstream: "createai" | "local";
  timing?: { firstTokenMs: number | null; totalMs: number };
}

export type ChatUIMessageChunk = UIMessageChunk<ChatMessageMetadata>;

/** One text part per answer: its id only has to be unique within the message. */
const TEXT_ID = "text";

const FINISH_REASONS: ReadonlySet<string> = new Set<FinishReason>(["stop", "length", "content-filter", "tool-calls", "error", "other"]);

export interface UiMessageEncoder {
  /** The chunks for one event as SSE text: zero or more `data:` lines, `[DONE]` after the last event. */
  encode(event: ChatEvent): string;
}

export function createUiMessageEncoder(): UiMessageEncoder {
  let start: StartData | undefined;
  let textStarted = false;
  let sources = 0;

  function chunksOf(event: ChatEvent): ChatUIMessageChunk[] {
    switch (event.type) {
      case "start":
        start = event.data;
        return [{ type: "start", messageId: event.data.messageId, messageMetadata: startMetadata(event.data) }, { type: "start-step" }];
      case "delta": {
        const delta: ChatUIMessageChunk = { type: "text-delta", id: TEXT_ID, delta: event.data.text };
        if (textStarted) return [delta];
        textStarted = true;
        return [{ type: "text-start", id: TEXT_ID }, delta];
      }
      case "metadata": {
        const chunks = sourceChunks(event.data, sources);
        sources += chunks.length;
        return chunks;
      }
      case "done": {
        const finishReason = FINISH_REASONS.has(event.data.finishReason) ? (event.data.finishReason as FinishReason) : "other";
        const timing = event.data.timing;
        return [
          ...(textStarted ? [{ type: "text-end", id: TEXT_ID } as const] : []),
          { type: "finish-step" },
          { type: "finish", finishReason, ...(start ? { messageMetadata: { ...startMetadata(start), timing } } : {}) },
        ];
      }
      case "error":
        return [{ type: "error", errorText: event.data.message }];
    }
  }

  return {
    encode(event) {
      let text = "";
      for (const chunk of chunksOf(event)) text += `data: ${JSON.stringify(chunk)}\n\n`;
      if (event.type === "done" || event.type === "error") text += UI_MESSAGE_STREAM_END;
      return text;
    },
  };
}

function startMetadata(start: StartData): ChatMessageMetadata {
  return { sessionId: start.sessionId, model: start.model, upstream: start.upstream };
}

/**
 * CreateAI's search sources (JSON-mode metadata, `sources: [{ source_name, page_number,
 * source_url | url, score, content }]`), read tolerantly: an item with an http(s) URL is a
 * `source-url`, one with only a name a `source-document`; anything else, or no `sources` at all,
 * is simply no source. Only http(s) URLs become links: a `javascript:` one would run on click.
 */
export function sourceChunks(metadata: unknown, alreadySent = 0): ChatUIMessageChunk[] {
  if (!isRecord(metadata) || !Array.isArray(metadata.sources)) return [];
  const chunks: ChatUIMessageChunk[] = [];
  for (const item of metadata.sources) {
    if (!isRecord(item)) continue;
    const name = nonEmptyString(item.source_name) ?? nonEmptyString(item.title);
    const url = httpUrl(item.source_url) ?? httpUrl(item.url);
    const details = sourceDetails(item);
    const sourceId = `source-${alreadySent + chunks.length + 1}`;
    if (url !== undefined) {
      chunks.push({ type: "source-url", sourceId, url, ...(name !== undefined ? { title: name } : {}), ...details });
    } else if (name !== undefined) {
      chunks.push({ type: "source-document", sourceId, mediaType: mediaTypeOf(name), title: name, filename: name, ...details });
    }
  }
  return chunks;
}

/** Page and relevance, where the upstream gave them, under the provider's own key. */
function sourceDetails(item: Record<string, unknown>): { providerMetadata?: { createai: { pageNumber?: number; score?: number } } } {
  const pageNumber = finiteNumber(item.page_number);
  const score = finiteNumber(item.score);
  if (pageNumber === undefined && score === undefined) return {};
  return { providerMetadata: { createai: { ...(pageNumber !== undefined ? { pageNumber } : {}), ...(score !== undefined ? { score } : {}) } } };
}

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  pdf: "application/pdf",
  md: "text/markdown",
  txt: "text/plain",
  html: "text/html",
  htm: "text/html",
  csv: "text/csv",
  json: "application/json",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};

function mediaTypeOf(name: string): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return (extension !== undefined ? MEDIA_TYPES[extension] : undefined) ?? "application/octet-stream";
}

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? value : undefined;
  } catch {
    return undefined;
  }
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function finiteNumber(value: unknown): number | undefined {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) ? number : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
