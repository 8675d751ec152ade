"use client";
/**
 * The student's conversations, newest first: pick one to read on, rename it, or delete it (after
 * a confirmation, since nothing brings it back). Shown in the chat's sidebar, or in a drawer
 * when the chat is narrow (`ConversationsPanel`).
 */
import { Pencil, Trash2 } from "lucide-react";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { ConversationSummary } from "@/lib/chat-client/conversation-library";
import { MAX_TYPED_TITLE_CHARS } from "@/lib/chat-client/conversation-title";

export interface ConversationListProps {
  conversations: readonly ConversationSummary[];
  activeId: string;
  onSelect: (id: string) => void;
  onRename: (id: string, title: string) => void;
  onDelete: (id: string) => void;
  /** Off where a title above already says what this is (the drawer). */
  showHeading?: boolean;
}

const iconButton =
  "inline-flex size-7 shrink-0 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-maroon-700 dark:text-zinc-400 dark:hover:bg-zinc-700 dark:hover:text-zinc-100 dark:focus-visible:outline-maroon-300";

export function ConversationList({ conversations, activeId, onSelect, onRename, onDelete, showHeading = true }: ConversationListProps) {
  const listRef = useRef<HTMLUListElement>(null);

  function deleteAndKeepFocus(id: string): void {
    // The focused row goes away: the focus moves to the next row's title (or the list), not the page.
    const rows = [...(listRef.current?.querySelectorAll<HTMLElement>('[data-testid="conversation-item"]') ?? [])];
    const index = rows.findIndex((row) => row.dataset.id === id);
    onDelete(id);
    requestAnimationFrame(() => {
      const after = listRef.current?.querySelectorAll<HTMLElement>('[data-testid="conversation-open"]');
      const next = after?.[Math.min(index, after.length - 1)];
      (next ?? listRef.current)?.focus();
    });
  }

  return (
    <div className={`flex min-h-0 flex-1 flex-col ${showHeading ? "" : "pt-2"}`}>
      {showHeading && <h3 className="px-3 pt-3 pb-1 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">Your chats</h3>}
      <ul ref={listRef} tabIndex={-1} data-testid="conversation-list" aria-label="Your chats" className="flex min-h-0 flex-1 flex-col gap-0.5 overflow-y-auto px-2 pb-3">
        {conversations.length === 0 && <li className="px-2 py-2 text-sm text-zinc-600 dark:text-zinc-400">Your chats will appear here.</li>}
        {conversations.map((conversation) => (
          <ConversationItem
            key={conversation.id}
            conversation={conversation}
            active={conversation.id === activeId}
            onSelect={onSelect}
            onRename={onRename}
            onDelete={deleteAndKeepFocus}
          />
        ))}
      </ul>
    </div>
  );
}

type Mode = "idle" | "renaming" | "confirming";

function ConversationItem({
  conversation,
  active,
  onSelect,
  onRename,
  onDelete,
}: Omit<ConversationListProps, "conversations" | "activeId" | "showHeading"> & { conversation: ConversationSummary; active: boolean }) {
  const [mode, setMode] = useState<Mode>("idle");
  const inputRef = useRef<HTMLInputElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const previousMode = useRef<Mode>("idle");

  useEffect(() => {
    if (mode === "renaming") inputRef.current?.select();
    if (mode === "confirming") cancelRef.current?.focus();
    // Back from renaming or a cancelled delete: the focus returns to the row, not the page.
    if (mode === "idle" && previousMode.current !== "idle") openRef.current?.focus();
    previousMode.current = mode;
  }, [mode]);

  function finishRename(save: boolean): void {
    if (save && inputRef.current) onRename(conversation.id, inputRef.current.value);
    setMode("idle");
  }

  function onRenameKey(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === "Enter") {
      // Handled here: the key must not go on to "press" the row's button that gets the focus back.
      event.preventDefault();
      finishRename(true);
    }
    if (event.key === "Escape") {
      // Escape here cancels the rename; it must not also stop an answer in flight.
      event.preventDefault();
      finishRename(false);
    }
  }

  const rowClass = `group flex items-center gap-1 rounded-lg pr-1 ${active ? "bg-maroon-50 dark:bg-maroon-700/25" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`;

  if (mode === "renaming") {
    return (
      <li data-testid="conversation-item" data-id={conversation.id} className={`${rowClass} py-1 pl-1`}>
        <label className="sr-only" htmlFor={`rename-${conversation.id}`}>
          New title for “{conversation.title}”
        </label>
        <input
          id={`rename-${conversation.id}`}
          ref={inputRef}
          data-testid="conversation-rename-input"
          defaultValue={conversation.title}
          maxLength={MAX_TYPED_TITLE_CHARS}
          onKeyDown={onRenameKey}
          onBlur={() => finishRename(true)}
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm focus-visible:border-maroon-700 focus-visible:outline-2 focus-visible:outline-maroon-700/40 dark:border-zinc-600 dark:bg-zinc-950"
        />
      </li>
    );
  }

  if (mode === "confirming") {
    return (
      <li data-testid="conversation-item" data-id={conversation.id} className={`${rowClass} flex-wrap gap-2 px-2 py-2`}>
        <p id={`delete-${conversation.id}`} className="w-full text-sm break-words text-zinc-800 dark:text-zinc-200">
          Delete “{conversation.title}”?
        </p>
        <button
          type="button"
          data-testid="conversation-delete-confirm"
          aria-describedby={`delete-${conversation.id}`}
          onClick={() => onDelete(conversation.id)}
          className="rounded-md bg-red-700 px-2.5 py-1 text-xs font-semibold text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700"
        >
          Delete
        </button>
        <button
          type="button"
          ref={cancelRef}
          aria-describedby={`delete-${conversation.id}`}
          onClick={() => setMode("idle")}
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              event.preventDefault();
              setMode("idle");
            }
          }}
          className="rounded-md px-2.5 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-200 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 dark:text-zinc-300 dark:hover:bg-zinc-700"
        >
          Cancel
        </button>
      </li>
    );
  }

  return (
    <li data-testid="conversation-item" data-id={conversation.id} data-active={active} className={rowClass}>
      <button
        type="button"
        ref={openRef}
        data-testid="conversation-open"
        aria-current={active ? "true" : undefined}
        onClick={() => onSelect(conversation.id)}
        title={conversation.title}
        className="min-w-0 flex-1 truncate rounded-lg px-2.5 py-2 text-left text-sm text-zinc-800 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-maroon-700 dark:text-zinc-200 dark:focus-visible:outline-maroon-300"
      >
        {conversation.title}
      </button>
      {/* On a device that can hover, the actions show on hover and focus; on touch, always. */}
      <div className={`flex shrink-0 gap-0.5 ${active ? "" : "[@media(hover:hover)]:opacity-0 group-focus-within:opacity-100 group-hover:opacity-100"}`}>
        <button type="button" data-testid="conversation-rename" aria-label={`Rename “${conversation.title}”`} onClick={() => setMode("renaming")} className={iconButton}>
          <Pencil aria-hidden="true" className="size-3.5" />
        </button>
        <button type="button" data-testid="conversation-delete" aria-label={`Delete “${conversation.title}”`} onClick={() => setMode("confirming")} className={iconButton}>
          <Trash2 aria-hidden="true" className="size-3.5" />
        </button>
      </div>
    </li>
  );
}
