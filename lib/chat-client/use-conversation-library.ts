"use client";
/**
 * The React face of the conversation list: the library of one chat scope, its list and active
 * conversation, kept up to date when another tab changes the list; `false` keeps no list (one
 * conversation, nothing stored).
 */
import { useEffect, useState, useSyncExternalStore } from "react";
import { lastQuestionIndex } from "./conversation";
import { createConversationLibrary, type ConversationLibrary, type LibrarySnapshot } from "./conversation-library";
import { newId } from "./ids";
import { stopAnswer } from "./answer-streams";
import { forgetConversation, loadConversation } from "./persistence";
import { browserStorage, tabStorage } from "./safe-storage";
import { reportStorageHealth } from "./storage-health";
import type { ChatMessage, ChatStatus } from "./types";

export interface ConversationsState extends LibrarySnapshot {
  library: ConversationLibrary;
  /** Where the active conversation's messages are kept. */
  activeKey: string;
}

/**
 * The library of `namespace`; none in a browser that refuses storage: a list whose conversations
 * could not be opened again would lose them silently, where one conversation that New chat
 * clears says what happens. (The server has no storage either, and renders no list anyway.)
 */
function openLibrary(namespace: string | false, api: string): ConversationLibrary | undefined {
  if (namespace === false) return undefined;
  const local = browserStorage();
  if (local === undefined && typeof window !== "undefined") return undefined;
  const forget = (key: string) => {
    // A conversation deleted while its answer still runs on the server (the student had moved
    // to another one) stops it too, rather than leaving it to the detached rule.
    const last = loadConversation(key)?.messages.at(-1);
    if (last?.role === "assistant" && last.state === "streaming" && last.serverMessageId !== undefined) stopAnswer(api, last.serverMessageId);
    forgetConversation(key);
  };
  return createConversationLibrary(namespace, { local, session: tabStorage(), now: Date.now, newId, forget });
}

const NO_LIBRARY = { subscribe: () => () => {}, getSnapshot: () => undefined };

/** `namespace` names the scope, and includes `api` (the route its answers are stopped on). */
export function useConversationLibrary(namespace: string | false, api: string): ConversationsState | undefined {
  // One library per scope, kept in state: it holds which conversation this tab shows.
  const [current, setCurrent] = useState(() => ({ namespace, library: openLibrary(namespace, api) }));
  let library = current.library;
  if (current.namespace !== namespace) {
    const next = { namespace, library: openLibrary(namespace, api) };
    setCurrent(next);
    library = next.library;
  }

  useEffect(() => {
    // Storage refused: one conversation, nothing kept, and the student is told so, quietly.
    if (library === undefined && namespace !== false) reportStorageHealth("unavailable");
  }, [library, namespace]);

  useEffect(() => {
    if (library === undefined || namespace === false) return;
    // Another tab added, renamed or removed a conversation: `storage` fires only in the other tabs.
    const onStorage = (event: StorageEvent) => {
      if (event.key === null || event.key.startsWith(namespace)) library.reload();
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [library, namespace]);

  const source = library ?? NO_LIBRARY;
  const snapshot = useSyncExternalStore(source.subscribe, source.getSnapshot, library?.getServerSnapshot ?? NO_LIBRARY.getSnapshot);
  if (library === undefined || snapshot === undefined) return undefined;
  return { ...snapshot, library, activeKey: library.keyOf(snapshot.activeId) };
}

/**
 * Lists, titles and dates the active conversation as its questions are taken: once the route
 * has accepted one (a question it refuses goes back into the box, and must not leave an empty
 * conversation in the list).
 */
export function useNoteQuestions(
  conversations: ConversationsState | undefined,
  chat: { messages: readonly ChatMessage[]; status: ChatStatus },
): void {
  const { messages, status } = chat;
  const first = messages.find((message) => message.role === "user");
  const latest = messages[lastQuestionIndex(messages)];
  const library = conversations?.library;
  const activeId = conversations?.activeId;
  const accepted = status !== "submitted";
  useEffect(() => {
    if (library && activeId !== undefined && first && latest && accepted) library.noteQuestions(activeId, first, latest);
  }, [library, activeId, first, latest, accepted]);
}
