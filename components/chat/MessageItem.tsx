/**
 * One message: the student's question as a bubble (the last one with Edit), or an answer
 * (`AnswerItem`). Memoized: a streaming answer re-renders alone, and only the last question and
 * answer get the actions that change with the chat's state.
 */
import { Pencil } from "lucide-react";
import { memo } from "react";
import type { ChatMessage, UserMessage } from "@/lib/chat-client/types";
import { ACTION_BUTTON } from "./action-button";
import { AnswerItem } from "./AnswerItem";
import type { RemoteImages } from "./markdown-images";

interface MessageItemProps {
  message: ChatMessage;
  showFigures: boolean;
  allowRemoteImages?: RemoteImages;
  /** Given to the last question while no answer is arriving: puts it back in the box to edit. */
  onEdit?: (message: UserMessage) => void;
  /** Whether this question is the one being edited. */
  editing?: boolean;
  /** Given to the last answer once it has ended. */
  onRegenerate?: () => void;
}

export const MessageItem = memo(function MessageItem({ message, showFigures, allowRemoteImages, onEdit, editing = false, onRegenerate }: MessageItemProps) {
  if (message.role === "assistant") {
    return <AnswerItem message={message} showFigures={showFigures} allowRemoteImages={allowRemoteImages} onRegenerate={onRegenerate} />;
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <div data-testid="message-user" data-editing={editing || undefined} className="flex w-full justify-end">
        <div
          className={`max-w-[85%] rounded-2xl rounded-br-md bg-maroon-700 px-4 py-2.5 whitespace-pre-wrap break-words text-white shadow-sm ${editing ? "opacity-60 ring-2 ring-maroon-300 ring-offset-2 ring-offset-white dark:ring-offset-zinc-900" : ""}`}
        >
          <span className="sr-only">You: </span>
          {message.content}
        </div>
      </div>
      {onEdit && !editing && (
        <button
          type="button"
          data-testid="edit-button"
          onClick={() => onEdit(message)}
          aria-label="Edit your question"
          className={ACTION_BUTTON}
        >
          <Pencil aria-hidden="true" className="size-3.5" />
          <span aria-hidden="true">Edit</span>
        </button>
      )}
    </div>
  );
});
