"use client";
/**
 * The Study Coach chat (what `@/components/preparation/WebSocketChat` exports as its default):
 * the hook's options as props, answers streamed from `/api/ws-chat` and rendered as Markdown,
 * and the student's conversations kept in this browser under `storageKey` (`false`: one
 * conversation, nothing kept). With no props it reads `courseId`, `studentId` and
 * `preparationPageId` from the page URL, as the original Study Coach chat did; props win.
 */
import { ChatView, type ChatViewProps } from "@/components/chat/ChatView";
import { defaultStorageKey } from "@/lib/chat-client/persistence";
import { useConversationLibrary, useNoteQuestions } from "@/lib/chat-client/use-conversation-library";
import { useCreateAIChat } from "@/lib/chat-client/use-create-ai-chat";
import { usePageScope } from "@/lib/chat-client/use-page-scope";
import { DEFAULT_CHAT_API, type ChatOptions } from "@/lib/chat-client/types";

export type { ExamplePrompt } from "@/components/chat/ExamplePrompts";

export interface StudyCoachChatProps extends ChatOptions, Omit<ChatViewProps, "chat" | "conversations"> {}

export function StudyCoachChat(props: StudyCoachChatProps) {
  const fromUrl = usePageScope();
  const scope = {
    ...props,
    api: props.api ?? DEFAULT_CHAT_API,
    courseId: props.courseId ?? fromUrl.courseId,
    studentId: props.studentId ?? fromUrl.studentId,
    preparationPageId: props.preparationPageId ?? fromUrl.preparationPageId,
  };
  const conversations = useConversationLibrary(props.storageKey === false ? false : (props.storageKey ?? defaultStorageKey(scope)), scope.api);
  // The hook reads only its own options and the view only its display props, so both get all of
  // them: a new display prop needs no second list here.
  const chat = useCreateAIChat({ ...scope, storageKey: conversations?.activeKey ?? false });
  useNoteQuestions(conversations, chat);
  return <ChatView {...props} chat={chat} conversations={conversations} />;
}
