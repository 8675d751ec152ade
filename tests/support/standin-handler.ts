/**
 * The route's handler pointed at a stand-in, as the integration tests build it: the stand-in's
 * token and address, silent logs, and room for many streams from one test client.
 */
import { createChatHandler, type ChatHandlerOptions } from "@/lib/chat-stream/handler";
import { silentLogger } from "@/lib/chat-stream/logger";
import type { Standin } from "@/scripts/standin/server";

export function standinChatHandler(standin: Standin, token: string, env: Record<string, string> = {}, extra: Partial<ChatHandlerOptions> = {}) {
  return createChatHandler({
    env: { CREATE_AI_API_TOKEN: token, CREATE_AI_PROJECT_ID: "p", CREATE_AI_WS_URL: standin.url, WS_CHAT_MAX_STREAMS_PER_CLIENT: "100", ...env },
    logger: silentLogger,
    ...extra,
  });
}
