"use client";
/**
 * The question box: with a mouse or trackpad Enter sends and Shift+Enter adds a line; on a touch
 * screen Enter adds a line and the Send button sends. Send is disabled while the box is empty and
 * becomes Stop while an answer is on its way. The box holds at most what the route accepts in one
 * question, and says how much is left as that limit nears.
 */
import { useEffect, useId, type FormEvent, type KeyboardEvent, type RefObject } from "react";
import { MAX_QUESTION_CHARS, QUESTION_COUNTER_FROM } from "@/lib/chat-client/limits";
import { hasFinePointer, primaryPointer, usePointerKind, type PointerKind } from "./use-pointer-kind";

export interface ChatComposerProps {
  busy: boolean;
  /** The text in the box; kept by the owner so a refused question can be put back. */
  draft: string;
  onDraftChange: (text: string) => void;
  /** Returns false when the question was not taken (empty, or an answer is still arriving). */
  onSend: (text: string) => boolean;
  onStop: () => void;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  label: string;
  placeholder: string;
  /** Focus the box once on mount, with a mouse or trackpad only: on a touch screen it would pop the keyboard up. Default true. */
  focusOnMount?: boolean;
}

const HINTS: Record<PointerKind, string> = {
  fine: "Enter to send, Shift+Enter for a new line.",
  coarse: "Enter adds a new line; use the Send button to send.",
};

const buttonBase =
  "inline-flex size-10 shrink-0 items-center justify-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 dark:focus-visible:outline-maroon-300";

const numberFormat = new Intl.NumberFormat("en-US");

export function ChatComposer({ busy, draft, onDraftChange, onSend, onStop, inputRef, label, placeholder, focusOnMount = true }: ChatComposerProps) {
  const inputId = useId();
  const hintId = useId();
  const counterId = useId();
  const empty = draft.trim() === "";
  // Only a question put back into the box can be longer than the box allows.
  const tooLong = draft.length > MAX_QUESTION_CHARS;
  const showCounter = draft.length >= MAX_QUESTION_CHARS * QUESTION_COUNTER_FROM;
  // The hint is also the box's description, read on phones where it is not shown: it must be true there too.
  const hint = HINTS[usePointerKind()];

  useEffect(() => {
    // Never taken from something the person already focused; no scrolling to a box below the fold.
    const nothingFocused = document.activeElement === null || document.activeElement === document.body;
    if (focusOnMount && nothingFocused && hasFinePointer()) inputRef.current?.focus({ preventScroll: true });
    // On mount only: a later change of the prop must not move the focus.
  }, []);

  function submit(event?: FormEvent): void {
    event?.preventDefault();
    if (busy || empty || tooLong) return;
    if (onSend(draft)) onDraftChange("");
    inputRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    if (event.key !== "Enter" || event.shiftKey) return;
    // While an input method is composing (Japanese, Chinese…), Enter confirms the composition;
    // Safari reports the confirming Enter as not composing, but with keyCode 229.
    if (event.nativeEvent.isComposing || event.nativeEvent.keyCode === 229) return;
    // Asked now, not at render: a tablet can gain or lose a trackpad while the page is open.
    if (primaryPointer() === "coarse") return;
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
          onChange={(event) => onDraftChange(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={placeholder}
          maxLength={MAX_QUESTION_CHARS}
          aria-describedby={showCounter ? `${hintId} ${counterId}` : hintId}
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
            disabled={empty || tooLong}
            aria-label="Send"
            className={`${buttonBase} bg-maroon-700 text-white enabled:hover:bg-maroon-800 disabled:cursor-not-allowed disabled:bg-zinc-200 disabled:text-zinc-500 dark:disabled:bg-zinc-800 dark:disabled:text-zinc-400`}
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5">
              <path fillRule="evenodd" d="M10 17a1 1 0 0 1-1-1V6.4L5.7 9.7a1 1 0 0 1-1.4-1.4l5-5a1 1 0 0 1 1.4 0l5 5a1 1 0 0 1-1.4 1.4L11 6.4V16a1 1 0 0 1-1 1Z" clipRule="evenodd" />
            </svg>
          </button>
        )}
      </div>
      <div className={`mx-auto mt-1.5 max-w-3xl items-start ${showCounter ? "flex" : "hidden sm:flex"} justify-between gap-3 px-1 text-xs text-zinc-600 dark:text-zinc-400`}>
        <p id={hintId} className="hidden sm:block">
          {hint}
        </p>
        {showCounter && (
          <p
            id={counterId}
            data-testid="question-counter"
            className={`ml-auto text-right tabular-nums ${draft.length >= MAX_QUESTION_CHARS ? "font-medium text-red-700 dark:text-red-300" : ""}`}
          >
            {counterText(draft.length)}
          </p>
        )}
      </div>
      {/* Announced when the limit comes near and when it is reached, not at every keystroke. */}
      <p data-testid="question-limit-announcer" aria-live="polite" className="sr-only">
        {limitAnnouncement(draft.length, showCounter)}
      </p>
    </form>
  );
}

const LIMIT = numberFormat.format(MAX_QUESTION_CHARS);

function counterText(length: number): string {
  const left = MAX_QUESTION_CHARS - length;
  if (left > 0) return `${numberFormat.format(left)} ${left === 1 ? "character" : "characters"} left`;
  if (left === 0) return `You've reached the limit of ${LIMIT} characters.`;
  return `${numberFormat.format(-left)} characters over the limit of ${LIMIT}. Shorten your question to send it.`;
}

function limitAnnouncement(length: number, near: boolean): string {
  if (length > MAX_QUESTION_CHARS) return `Your question is over the limit of ${LIMIT} characters. Shorten it to send it.`;
  if (length === MAX_QUESTION_CHARS) return `You've reached the limit of ${LIMIT} characters.`;
  return near ? `Your question is nearing the limit of ${LIMIT} characters.` : "";
}
