/**
 * One message: the student's question as a bubble, or an answer as Markdown with its cursor,
 * typing indicator, end state and copy button. Memoized: a streaming answer re-renders alone.
 */
import { memo } from "react";
import type { AssistantMessage, ChatMessage } from "@/lib/chat-client/types";
import { AnswerFigures } from "./AnswerFigures";
import { CopyButton } from "./CopyButton";
import { Markdown } from "./Markdown";
import type { RemoteImages } from "./markdown-images";
import { TypingIndicator } from "./TypingIndicator";

interface MessageItemProps {
  message: ChatMessage;
  showFigures: boolean;
  allowRemoteImages?: RemoteImages;
}

export const MessageItem = memo(function MessageItem({ message, showFigures, allowRemoteImages }: MessageItemProps) {
  if (message.role === "user") {
    return (
      <div data-testid="message-user" className="flex justify-end">
        <div className="max-w-[85%] rounded-2xl rounded-br-md bg-maroon-700 px-4 py-2.5 whitespace-pre-wrap break-words text-white shadow-sm">
          <span className="sr-only">You: </span>
          {message.content}
        </div>
      </div>
    );
  }
  return <AnswerItem message={message} showFigures={showFigures} allowRemoteImages={allowRemoteImages} />;
});

const END_NOTES: Partial<Record<AssistantMessage["state"], string>> = {
  stopped: "Stopped. The answer above is incomplete.",
  interrupted: "Interrupted. The answer above is incomplete.",
};

function AnswerItem({ message, showFigures, allowRemoteImages }: MessageItemProps & { message: AssistantMessage }) {
  const streaming = message.state === "streaming";
  const waiting = streaming && message.content === "";
  const note = message.state === "stopped" && message.content === "" ? "Stopped before the answer began." : END_NOTES[message.state];

  return (
    <article
      data-testid="message-assistant"
      data-state={message.state}
      aria-busy={streaming}
      aria-label="Study Coach answer"
      className="group flex flex-col gap-2"
    >
      {waiting ? (
        <TypingIndicator />
      ) : (
        <div id={`answer-${message.id}`} data-testid="answer-text" className={`markdown ${streaming ? "answer-streaming" : ""}`}>
          <Markdown text={message.content} incomplete={message.state !== "done"} streaming={streaming} allowRemoteImages={allowRemoteImages} />
        </div>
      )}
      {note && (
        <p
          data-testid="answer-end-note"
          className="flex items-center gap-1.5 text-xs font-medium text-amber-800 dark:text-amber-300"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-3.5">
            <path fillRule="evenodd" d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm1-11a1 1 0 1 0-2 0v3a1 1 0 1 0 2 0V7Zm-1 7a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" clipRule="evenodd" />
          </svg>
          {note}
        </p>
      )}
      {!streaming && (message.content !== "" || showFigures) && (
        <div className="flex flex-wrap items-center gap-3">
          {message.content !== "" && <CopyButton text={message.content} />}
          {showFigures && <AnswerFigures message={message} />}
        </div>
      )}
      {streaming && showFigures && <AnswerFigures message={message} />}
    </article>
  );
}
