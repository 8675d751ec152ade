/** The browser client of `/api/ws-chat`: a hook, and the React-free controller behind it. */
export { useCreateAIChat, type UseCreateAIChatResult } from "./use-create-ai-chat";
export { createChatController, type ChatController } from "./chat-controller";
export { readChatEvents } from "./sse-reader";
export * from "./types";
