/**
 * The conversations a student keeps in this browser, for one chat scope (`namespace`): which
 * exist, their titles and when they were last used, and which one this tab shows. The messages
 * of each are kept by its own controller under `conversationKey(namespace, id)`; this keeps only
 * the list, in `localStorage` so every tab and later visit sees it. Which conversation a tab
 * shows is kept in that tab's `sessionStorage`: a reload shows the same one, a new tab starts a
 * new chat, as students know it from other chat apps (a duplicated tab copies its sessionStorage,
 * so it shows the same one). Every change starts from the list as stored, so two tabs changing
 * it at once both keep their change. React-free; `useConversationLibrary` wraps it.
 */
import { z } from "zod";
import { cleanTypedTitle, titleFromQuestion } from "./conversation-title";
import { readItem as read, writeItem as write } from "./safe-storage";

/** Past this, the conversations used longest ago are forgotten, so storage cannot fill up with them. */
export const MAX_CONVERSATIONS = 50;

export interface ConversationSummary {
  id: string;
  title: string;
  /** Renamed by the student: an automatic title never replaces it. */
  titledByHand: boolean;
  createdAt: number;
  /** When its latest question was asked; the list is newest first. */
  updatedAt: number;
  /** The id of its latest question, so showing it again after a reload does not count as use. */
  lastQuestionId: string;
}

export interface LibrarySnapshot {
  /** Newest first; a new chat is listed from its first question on. */
  conversations: readonly ConversationSummary[];
  /** The conversation this tab shows, listed or not. */
  activeId: string;
}

export interface ConversationLibrary {
  getSnapshot(): LibrarySnapshot;
  /** What the server renders: no list (it is in the browser), the same active id. */
  getServerSnapshot(): LibrarySnapshot;
  subscribe(listener: () => void): () => void;
  /** Where the messages of conversation `id` are kept. */
  keyOf(id: string): string;
  /** Shows a new, empty conversation; the current one stays in the list. */
  startNew(): void;
  select(id: string): void;
  rename(id: string, typed: string): void;
  /** Forgets conversation `id` and its messages; a removed active one gives way to a new chat. */
  remove(id: string): void;
  /** The active conversation has questions: lists it, titles it from its first, dates it by its latest. */
  noteQuestions(id: string, first: { content: string }, latest: { id: string }): void;
  /** Reads the list again (another tab changed it). */
  reload(): void;
}

export interface LibraryDeps {
  /** Where the list and the messages live; undefined keeps the list in memory only. */
  local: Storage | undefined;
  /** This tab's storage, for which conversation it shows. */
  session: Storage | undefined;
  now: () => number;
  newId: () => string;
  /** Removes a conversation's messages for good (and keeps this page from saving them again). */
  forget: (key: string) => void;
}

const summarySchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  titledByHand: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
  lastQuestionId: z.string(),
});
const indexSchema = z.object({ conversations: z.array(summarySchema) });

export const conversationKey = (namespace: string, id: string) => `${namespace}#${id}`;
const indexKey = (namespace: string) => `${namespace}#index`;
const activeKey = (namespace: string) => `${namespace}#active`;

export function createConversationLibrary(namespace: string, deps: LibraryDeps): ConversationLibrary {
  const listeners = new Set<() => void>();
  const remembered = read(deps.session, activeKey(namespace));
  let snapshot: LibrarySnapshot = { conversations: readIndex(), activeId: remembered ?? deps.newId() };
  const listed = (id: string) => snapshot.conversations.find((conversation) => conversation.id === id);
  // While writes fail (storage full), the list in memory is ahead of the stored one.
  let storedIsCurrent = true;
  const serverSnapshot: LibrarySnapshot = { conversations: [], activeId: snapshot.activeId };

  function readIndex(): ConversationSummary[] {
    const raw = read(deps.local, indexKey(namespace));
    if (raw === undefined) return [];
    try {
      const parsed = indexSchema.safeParse(JSON.parse(raw));
      return parsed.success ? newestFirst(parsed.data.conversations) : [];
    } catch {
      return [];
    }
  }

  function publish(next: Partial<LibrarySnapshot>): void {
    snapshot = { ...snapshot, ...next };
    for (const listener of [...listeners]) listener();
  }

  /** Changes the list as it is stored now (another tab may have changed it), and stores the result. */
  function change(recipe: (current: ConversationSummary[]) => ConversationSummary[]): void {
    const current = deps.local !== undefined && storedIsCurrent ? readIndex() : [...snapshot.conversations];
    const kept = newestFirst(recipe(current));
    // The oldest beyond the cap go, with their messages.
    for (const old of kept.slice(MAX_CONVERSATIONS)) deps.forget(conversationKey(namespace, old.id));
    const list = kept.slice(0, MAX_CONVERSATIONS);
    storedIsCurrent = write(deps.local, indexKey(namespace), JSON.stringify({ conversations: list }));
    publish({ conversations: list });
  }

  function show(id: string): void {
    write(deps.session, activeKey(namespace), id, false);
    publish({ activeId: id });
  }

  return {
    getSnapshot: () => snapshot,
    getServerSnapshot: () => serverSnapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    keyOf: (id) => conversationKey(namespace, id),
    startNew() {
      show(deps.newId());
    },
    select(id) {
      if (id !== snapshot.activeId && listed(id) !== undefined) show(id);
    },
    rename(id, typed) {
      const title = cleanTypedTitle(typed);
      if (title === "") return;
      change((list) => list.map((conversation) => (conversation.id === id ? { ...conversation, title, titledByHand: true } : conversation)));
    },
    remove(id) {
      deps.forget(conversationKey(namespace, id));
      change((list) => list.filter((conversation) => conversation.id !== id));
      if (id === snapshot.activeId) show(deps.newId());
    },
    noteQuestions(id, first, latest) {
      if (listed(id)?.lastQuestionId === latest.id) return;
      const at = deps.now();
      change((list) => {
        const existing = list.find((conversation) => conversation.id === id);
        const title = existing?.titledByHand ? existing.title : titleFromQuestion(first.content);
        const summary: ConversationSummary = existing
          ? { ...existing, title, updatedAt: at, lastQuestionId: latest.id }
          : { id, title, titledByHand: false, createdAt: at, updatedAt: at, lastQuestionId: latest.id };
        return [summary, ...list.filter((conversation) => conversation.id !== id)];
      });
      // From its first question on, a reload of this tab shows it again.
      if (id === snapshot.activeId) write(deps.session, activeKey(namespace), id, false);
    },
    reload() {
      const conversations = readIndex();
      storedIsCurrent = true;
      const activeId = snapshot.activeId;
      const deletedHere = listed(activeId) !== undefined && !conversations.some((conversation) => conversation.id === activeId);
      publish({ conversations });
      // Another tab deleted the conversation this one shows: it is gone here too.
      if (deletedHere) {
        deps.forget(conversationKey(namespace, activeId));
        show(deps.newId());
      }
    },
  };
}

function newestFirst(list: readonly ConversationSummary[]): ConversationSummary[] {
  return [...list].sort((a, b) => b.updatedAt - a.updatedAt);
}
