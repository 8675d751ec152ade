/**
 * One answer: Markdown with its typing indicator and end state, the sources it drew on, and
 * what a student can do with it once it has ended: copy it (an incomplete one says so in the
 * copy too, so a pasted partial answer never looks whole), or ask for another (the last one).
 */
import { RefreshCw } from "lucide-react";
import { useMemo } from "react";
import { parseAnswerSources } from "@/lib/createai/search-sources";
import type { AssistantMessage } from "@/lib/chat-client/types";
import { ACTION_BUTTON } from "./action-button";
import { AnswerFigures } from "./AnswerFigures";
import { AnswerSources } from "./AnswerSources";
import { CopyAnswerMenu } from "./CopyAnswerMenu";
import { Markdown } from "./Markdown";
import type { RemoteImages } from "./markdown-images";
import { TypingIndicator } from "./TypingIndicator";

export interface AnswerItemProps {
  message: AssistantMessage;
  showFigures: boolean;
  allowRemoteImages?: RemoteImages;
  /** Given to the last answer once it has ended (finished, stopped or failed): asks again. */
  onRegenerate?: () => void;
}

const END_NOTES: Partial<Record<AssistantMessage["state"], string>> = {
  stopped: "Stopped. The answer above is incomplete.",
  interrupted: "Interrupted. The answer above is incomplete.",
};


export function AnswerItem({ message, showFigures, allowRemoteImages, onRegenerate }: AnswerItemProps) {
  const streaming = message.state === "streaming";
  const waiting = streaming && message.content === "";
  const note = message.state === "stopped" && message.content === "" ? "Stopped before the answer began." : END_NOTES[message.state];
  const sources = useMemo(() => parseAnswerSources(message.metadata), [message.metadata]);

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
      <AnswerSources sources={sources} />
      {note && (
        <p data-testid="answer-end-note" className="flex items-center gap-1.5 text-xs font-medium text-amber-800 dark:text-amber-300">
          <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-3.5">
            <path fillRule="evenodd" d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm1-11a1 1 0 1 0-2 0v3a1 1 0 1 0 2 0V7Zm-1 7a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" clipRule="evenodd" />
          </svg>
          {note}
        </p>
      )}
      {!streaming && (message.content !== "" || showFigures || onRegenerate) && (
        <div className="flex flex-wrap items-center gap-x-1 gap-y-2">
          {message.content !== "" && <CopyAnswerMenu content={note === undefined ? message.content : `${message.content}\n\n(${note})`} />}
          {onRegenerate && (
            <button type="button" data-testid="regenerate-button" onClick={onRegenerate} aria-label="Regenerate the answer" className={ACTION_BUTTON}>
              <RefreshCw aria-hidden="true" className="size-3.5" />
              <span aria-hidden="true">Regenerate</span>
            </button>
          )}
          {showFigures && <span className="ml-2"><AnswerFigures message={message} /></span>}
        </div>
      )}
      {streaming && showFigures && <AnswerFigures message={message} />}
    </article>
  );
}
