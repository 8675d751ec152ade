"use client";
/**
 * The path the Study Coach's pages import: `import WebSocketChat from
 * '@/components/preparation/WebSocketChat'`. The component lives in `components/chat/` and nothing
 * else in this project imports this file, so a host app may replace it with its own copy.
 */
import { StudyCoachChat } from "@/components/chat/StudyCoachChat";

export type { StudyCoachChatProps as WebSocketChatProps } from "@/components/chat/StudyCoachChat";
export type { ExamplePrompt } from "@/components/chat/ExamplePrompts";

export default StudyCoachChat;
