/**
 * The public face for server code: `chatWithWebSocket(prompt, options)` streams one CreateAI
 * answer as text, over the same core as `/api/ws-chat`.
 */
import { loadCreateAIConfig, type CreateAIConfig } from "./createai/config";
import { buildCreateAIPayload, type CreateAIPayload, type HistoryTurn } from "./createai/payload";
import { defaultSocketFactory, systemClock, type SocketFactory } from "./createai/socket";
import { ChatError } from "./chat-stream/errors";
import { resolveCallerContext, type CallerContext } from "./chat-stream/caller-context";
import { consoleLogger, type Logger } from "./chat-stream/logger";
import { PLAIN_TEXT_HEADERS } from "./chat-stream/plain-text-encoder";
import { resolveCreateAIQuery, type ScopedChatRequest } from "./chat-stream/resolve-query";
import { createResponseStream } from "./chat-stream/response-stream";
import { startChat } from "./chat-stream/start-chat";

export { ChatError } from "./chat-stream/errors";
export type { CreateAIPayload } from "./createai/payload";
export type { CallerContext } from "./chat-stream/caller-context";

type ConversationTurn = HistoryTurn | { role: "user" | "assistant" | "system"; content: string };

/** Options today's Study Coach callers pass, plus cancellation and history. */
export interface ChatWithWebSocketOptions {
  modelProvider?: string;
  modelName?: string;
  sessionId?: string;
  systemPrompt?: string;
  temperature?: number;
  /**
   * Extra material for the model. A string joins the system prompt as it is. An object (the Study
   * Coach passes `{ studentId, courseId, preparationPageId, previousMessages }`) joins it as
   * `name: value` lines, and its `previousMessages` become the conversation's history when
   * `history` is not given.
   */
  context?: CallerContext;
  /** Earlier turns, as `{ query, response }` (CreateAI's shape) or `{ role, content }` messages. */
  history?: ConversationTurn[];
  enableSearch?: boolean;
  /** Aborting closes the upstream socket at once. */
  signal?: AbortSignal;
  /** For tests and special setups: where CreateAI is and how to reach it. */
  config?: CreateAIConfig;
  createSocket?: SocketFactory;
  logger?: Logger;
}

/**
 * Resolves to a stream of answer text once the first text has arrived. Fails as a rejected
 * promise (a `ChatError`) when nothing was answered, and as an errored stream when the answer
 * breaks off midway, so failure text never masquerades as part of the answer.
 */
export async function chatWithWebSocket(
  prompt: string,
  options: ChatWithWebSocketOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  if (typeof prompt !== "string" || prompt.trim() === "") {
    throw new ChatError("bad_request", "The prompt must be a non-empty string.");
  }
  const config = options.config ?? loadCreateAIConfig();
  const logger = options.logger ?? consoleLogger;
  const newId = () => crypto.randomUUID();
  const query = resolveCreateAIQuery(scopedRequest(prompt, options, config), config, newId);

  const { relay, abort } = startChat(
    query,
    { config, createSocket: options.createSocket ?? (await defaultSocketFactory()), fetch, clock: systemClock, newId, logger },
    options.signal,
  );

  const first = await relay.firstOutput;
  if (first.type === "error") throw new ChatError(first.data.code, first.data.message);
  return createResponseStream(relay, { format: "text", pingIntervalMs: 0, onCancel: abort });
}

/** The payload CreateAI would receive for `query` with these options (for logging or REST use). */
export function createWebSocketPayload(query: string, options: ChatWithWebSocketOptions = {}): CreateAIPayload {
  const config = options.config ?? loadCreateAIConfig();
  return buildCreateAIPayload(resolveCreateAIQuery(scopedRequest(query, options, config), config, () => crypto.randomUUID()));
}

/** A streaming plain-text `Response` for a stream from `chatWithWebSocket`. */
export class StreamResponse extends Response {
  constructor(stream: ReadableStream<Uint8Array>, init: ResponseInit = {}) {
    const headers = new Headers(PLAIN_TEXT_HEADERS);
    new Headers(init.headers).forEach((value, name) => headers.set(name, value));
    super(stream, { ...init, headers });
  }
}

/** The options of a library call in the shape the route's requests have. */
function scopedRequest(prompt: string, options: ChatWithWebSocketOptions, config: CreateAIConfig): ScopedChatRequest {
  const context = resolveCallerContext(options.context);
  const earlier = options.history ? historyToMessages(options.history) : context.previousMessages;
  return {
    messages: [...earlier, { role: "user", content: prompt }],
    sessionId: options.sessionId,
    systemPrompt: options.systemPrompt,
    temperature: options.temperature,
    model: modelFromOptions(options, config),
    enableSearch: options.enableSearch,
    context: context.text,
  };
}

function modelFromOptions(options: ChatWithWebSocketOptions, config: CreateAIConfig) {
  if (!options.modelProvider && !options.modelName) return undefined;
  return { provider: options.modelProvider ?? config.model.provider, name: options.modelName ?? config.model.name };
}

function historyToMessages(history: ConversationTurn[]): Array<{ role: "user" | "assistant" | "system"; content: string }> {
  return history.flatMap((turn) =>
    "role" in turn
      ? [turn]
      : [
          { role: "user" as const, content: turn.query },
          { role: "assistant" as const, content: turn.response },
        ],
  );
}
