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
 * Lifetimes of a Redis answer's keys from the route's settings: an answer whose producer died is
 * readable for the resume TTL, as any ended answer; and while an answer streams, its keys live
 * only a little longer than that past their last refresh (every lease renewal refreshes them), so
 * the answers of an instance that died with nobody reading them go too. Invalid settings: the
 * store's defaults here; the handler refuses each request with the error.
 */
function answerKeyLifetimes(options: ChatHandlerOptions, env: Record<string, string | undefined>): { lostAnswerTtlSeconds?: number; safetyTtlSeconds?: number } {
  try {
    const { resumeTtlSeconds, producerLeaseMs } = options.settings ?? loadServerSettings(options.env ?? env);
    return { lostAnswerTtlSeconds: resumeTtlSeconds, safetyTtlSeconds: resumeTtlSeconds + 2 * Math.ceil(producerLeaseMs / 1000) };
  } catch {
    return {};
  }
}

export function createSharedStateChatHandler(options: ChatHandlerOptions = {}, env: Record<string, string | undefined> = process.env): SharedStateChatHandler {
  const url = env.REDIS_URL?.trim();
  if (!url) return Object.assign(createChatHandler(options), { close: async () => undefined });

  const ownAnswerStore: AnswerStore | undefined = options.answerStore
    ? undefined
    : createRedisAnswerStore({ url, timeoutMs: REDIS_TIMEOUT_MS, ...answerKeyLifetimes(options, env) });
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
