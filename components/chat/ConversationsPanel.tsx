"use client";
/**
 * Where the conversation list lives: a sidebar beside the messages when the chat is wide, a
 * drawer over it when narrow (a phone, or a narrow column of a page). Exactly one list is
 * mounted at a time, so each conversation is one `conversation-item` on the page.
 */
import { memo } from "react";
import { ConversationList, type ConversationListProps } from "./ConversationList";
import { SheetDialog } from "./SheetDialog";

export interface ConversationsPanelProps extends ConversationListProps {
  /** Undefined until the chat's width is known: nothing is shown before. */
  wide: boolean | undefined;
  drawerOpen: boolean;
  onCloseDrawer: () => void;
}

/** Memoized: the chat around it renders with every streamed frame, the list only when it changes. */
export const ConversationsPanel = memo(function ConversationsPanel({ wide, drawerOpen, onCloseDrawer, onSelect, ...list }: ConversationsPanelProps) {
  if (wide === undefined) return null;
  if (wide) {
    return (
      <nav aria-label="Your chats" className="flex w-60 shrink-0 flex-col border-r border-zinc-200 bg-zinc-50/60 dark:border-zinc-800 dark:bg-zinc-950/40">
        <ConversationList {...list} onSelect={onSelect} />
      </nav>
    );
  }
  return (
    <SheetDialog open={drawerOpen} onClose={onCloseDrawer} title="Your chats" side="left" testId="conversations-drawer">
      <ConversationList
        {...list}
        showHeading={false}
        onSelect={(id) => {
          onSelect(id);
          onCloseDrawer();
        }}
      />
    </SheetDialog>
  );
});
