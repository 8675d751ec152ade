"use client";
/**
 * The chat's whole interface for one conversation from `useCreateAIChat`: header, messages,
 * error with Retry, example prompts and the question box. It renders; the hook does the rest.
 * The question box's text lives here, so a question the route refused can be put back into it.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { UseCreateAIChatResult } from "@/lib/chat-client/use-create-ai-chat";
import { ChatComposer } from "./ChatComposer";
import { ErrorNotice } from "./ErrorNotice";
import { ExamplePrompts, type ExamplePrompt } from "./ExamplePrompts";
import { LiveAnnouncer } from "./LiveAnnouncer";
import type { RemoteImages } from "./markdown-images";
import { MessageList } from "./MessageList";
import { useRenderProbe } from "./render-probe";
import { SlowAnswerNotice } from "./SlowAnswerNotice";
import { useSlowAnswer } from "./use-slow-answer";

export interface ChatViewProps {
  chat: UseCreateAIChatResult;
  title?: string;
  /** Accessible name of the question box. */
  inputLabel?: string;
  placeholder?: string;
  examplePrompts?: readonly ExamplePrompt[];
  /** Per-answer figures (time to first text, chunks, chars/s) for developers. */
  showAnswerFigures?: boolean;
  /** Shown while the conversation is empty. */
  emptyState?: ReactNode;
  className?: string;
  /**
   * Images in answers that load from other servers: by default none (each is shown as a link,
   * so the model cannot make the student's browser call a URL it chose); `true` any; or a list
   * of origins such as `["https://images.example.edu"]`. `data:` images always show.
   */
  allowRemoteImages?: RemoteImages;
}

export function ChatView({
  chat,
  title = "Study Coach",
  inputLabel = "Ask the Study Coach a question",
  placeholder = "Ask a question…",
  examplePrompts = [],
  showAnswerFigures = false,
  emptyState,
  className = "",
  allowRemoteImages = false,
}: ChatViewProps) {
  useRenderProbe();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  // Tells browser tests (and anyone automating the page) that the chat is interactive.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const { messages, status, error, isBusy, send, stop, retry, reset } = chat;
  const questionCount = messages.reduce((count, message) => count + (message.role === "user" ? 1 : 0), 0);
  const focusInput = useCallback(() => inputRef.current?.focus(), []);

  const [draft, setDraft] = useState("");
  const [seenError, setSeenError] = useState(error);
  if (error !== seenError) {
    setSeenError(error);
    // A refused question comes back to the box to be edited, unless a new one is being typed there.
    if (error?.question !== undefined && draft.trim() === "") setDraft(error.question);
  }

  const last = messages.at(-1);
  const pending = isBusy && last?.role === "assistant" && last.state === "streaming" ? last : undefined;
  const slow = useSlowAnswer(pending !== undefined, pending && `${pending.id}:${pending.content.length}`);

  function pick(prompt: string): void {
    send(prompt);
    focusInput();
  }

  return (
    <section
      aria-label={title}
      data-testid="chat"
      data-status={status}
      data-hydrated={hydrated}
      className={`flex min-h-0 flex-col overflow-hidden rounded-2xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900 ${className}`}
    >
      <header className="flex items-center justify-between gap-3 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
        <h2 className="text-base font-semibold">{title}</h2>
        <button
          type="button"
          data-testid="new-chat-button"
          onClick={() => {
            reset();
            focusInput();
          }}
          disabled={messages.length === 0 && !isBusy}
          className="inline-flex items-center gap-1.5 rounded-lg px-2.5 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 disabled:cursor-not-allowed disabled:opacity-50 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:focus-visible:outline-maroon-300"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4">
            <path d="M10 3a1 1 0 0 1 1 1v5h5a1 1 0 1 1 0 2h-5v5a1 1 0 1 1-2 0v-5H4a1 1 0 1 1 0-2h5V4a1 1 0 0 1 1-1Z" />
          </svg>
          New chat
        </button>
      </header>

      <MessageList
        messages={messages}
        showFigures={showAnswerFigures}
        followKey={questionCount}
        emptyState={emptyState ?? DEFAULT_EMPTY_STATE}
        allowRemoteImages={allowRemoteImages}
      />

      {slow && (
        <SlowAnswerNotice
          onStop={() => {
            stop();
            focusInput();
          }}
        />
      )}
      {status === "error" && error && (
        <ErrorNotice
          error={error}
          onRetry={() => {
            // Retry sends the refused question again; the copy put back in the box is not needed then.
            if (error.question !== undefined && draft === error.question) setDraft("");
            retry();
            focusInput();
          }}
        />
      )}
      <ExamplePrompts prompts={examplePrompts} disabled={isBusy} onPick={pick} />
      <ChatComposer
        busy={isBusy}
        draft={draft}
        onDraftChange={setDraft}
        onSend={send}
        onStop={stop}
        inputRef={inputRef}
        label={inputLabel}
        placeholder={placeholder}
      />
      <LiveAnnouncer messages={messages} status={status} slow={slow} />
    </section>
  );
}

function DefaultEmptyState() {
  return (
    <div className="flex flex-col items-center gap-2 py-10 text-center">
      <p className="text-lg font-semibold">How can I help you study?</p>
      <p className="max-w-sm text-sm text-zinc-600 dark:text-zinc-400">
        Ask about the material you are preparing. Answers appear as they are written; you can stop one at any time.
      </p>
    </div>
  );
}

// One element for every render, so typing in the question box does not re-render the conversation.
const DEFAULT_EMPTY_STATE = <DefaultEmptyState />;
