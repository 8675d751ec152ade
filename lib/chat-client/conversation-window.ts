/**
 * Which part of a conversation the chat sends with each question: the newest whole exchanges
 * within a budget, so a long chat never outgrows the route's limits. Pure: no I/O.
 */
import { utf8Length } from "@/lib/createai/utf8-length";

export interface WireMessage {
  role: "user" | "assistant";
  content: string;
}

/** How much of the conversation goes with a question (the question itself is always sent). */
export interface ConversationWindow {
  /** Most earlier messages. */
  maxMessages: number;
  /** Most UTF-8 bytes of earlier messages. */
  maxBytes: number;
}

/**
 * Well inside the route's limits (1 MiB body, 1,000 messages), and the same 64 KiB the route
 * keeps for CreateAI's history: sending more would only be trimmed there.
 */
export const DEFAULT_CONVERSATION_WINDOW: ConversationWindow = { maxMessages: 40, maxBytes: 64 * 1024 };

/**
 * The question (the last message) and, before it, the newest earlier messages that fit, taken in
 * whole user/assistant pairs so an answer is never sent without its question.
 */
export function windowConversation<Message extends WireMessage>(
  messages: readonly Message[],
  window: ConversationWindow = DEFAULT_CONVERSATION_WINDOW,
): Message[] {
  if (messages.length === 0) return [];
  const question = messages[messages.length - 1] as Message;
  const kept: Message[][] = [];
  let count = 0;
  let bytes = 0;
  let end = messages.length - 1;
  while (end > 0) {
    const pairs = messages[end - 1]?.role === "assistant" && messages[end - 2]?.role === "user";
    const start = pairs ? end - 2 : end - 1;
    const unit = messages.slice(start, end);
    const unitBytes = unit.reduce((sum, message) => sum + utf8Length(message.content), 0);
    if (count + unit.length > window.maxMessages || bytes + unitBytes > window.maxBytes) break;
    kept.unshift(unit);
    count += unit.length;
    bytes += unitBytes;
    end = start;
  }
  return [...kept.flat(), question];
}
