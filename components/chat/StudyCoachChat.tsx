"use client";
/**
 * The Study Coach chat (what `@/components/preparation/WebSocketChat` exports as its default):
 * the hook's options as props, answers streamed from `/api/ws-chat` and rendered as Markdown.
 * With no props it reads `courseId`, `studentId` and `preparationPageId` from the page URL, as the
 * original Study Coach chat did; props, when given, win.
 */
import { ChatView, type ChatViewProps } from "@/components/chat/ChatView";
import { useCreateAIChat } from "@/lib/chat-client/use-create-ai-chat";
import { usePageScope } from "@/lib/chat-client/use-page-scope";
import type { ChatOptions } from "@/lib/chat-client/types";

export type { ExamplePrompt } from "@/components/chat/ExamplePrompts";

export interface StudyCoachChatProps extends ChatOptions, Omit<ChatViewProps, "chat"> {}

export function StudyCoachChat(props: StudyCoachChatProps) {
  const fromUrl = usePageScope();
  // The hook reads only its own options and the view only its display props, so both get all of
  // them: a new display prop needs no second list here.
  const chat = useCreateAIChat({
    ...props,
    courseId: props.courseId ?? fromUrl.courseId,
    studentId: props.studentId ?? fromUrl.studentId,
    preparationPageId: props.preparationPageId ?? fromUrl.preparationPageId,
  });
  return <ChatView {...props} chat={chat} />;
}
