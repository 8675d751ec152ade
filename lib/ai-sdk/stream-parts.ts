/**
 * Our run's events as the AI SDK's stream parts: `start` → `response-metadata`; the first `delta`
 * → `text-start`, then `text-delta`s; search sources in the closing metadata → `source` parts
 * (read by the route's own reader); `done` → `text-end` and `finish` (with the usage CreateAI
 * reported, if any); a failure → `error` and a `finish` whose reason is `error`, so a truncated
 * answer never looks complete. One translator per answer; no I/O.
 */
import type { JSONObject, JSONValue, LanguageModelV3Source, LanguageModelV3StreamPart, SharedV3ProviderMetadata } from "@ai-sdk/provider";
import type { ChatErrorCode, ChatEvent, StartData } from "../chat-stream/events";
import { sourceChunks, type ChatUIMessageChunk } from "../chat-stream/ui-message-stream-encoder";
import { PROVIDER_OPTIONS_KEY } from "./call-options";
import { usageFromMetadata } from "./usage";

type Part = LanguageModelV3StreamPart;

/** What `providerMetadata.createai` holds on `finish`. */
export interface CreateAIProviderMetadata extends JSONObject {
  /** The answer's id (also the `response-metadata` id). */
  messageId: string | null;
  /** The CreateAI session the answer was given in; pass it back as `providerOptions.createai.sessionId` to continue it. */
  sessionId: string | null;
  /** `createai`, or `local` for the stand-in. */
  upstream: string | null;
  /** CreateAI's closing metadata as received (model details, search sources, usage); null when it sent none. */
  metadata: JSONValue;
}

export interface StreamPartTranslator {
  /** The parts for one event; `error` events go through `fail`, which needs the error to report. */
  fromEvent(event: Exclude<ChatEvent, { type: "error" }>): Part[];
  /** The parts that end a failed answer. */
  fail(error: unknown, code: ChatErrorCode): Part[];
}

export function createStreamPartTranslator(now: () => Date = () => new Date()): StreamPartTranslator {
  let start: StartData | undefined;
  let metadata: unknown;
  let textOpen = false;
  const textId = () => start?.messageId ?? "text";

  function providerMetadata(): SharedV3ProviderMetadata {
    const createai: CreateAIProviderMetadata = {
      messageId: start?.messageId ?? null,
      sessionId: start?.sessionId ?? null,
      upstream: start?.upstream ?? null,
      // It came from JSON.parse (and was redacted), so it is JSON.
      metadata: metadata === undefined ? null : (metadata as JSONValue),
    };
    return { [PROVIDER_OPTIONS_KEY]: createai };
  }

  return {
    fromEvent(event) {
      switch (event.type) {
        case "start":
          start = event.data;
          return [{ type: "response-metadata", id: start.messageId, modelId: `${start.model.provider}/${start.model.name}`, timestamp: now() }];
        case "delta": {
          if (event.data.text === "") return [];
          const parts: Part[] = textOpen ? [] : [{ type: "text-start", id: textId() }];
          textOpen = true;
          parts.push({ type: "text-delta", id: textId(), delta: event.data.text });
          return parts;
        }
        case "metadata":
          metadata = event.data;
          return sourceChunks(event.data).flatMap(sourcePart);
        case "done":
          return [
            ...(textOpen ? [{ type: "text-end", id: textId() } as const] : []),
            // CreateAI reports no finish reason of its own: `<EOS>` is all it says.
            { type: "finish", finishReason: { unified: "stop", raw: undefined }, usage: usageFromMetadata(metadata), providerMetadata: providerMetadata() },
          ];
      }
    },
    fail(error, code) {
      return [
        { type: "error", error },
        { type: "finish", finishReason: { unified: "error", raw: code }, usage: usageFromMetadata(metadata), providerMetadata: providerMetadata() },
      ];
    },
  };
}

/** A source as the route's UI stream sends it, as the AI SDK's model-level source part. */
function sourcePart(chunk: ChatUIMessageChunk): LanguageModelV3Source[] {
  if (chunk.type === "source-url") {
    return [{ type: "source", sourceType: "url", id: chunk.sourceId, url: chunk.url, title: chunk.title, providerMetadata: chunk.providerMetadata }];
  }
  if (chunk.type === "source-document") {
    return [{ type: "source", sourceType: "document", id: chunk.sourceId, mediaType: chunk.mediaType, title: chunk.title, filename: chunk.filename, providerMetadata: chunk.providerMetadata }];
  }
  return [];
}
