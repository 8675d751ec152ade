"use client";
/**
 * Editing the last question: Edit puts it back in the question box, sending then replaces it
 * (and its answer) instead of asking a new one, and Cancel or Escape leaves it as it was. An
 * edit ends by itself when its question is no longer on screen (New chat, another conversation)
 * or an answer is arriving.
 */
import { useCallback, useEffect, useState } from "react";
import type { UseCreateAIChatResult } from "@/lib/chat-client/use-create-ai-chat";
import { lastQuestionIndex } from "@/lib/chat-client/conversation";
import type { UserMessage } from "@/lib/chat-client/types";
import { useEscapeKey } from "./use-escape-key";

export interface QuestionEdit {
  /** The question being edited, if any. */
  editingId: string | undefined;
  start(message: UserMessage): void;
  cancel(): void;
  /** What the question box's Send does: asks, or sends the edited question. */
  submit(text: string): boolean;
}

export function useQuestionEdit(
  chat: Pick<UseCreateAIChatResult, "messages" | "isBusy" | "send" | "edit" | "error">,
  setDraft: (text: string) => void,
  focusInput: () => void,
): QuestionEdit {
  const { messages, isBusy, send, edit, error } = chat;
  const [chosenId, setChosenId] = useState<string>();
  // An edit the route refused is still an edit: its text is back in the box (ChatView), and
  // Send replaces the last question with it, as Retry does.
  const [seenError, setSeenError] = useState(error);
  if (error !== seenError) {
    setSeenError(error);
    const question = messages[lastQuestionIndex(messages)];
    if (error?.editsLastQuestion && question !== undefined) setChosenId(question.id);
  }
  const editingId = chosenId !== undefined && !isBusy && messages.some((message) => message.id === chosenId) ? chosenId : undefined;

  const start = useCallback(
    (message: UserMessage) => {
      setChosenId(message.id);
      setDraft(message.content);
      focusInput();
    },
    [setDraft, focusInput],
  );
  const cancel = useCallback(() => {
    setChosenId(undefined);
    setDraft("");
    focusInput();
  }, [setDraft, focusInput]);
  useEscapeKey(editingId !== undefined, cancel);

  // The question left the screen (New chat, another conversation): its edit must not be sent
  // there as a new question.
  const abandoned = chosenId !== undefined && !messages.some((message) => message.id === chosenId);
  useEffect(() => {
    if (!abandoned) return;
    setChosenId(undefined);
    setDraft("");
  }, [abandoned, setDraft]);

  function submit(text: string): boolean {
    if (editingId === undefined) return send(text);
    const taken = edit(text);
    if (taken) setChosenId(undefined);
    return taken;
  }

  return { editingId, start, cancel, submit };
}
