"use client";
/**
 * The chat's top bar: the conversation list (when it is a drawer), the title, New chat, and the
 * settings (when the page gives the chat any).
 */
import { PanelLeft, Settings2, SquarePen } from "lucide-react";
import type { ReactNode } from "react";

export interface ChatHeaderProps {
  title: string;
  /** Shown when the list is a drawer: opens it. */
  onOpenConversations?: () => void;
  conversationsOpen: boolean;
  onNewChat: () => void;
  newChatDisabled: boolean;
  /** Shown when the page gives the chat settings: opens them. */
  onOpenSettings?: () => void;
  settingsOpen: boolean;
}

const iconButton =
  "inline-flex size-9 shrink-0 items-center justify-center rounded-lg text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:focus-visible:outline-maroon-300";

export function ChatHeader({ title, onOpenConversations, conversationsOpen, onNewChat, newChatDisabled, onOpenSettings, settingsOpen }: ChatHeaderProps) {
  return (
    <header className="flex items-center gap-1.5 border-b border-zinc-200 px-2 py-1.5 sm:px-3 dark:border-zinc-800">
      {onOpenConversations && (
        <PanelButton testId="conversations-button" label="Your chats" open={conversationsOpen} onClick={onOpenConversations}>
          <PanelLeft aria-hidden="true" className="size-5" />
        </PanelButton>
      )}
      <h2 className={`min-w-0 flex-1 truncate text-base font-semibold ${onOpenConversations ? "" : "pl-2"}`}>{title}</h2>
      <button
        type="button"
        data-testid="new-chat-button"
        onClick={onNewChat}
        disabled={newChatDisabled}
        className="inline-flex shrink-0 items-center gap-1.5 rounded-lg px-2.5 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 disabled:cursor-not-allowed disabled:opacity-50 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:focus-visible:outline-maroon-300"
      >
        <SquarePen aria-hidden="true" className="size-4" />
        New chat
      </button>
      {onOpenSettings && (
        <PanelButton testId="settings-button" label="Settings" open={settingsOpen} onClick={onOpenSettings}>
          <Settings2 aria-hidden="true" className="size-5" />
        </PanelButton>
      )}
    </header>
  );
}

/** An icon button that opens a panel (a dialog), saying so and whether it is open. */
function PanelButton({ testId, label, open, onClick, children }: { testId: string; label: string; open: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button type="button" data-testid={testId} onClick={onClick} aria-label={label} aria-haspopup="dialog" aria-expanded={open} className={iconButton}>
      {children}
    </button>
  );
}
