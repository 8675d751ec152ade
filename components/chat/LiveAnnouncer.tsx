"use client";
/**
 * Tells screen reader users about answers without reading every token: "answering" when a
 * question goes out, that it is slow when it goes quiet, then the whole answer once it is
 * complete (or that it was stopped), as text without Markdown, code-block labels or the
 * duplicate MathML of formulas. Only answers seen arriving here are read: opening a finished
 * conversation reads nothing out. Errors announce themselves through the error notice's role="alert".
 */
import { useEffect, useRef, useState } from "react";
import type { ChatMessage, ChatStatus } from "@/lib/chat-client/types";
import { answerPlainText } from "./answer-plain-text";

/** Longer answers are announced by their length: nobody listens to ten pages read out in one go. */
const MAX_ANNOUNCED_CHARS = 4_000;

export function LiveAnnouncer({ messages, status, slow = false }: { messages: readonly ChatMessage[]; status: ChatStatus; slow?: boolean }) {
  const [announcement, setAnnouncement] = useState("");
  const last = messages.at(-1);
  const answerId = last?.role === "assistant" ? last.id : undefined;
  const answerState = last?.role === "assistant" ? last.state : undefined;
  // A boolean, not the length: the effect below then runs when the answer ends, not on every frame of it.
  const longAnswer = last?.role === "assistant" && last.content.length > MAX_ANNOUNCED_CHARS;
  const content = useRef("");
  content.current = last?.role === "assistant" ? last.content : "";
  const seenArriving = useRef<string | undefined>(undefined);
  if (answerState === "streaming") seenArriving.current = answerId;

  useEffect(() => {
    if (status === "submitted") setAnnouncement("The Study Coach is answering…");
  }, [status]);

  useEffect(() => {
    if (slow) setAnnouncement("This answer is taking longer than usual. You can keep waiting or stop it.");
  }, [slow]);

  useEffect(() => {
    if (answerId === undefined || seenArriving.current !== answerId) return;
    if (answerState === "done" && longAnswer) {
      setAnnouncement("The answer is complete. It is long: read it in the conversation.");
    } else if (answerState === "done") {
      // What a reader sees, not its Markdown source.
      setAnnouncement(`Answer: ${answerPlainText(content.current)}`);
    } else if (answerState === "stopped") {
      setAnnouncement("Answer stopped.");
    }
  }, [answerId, answerState, longAnswer]);

  return (
    <div data-testid="chat-announcer" aria-live="polite" aria-atomic="true" className="sr-only">
      {announcement}
    </div>
  );
}
