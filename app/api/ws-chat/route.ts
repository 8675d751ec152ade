import { createChatHandler } from "@/lib/chat-stream/handler";

// Kept on Edge as the Study Coach asked; the handler uses only web-standard APIs, so
// "nodejs" works here too (the tests run it under both).
export const runtime = "edge";

const handleChatRequest = createChatHandler();

export const POST = handleChatRequest;
// Answered by the handler with 405 and a JSON error, instead of Next's empty 405.
export const GET = handleChatRequest;
export const PUT = handleChatRequest;
export const PATCH = handleChatRequest;
export const DELETE = handleChatRequest;
// Answered by the handler too: Next's own OPTIONS would list every export above in `Allow`.
export const OPTIONS = handleChatRequest;
