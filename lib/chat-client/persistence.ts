/**
 * Keeps a conversation in `sessionStorage` so a reload shows it again, an answer in flight with
 * the route's id and the last event applied, so a reload can read the rest of it. What is read
 * back is validated: storage is shared with other code on the origin and may hold anything.
 */
import { z } from "zod";
import { modelSchema, upstreamKindSchema } from "@/lib/chat-stream/events";
import type { ChatMessage, ChatRequestOptions } from "./types";

const STORAGE_PREFIX = "createai-chat:v1";

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

/** The storage key for a chat scoped by these options. */
export function defaultStorageKey(options: ChatRequestOptions & { api: string }): string {
  const scope = [options.courseId, options.preparationPageId, options.studentId, options.sessionId].map((part) => part ?? "-");
  return [STORAGE_PREFIX, options.api, ...scope].join(":");
}

function storage(): Storage | undefined {
  try {
    return typeof window === "undefined" ? undefined : window.sessionStorage;
  } catch {
    return undefined; // storage disabled by the browser's privacy settings
  }
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
  let raw: string | null | undefined;
  try {
    raw = storage()?.getItem(key);
  } catch {
    return undefined;
  }
  if (!raw) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  return parseConversation(json);
}

export function saveConversation(key: string, conversation: StoredConversation): void {
  const target = storage();
  if (!target) return;
  try {
    if (conversation.messages.length === 0) target.removeItem(key);
    else target.setItem(key, JSON.stringify({ sessionId: conversation.sessionId, messages: conversation.messages }));
  } catch {
    // Quota exceeded or storage disabled: the conversation still works, it just won't survive a reload.
  }
}
