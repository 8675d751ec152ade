"use client";
/**
 * A quiet line when this browser is not keeping conversations (storage off or full): the chat
 * works on, but a reload would forget, and the student should know that before relying on it.
 */
import { useSyncExternalStore } from "react";
import { storageHealthStore } from "@/lib/chat-client/storage-health";

const MESSAGES = {
  unavailable: "This browser is not saving chats (storage is turned off), so they will be gone after a reload.",
  full: "This browser's storage is full, so recent changes to your chats may be gone after a reload. Deleting old chats frees space.",
} as const;

export function StorageNotice() {
  const health = useSyncExternalStore(storageHealthStore.subscribe, storageHealthStore.getSnapshot, storageHealthStore.getServerSnapshot);
  if (health === "ok") return null;
  return (
    <p data-testid="storage-notice" role="status" className="mx-auto w-full max-w-3xl px-4 pt-2 text-xs text-zinc-600 dark:text-zinc-400">
      {MESSAGES[health]}
    </p>
  );
}
