/**
 * The chat handler for the Node.js route: with REDIS_URL, resumable answers, rate limits,
 * per-client stream slots and duplicate-send claims live in Redis, so any number of instances act
 * as one; without it, the same handler as on Edge. Each instance keeps its own total stream cap.
 */
import type { AnswerStore } from "@/lib/answers/answer-store";
import { createRedisAnswerStore } from "@/lib/answers/redis-answer-store";
import { connectRedis } from "@/lib/answers/redis-connection";
import { createStreamSlots } from "@/lib/chat-stream/guards/stream-slots";
import { createChatHandler, type ChatHandler, type ChatHandlerOptions } from "@/lib/chat-stream/handler";
import { errorResponse } from "@/lib/chat-stream/http-responses";
import { loadServerSettings } from "@/lib/chat-stream/server-settings";
import { createRedisDuplicateSends } from "./redis-duplicate-sends";
import { createRedisRateLimitStore } from "./redis-rate-limit-store";
import { createRedisStreamSlots } from "./redis-stream-slots";

/** Longest wait for Redis before a request is refused with 503 `store_unavailable`. */
const REDIS_TIMEOUT_MS = 1_000;

export interface SharedStateChatHandler extends ChatHandler {
  /** Closes the Redis connections this handler opened (tests; a route's handler lives as long as its process). */
  close(): Promise<void>;
}

/**
 * How long an answer whose producer died stays readable: the resume TTL, as for any ended answer.
 * Invalid settings: the store's default here; the handler refuses each request with the error.
 */
function resumeTtlSeconds(options: ChatHandlerOptions, env: Record<string, string | undefined>): number | undefined {
  try {
    return (options.settings ?? loadServerSettings(options.env ?? env)).resumeTtlSeconds;
  } catch {
    return undefined;
  }
}

export function createSharedStateChatHandler(options: ChatHandlerOptions = {}, env: Record<string, string | undefined> = process.env): SharedStateChatHandler {
  const url = env.REDIS_URL?.trim();
  if (!url) return Object.assign(createChatHandler(options), { close: async () => undefined });

  const ownAnswerStore: AnswerStore | undefined = options.answerStore
    ? undefined
    : createRedisAnswerStore({ url, timeoutMs: REDIS_TIMEOUT_MS, lostAnswerTtlSeconds: resumeTtlSeconds(options, env) });
  // One connection for the three guards: each of their commands is short, none blocks. (The
  // answer store keeps its own two, one of them for pub/sub.) Nothing connects until a request.
  const guards = connectRedis(url, { timeoutMs: REDIS_TIMEOUT_MS });
  const handler = createChatHandler({
    ...options,
    answerStore: options.answerStore ?? ownAnswerStore,
    rateLimitStore: options.rateLimitStore ?? createRedisRateLimitStore(guards),
    streamSlots: options.streamSlots ?? createRedisStreamSlots(guards, createStreamSlots()),
    duplicateSends: options.duplicateSends ?? createRedisDuplicateSends(guards),
  });
  return Object.assign(handler, {
    async close() {
      guards.disconnect();
      await ownAnswerStore?.close();
    },
  });
}

/**
 * The handler of app/api/ws-chat-node: the shared-state handler with REDIS_URL; without it that
 * path is not served (404), or it would be a second set of per-process guards beside the Edge
 * route's, doubling every per-client allowance for whoever calls both paths.
 */
export function createNodeRouteHandler(env: Record<string, string | undefined> = process.env): ChatHandler {
  if (env.REDIS_URL?.trim()) return createSharedStateChatHandler({}, env);
  return async () => errorResponse("not_found", "Not found: /api/ws-chat is served on this path only with REDIS_URL.");
}
