import { createNodeRouteHandler } from "@/lib/shared-state/shared-state-handler";

// The same /api/ws-chat… paths on the Node.js runtime, for shared state on Redis (TCP, which the
// Edge runtime lacks). next.config.ts sends /api/ws-chat, its /metrics and /streams/{id} here
// when REDIS_URL is set at build time; without it this path answers 404.
export const runtime = "nodejs";

const handleChatRequest = createNodeRouteHandler();

export const POST = handleChatRequest;
export const GET = handleChatRequest;
export const PUT = handleChatRequest;
export const PATCH = handleChatRequest;
export const DELETE = handleChatRequest;
export const OPTIONS = handleChatRequest;
