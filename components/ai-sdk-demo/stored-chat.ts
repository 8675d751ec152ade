/**
 * The demo's conversation in this tab's `sessionStorage`: its chat id and messages, so that a
 * reload finds the same conversation and `useChat({ resume: true })` can re-attach to an answer
 * still streaming for that id. Storage that is full, blocked or holds something else is simply
 * no stored chat.
 */
import type { UIMessage } from "ai";
import { readItem, tabStorage, writeItem } from "@/lib/chat-client/safe-storage";

/** One conversation per route the demo can talk to. */
const storageKey = (api: string) => `ai-sdk-demo:chat:${api}`;

/** Answers that did not end whole, by message id: a reload must not show them as complete. */
export type IncompleteAnswers = Readonly<Record<string, "stopped" | "interrupted">>;

export interface StoredChat {
  id: string;
  messages: UIMessage[];
  incomplete: IncompleteAnswers;
}

export function newStoredChat(): StoredChat {
  return { id: crypto.randomUUID(), messages: [], incomplete: {} };
}

export function loadStoredChat(api: string): StoredChat {
  try {
    const parsed = JSON.parse(readItem(tabStorage(), storageKey(api)) ?? "null") as Partial<StoredChat> | null;
    if (parsed && typeof parsed.id === "string" && Array.isArray(parsed.messages)) {
      const incomplete = typeof parsed.incomplete === "object" && parsed.incomplete !== null ? parsed.incomplete : {};
      return { id: parsed.id, messages: parsed.messages, incomplete };
    }
  } catch {
    // Not JSON: start afresh.
  }
  return newStoredChat();
}

/** Full or blocked storage: the conversation just does not survive a reload (the page says so). */
export function saveStoredChat(api: string, chat: StoredChat): void {
  writeItem(tabStorage(), storageKey(api), JSON.stringify(chat));
}
