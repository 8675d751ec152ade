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
  const { title, inputLabel, placeholder, examplePrompts, showAnswerFigures, emptyState, className, allowRemoteImages, ...options } = props;
  const fromUrl = usePageScope();
  const chat = useCreateAIChat({
    ...options,
    courseId: options.courseId ?? fromUrl.courseId,
    studentId: options.studentId ?? fromUrl.studentId,
    preparationPageId: options.preparationPageId ?? fromUrl.preparationPageId,
  });
  return (
    <ChatView
      chat={chat}
      title={title}
      inputLabel={inputLabel}
      placeholder={placeholder}
      examplePrompts={examplePrompts}
      showAnswerFigures={showAnswerFigures}
      emptyState={emptyState}
      className={className}
      allowRemoteImages={allowRemoteImages}
    />
  );
}
