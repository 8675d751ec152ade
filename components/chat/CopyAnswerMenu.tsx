"use client";
/**
 * Copies a whole answer. "Copy" takes its Markdown in one click, as before; the menu beside it
 * offers the Markdown or the text as the student reads it (answer-plain-text.ts), for pasting
 * where `**` and `|` would show as they are. Clipboard access needs a secure context (https or
 * localhost); elsewhere the button says that it could not copy instead of failing silently.
 *
 * The menu follows the WAI-ARIA menu button pattern: Enter, Space or the arrows open it, the
 * arrows, Home and End move, Escape closes it and hands the focus back to its button.
 */
import { useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent } from "react";
import { ACTION_BUTTON_LOOK } from "./action-button";
import { answerPlainText } from "./answer-plain-text";
import { CopyIcon, copyLabel, useClipboardCopy } from "./clipboard-copy";

type CopyFormat = "markdown" | "text";

/** What a copy was: the format, and whether it was chosen in the menu, whose button keeps its name (the outcome is announced instead). */
interface CopyDetail {
  format: CopyFormat;
  fromMenu: boolean;
}

const CHOICES: readonly { format: CopyFormat; label: string; testId: string }[] = [
  { format: "markdown", label: "Copy as Markdown", testId: "copy-answer-markdown" },
  { format: "text", label: "Copy as text", testId: "copy-answer-text" },
];

const BUTTON = `${ACTION_BUTTON_LOOK} aria-expanded:bg-zinc-200/70 dark:aria-expanded:bg-zinc-800`;

const ITEM =
  "flex w-full items-center rounded-md px-2.5 py-1.5 text-left text-sm whitespace-nowrap text-zinc-800 hover:bg-zinc-100 focus:bg-zinc-100 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-maroon-700 dark:text-zinc-200 dark:hover:bg-zinc-800 dark:focus:bg-zinc-800 dark:focus-visible:outline-maroon-300";

export interface CopyAnswerMenuProps {
  /** The answer's Markdown, as it arrived. */
  content: string;
  /** Accessible name of the one-click Copy button. */
  label?: string;
}

export function CopyAnswerMenu({ content, label = "Copy answer" }: CopyAnswerMenuProps) {
  const menuId = useId();
  const { result, copy: copyText } = useClipboardCopy<CopyDetail>();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    if (open) itemRefs.current[active]?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    function closeOnPointerOutside(event: PointerEvent): void {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    }
    document.addEventListener("pointerdown", closeOnPointerOutside);
    return () => document.removeEventListener("pointerdown", closeOnPointerOutside);
  }, [open]);

  function copy(format: CopyFormat, fromMenu: boolean): Promise<void> {
    return copyText(format === "markdown" ? content : answerPlainText(content), { format, fromMenu });
  }

  function openAt(index: number): void {
    setActive(index);
    setOpen(true);
  }

  function closeToTrigger(): void {
    setOpen(false);
    triggerRef.current?.focus();
  }

  function choose(format: CopyFormat): void {
    closeToTrigger();
    void copy(format, true);
  }

  function onTriggerKeyDown(event: KeyboardEvent<HTMLButtonElement>): void {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      openAt(event.key === "ArrowDown" ? 0 : CHOICES.length - 1);
    } else if (event.key === "Escape" && open) {
      closeOnEscape(event);
    }
  }

  function onMenuKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    const next = movedIndex(event.key, active, CHOICES.length);
    if (next !== undefined) {
      event.preventDefault();
      setActive(next);
    } else if (event.key === "Escape") {
      closeOnEscape(event);
    } else if (event.key === "Tab") {
      // The focus moves on as usual; a menu left behind open would cover the answer.
      setOpen(false);
    }
  }

  function closeOnEscape(event: KeyboardEvent): void {
    // Escape elsewhere on the page stops the arriving answer (use-escape-key.ts): here it only closes the menu.
    event.preventDefault();
    event.stopPropagation();
    closeToTrigger();
  }

  function closeWhenFocusLeaves(event: FocusEvent<HTMLDivElement>): void {
    if (open && !rootRef.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
  }

  const shown = copyLabel(result);
  const announced = result?.detail.fromMenu ? (result.ok ? `Copied as ${result.detail.format === "text" ? "text" : "Markdown"}` : "Copy failed") : "";

  return (
    <div ref={rootRef} onBlur={closeWhenFocusLeaves} className="relative inline-flex items-center">
      <button
        type="button"
        data-testid="copy-answer-quick"
        onClick={() => void copy("markdown", false)}
        aria-label={result === undefined ? label : shown}
        className={`${BUTTON} rounded-l-md pr-1.5 pl-2`}
      >
        <CopyIcon copied={result?.ok === true} />
        <span aria-hidden="true">{shown}</span>
      </button>
      <button
        ref={triggerRef}
        type="button"
        data-testid="copy-answer-button"
        aria-label="More ways to copy"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? setOpen(false) : openAt(0))}
        onKeyDown={onTriggerKeyDown}
        className={`${BUTTON} rounded-r-md px-1.5`}
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-3.5">
          <path fillRule="evenodd" d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z" clipRule="evenodd" />
        </svg>
      </button>
      {open && (
        // Below the buttons: the message list grows to hold it and the focus scrolls it into view,
        // where a menu above the first answer's buttons would be cut off by the top of the list.
        <div
          id={menuId}
          role="menu"
          aria-label="Copy the answer"
          onKeyDown={onMenuKeyDown}
          className="absolute top-full left-0 z-20 mt-1 flex min-w-44 flex-col rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {CHOICES.map((choice, index) => (
            <button
              key={choice.format}
              ref={(element) => {
                itemRefs.current[index] = element;
              }}
              type="button"
              role="menuitem"
              tabIndex={-1}
              data-testid={choice.testId}
              onClick={() => choose(choice.format)}
              className={ITEM}
            >
              {choice.label}
            </button>
          ))}
        </div>
      )}
      {/* Inside the positioned root, so this sr-only element cannot widen the page. */}
      <span role="status" className="sr-only">
        {announced}
      </span>
    </div>
  );
}

/** Where the arrows, Home and End move the focus in a menu of `count` items; undefined for other keys. */
function movedIndex(key: string, active: number, count: number): number | undefined {
  switch (key) {
    case "ArrowDown":
      return (active + 1) % count;
    case "ArrowUp":
      return (active - 1 + count) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return undefined;
  }
}
