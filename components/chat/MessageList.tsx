"use client";
/**
 * The scrolling conversation: follows a growing answer unless the reader scrolled up, then
 * offers "Jump to latest".
 */
import { memo, useEffect, useRef, type ReactNode } from "react";
import { lastQuestionIndex } from "@/lib/chat-client/conversation";
import type { ChatMessage, UserMessage } from "@/lib/chat-client/types";
import type { RemoteImages } from "./markdown-images";
import { MessageItem } from "./MessageItem";
import { useStickToBottom } from "./use-stick-to-bottom";

export interface MessageListProps {
  messages: readonly ChatMessage[];
  showFigures: boolean;
  /** Shown when there are no messages yet. */
  emptyState: ReactNode;
  /** When this changes (the student asked something), the view follows the newest content again. */
  followKey: unknown;
  allowRemoteImages?: RemoteImages;
  /** An answer is on its way: the last question and answer offer no actions then. */
  busy: boolean;
  onEdit: (message: UserMessage) => void;
  /** The question being edited in the question box. */
  editingId: string | undefined;
  onRegenerate: () => void;
}

/** Memoized: typing in the question box re-renders the chat around it, not the conversation. */
export const MessageList = memo(function MessageList({
  messages,
  showFigures,
  emptyState,
  followKey,
  allowRemoteImages,
  busy,
  onEdit,
  editingId,
  onRegenerate,
}: MessageListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const last = messages.at(-1);
  const lastQuestion = messages[lastQuestionIndex(messages)];
  // Only the newest exchange can be asked again or edited, and only while nothing is arriving.
  const regenerable = !busy && last?.role === "assistant" ? last.id : undefined;
  const editable = !busy ? lastQuestion?.id : undefined;
  const { pinned, jumpToLatest } = useStickToBottom(scrollRef, messages);

  useEffect(() => {
    jumpToLatest();
  }, [followKey, jumpToLatest]);

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scrollRef}
        data-testid="message-list"
        // Focusable so keyboard users can scroll it; a region, not a log, which would read out every token.
        role="region"
        tabIndex={0}
        aria-label="Conversation"
        className="h-full overflow-y-auto overscroll-contain focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-maroon-700 dark:focus-visible:outline-maroon-300"
      >
        <div className="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-5 sm:px-6">
          {messages.length === 0
            ? emptyState
            : messages.map((message) => (
                <MessageItem
                  key={message.id}
                  message={message}
                  showFigures={showFigures}
                  allowRemoteImages={allowRemoteImages}
                  onEdit={message.id === editable ? onEdit : undefined}
                  editing={message.id === editingId}
                  onRegenerate={message.id === regenerable ? onRegenerate : undefined}
                />
              ))}
        </div>
      </div>
      {!pinned && (
        <button
          type="button"
          data-testid="jump-to-latest"
          onClick={jumpToLatest}
          className="absolute bottom-3 left-1/2 inline-flex -translate-x-1/2 items-center gap-1.5 rounded-full border border-zinc-200 bg-white/95 px-3.5 py-1.5 text-sm font-medium text-zinc-800 shadow-md backdrop-blur hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 dark:border-zinc-700 dark:bg-zinc-800/95 dark:text-zinc-100 dark:hover:bg-zinc-700 dark:focus-visible:outline-maroon-300"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4">
            <path fillRule="evenodd" d="M10 3a1 1 0 0 1 1 1v9.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-5 5a1 1 0 0 1-1.4 0l-5-5a1 1 0 1 1 1.4-1.4L9 13.6V4a1 1 0 0 1 1-1Z" clipRule="evenodd" />
          </svg>
          Jump to latest
        </button>
      )}
    </div>
  );
});
