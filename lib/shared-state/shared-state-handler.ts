/**
 * The chat handler for the Node.js route: with REDIS_URL, resumable answers live in Redis, so
 * any number of instances act as one; without it, the same handler as on Edge.
 */
import { createRedisAnswerStore } from "@/lib/answers/redis-answer-store";
import { createChatHandler, type ChatHandler, type ChatHandlerOptions } from "@/lib/chat-stream/handler";

export function createSharedStateChatHandler(options: ChatHandlerOptions = {}, env: Record<string, string | undefined> = process.env): ChatHandler {
  const url = env.REDIS_URL?.trim();
  if (!url) return createChatHandler(options);
  return createChatHandler({ ...options, answerStore: options.answerStore ?? createRedisAnswerStore({ url }) });
}
