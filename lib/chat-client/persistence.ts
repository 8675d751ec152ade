/**
 * Keeps a conversation in `localStorage` so a reload, a later visit or another tab shows it
 * again, an answer in flight with the route's id and the last event applied, so a reload can
 * read the rest of it. What is read back is validated: storage is shared with other code on the
 * origin and may hold anything. A write that fails is reported (storage-health.ts) and the chat
 * goes on without it.
 */
import { z } from "zod";
import { modelSchema, upstreamKindSchema } from "@/lib/chat-stream/events";
import { browserStorage, readItem, removeItem, writeItem } from "./safe-storage";
import { reportStorageHealth } from "./storage-health";
import type { ChatMessage, ChatRequestOptions } from "./types";

const STORAGE_PREFIX = "createai-chat:v2";

const storedMessageSchema = z.discriminatedUnion("role", [
  z.object({ id: z.string(), role: z.literal("user"), content: z.string() }),
  z.object({
    id: z.string(),
    role: z.literal("assistant"),
    content: z.string(),
    state: z.enum(["streaming", "done", "stopped", "interrupted"]),
    serverMessageId: z.string().optional(),
    lastEventId: z.number().int().nonnegative().optional(),
    model: modelSchema.optional(),
    upstream: upstreamKindSchema.optional(),
    figures: z
      .object({ firstTextMs: z.number().nullable(), streamingMs: z.number(), chunks: z.number(), chars: z.number() })
      .optional(),
    // Sources and usage as the route sent them; read tolerantly where they are shown.
    metadata: z.unknown().optional(),
  }),
]);

const storedConversationSchema = z.object({
  sessionId: z.string().optional(),
  messages: z.array(storedMessageSchema),
});

export interface StoredConversation {
  sessionId: string | undefined;
  messages: ChatMessage[];
}

/** The storage key for a chat scoped by these options (the namespace of its conversation list). */
export function defaultStorageKey(options: ChatRequestOptions & { api: string }): string {
  const scope = [options.courseId, options.preparationPageId, options.studentId, options.sessionId].map((part) => part ?? "-");
  return [STORAGE_PREFIX, options.api, ...scope].join(":");
}


/**
 * A conversation from storage or from another tab, validated. An answer that was still arriving
 * stays `streaming` when it can be read again (the last message, with the route's id); any other
 * will never finish, so it is `interrupted`.
 */
export function parseConversation(json: unknown): StoredConversation | undefined {
  const parsed = storedConversationSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const last = parsed.data.messages.length - 1;
  const messages = parsed.data.messages.map((message, index): ChatMessage => {
    if (message.role !== "assistant" || message.state !== "streaming") return message;
    return index === last && message.serverMessageId !== undefined ? message : { ...message, state: "interrupted" };
  });
  return { sessionId: parsed.data.sessionId, messages };
}

export function loadConversation(key: string): StoredConversation | undefined {
  const raw = readItem(browserStorage(), key);
  if (!raw) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  return parseConversation(json);
}

/**
 * Conversations deleted on this page: a controller that still shows one (another tab deleted it,
 * or its answer ends after the delete) must not write it back.
 */
const forgotten = new Set<string>();

export function saveConversation(key: string, conversation: StoredConversation): void {
  if (forgotten.has(key)) return;
  const target = browserStorage();
  if (!target) {
    if (typeof window !== "undefined") reportStorageHealth("unavailable");
    return;
  }
  // Quota exceeded or storage disabled: the conversation still works, it just won't survive a reload.
  if (conversation.messages.length === 0) removeItem(target, key);
  else writeItem(target, key, JSON.stringify({ sessionId: conversation.sessionId, messages: conversation.messages }));
}

/** Removes a deleted conversation and keeps it from being saved again on this page. */
export function forgetConversation(key: string): void {
  forgotten.add(key);
  removeItem(browserStorage(), key);
}
