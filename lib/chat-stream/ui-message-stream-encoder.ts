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
import { parseAnswerSources, type AnswerSource } from "@/lib/createai/search-sources";
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

const UI_MESSAGE_STREAM_END = "data: [DONE]\n\n";

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
      // The hot path, once per chunk of text: only the text is serialized, as encodeSseEvent does.
      if (event.type === "delta" && textStarted) return `data: {"type":"text-delta","id":"${TEXT_ID}","delta":${JSON.stringify(event.data.text)}}\n\n`;
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
 * CreateAI's search sources (read by `parseAnswerSources`, the same reading as the chat's list)
 * as source parts: one with an http(s) URL is a `source-url`, one with only a name a
 * `source-document`; no `sources` at all is simply no source.
 */
export function sourceChunks(metadata: unknown, alreadySent = 0): ChatUIMessageChunk[] {
  return parseAnswerSources(metadata).map((source, index): ChatUIMessageChunk => {
    const sourceId = `source-${alreadySent + index + 1}`;
    const details = sourceDetails(source);
    if (source.url !== undefined) {
      // A source with only a URL is titled by it: no title then, the URL says it.
      return { type: "source-url", sourceId, url: source.url, ...(source.title !== source.url ? { title: source.title } : {}), ...details };
    }
    return { type: "source-document", sourceId, mediaType: mediaTypeOf(source.title), title: source.title, filename: source.title, ...details };
  });
}

/** Page and relevance, where the upstream gave them, under the provider's own key. */
function sourceDetails(source: AnswerSource): { providerMetadata?: { createai: { pageNumber?: number; score?: number } } } {
  // A page given as text ("7") is still a page number; a label such as "iv" is not.
  const pageNumber = typeof source.page === "number" ? source.page : /^\d+$/.test(source.page ?? "") ? Number(source.page) : undefined;
  const { score } = source;
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

