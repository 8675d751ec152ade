"use client";
/**
 * The question box: Enter sends, Shift+Enter adds a line; Send is disabled while the box is
 * empty and becomes Stop while an answer is on its way.
 */
import { useId, useState, type FormEvent, type KeyboardEvent, type RefObject } from "react";

export interface ChatComposerProps {
  busy: boolean;
  /** Returns false when the question was not taken (empty, or an answer is still arriving). */
  onSend: (text: string) => boolean;
  onStop: () => void;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  label: string;
  placeholder: string;
}

const buttonBase =
  "inline-flex size-10 shrink-0 items-center justify-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 dark:focus-visible:outline-maroon-300";

export function ChatComposer({ busy, onSend, onStop, inputRef, label, placeholder }: ChatComposerProps) {
  const [draft, setDraft] = useState("");
  const inputId = useId();
  const hintId = useId();
  const empty = draft.trim() === "";

  function submit(event?: FormEvent): void {
    event?.preventDefault();
    if (busy || empty) return;
    if (onSend(draft)) setDraft("");
    inputRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    // While an input method is composing (Japanese, Chinese…), Enter confirms the composition.
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    submit();
  }

  function stop(): void {
    onStop();
    inputRef.current?.focus();
  }

  return (
    <form onSubmit={submit} className="border-t border-zinc-200 bg-white px-3 py-3 sm:px-4 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="mx-auto flex max-w-3xl items-end gap-2 rounded-2xl border border-zinc-300 bg-white py-1.5 pr-1.5 pl-4 shadow-sm focus-within:border-maroon-700 focus-within:ring-2 focus-within:ring-maroon-700/20 dark:border-zinc-700 dark:bg-zinc-950 dark:focus-within:border-maroon-300 dark:focus-within:ring-maroon-300/20">
        <label htmlFor={inputId} className="sr-only">
          {label}
        </label>
        <textarea
          id={inputId}
          ref={inputRef}
          data-testid="chat-input"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={placeholder}
          aria-describedby={hintId}
          rows={1}
          className="max-h-48 min-h-10 flex-1 resize-none bg-transparent py-2 text-base leading-6 [field-sizing:content] placeholder:text-zinc-500 focus:outline-none dark:placeholder:text-zinc-400"
        />
        {busy ? (
          <button
            type="button"
            data-testid="stop-button"
            onClick={stop}
            aria-label="Stop the answer"
            className={`${buttonBase} bg-zinc-900 text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300`}
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4">
              <rect x="5" y="5" width="10" height="10" rx="1.5" />
            </svg>
          </button>
        ) : (
          <button
            type="submit"
            data-testid="send-button"
            disabled={empty}
            aria-label="Send"
            className={`${buttonBase} bg-maroon-700 text-white enabled:hover:bg-maroon-800 disabled:cursor-not-allowed disabled:bg-zinc-200 disabled:text-zinc-500 dark:disabled:bg-zinc-800 dark:disabled:text-zinc-400`}
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5">
              <path fillRule="evenodd" d="M10 17a1 1 0 0 1-1-1V6.4L5.7 9.7a1 1 0 0 1-1.4-1.4l5-5a1 1 0 0 1 1.4 0l5 5a1 1 0 0 1-1.4 1.4L11 6.4V16a1 1 0 0 1-1 1Z" clipRule="evenodd" />
            </svg>
          </button>
        )}
      </div>
      <p id={hintId} className="mx-auto mt-1.5 hidden max-w-3xl px-1 text-xs text-zinc-600 sm:block dark:text-zinc-400">
        Enter to send, Shift+Enter for a new line.
      </p>
    </form>
  );
}
