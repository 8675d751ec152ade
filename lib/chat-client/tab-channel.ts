/**
 * Tabs showing the same conversation show the same answer: `sessionStorage` is per tab, so a
 * `BroadcastChannel` named after the conversation's storage key carries the conversation when
 * an answer starts, and again to a tab that opens while one is in flight (`hello`). The other
 * tab then reads that answer itself with GET, from after the last event the sender had applied.
 * Only ids and text already on the sender's screen cross, never text per delta. What arrives is
 * validated like storage: any script of the origin may post on the channel.
 */
import { z } from "zod";
import { parseConversation, type StoredConversation } from "./persistence";
import type { AssistantMessage, ChatMessage } from "./types";

export type TabMessage =
  /** A tab opened: whoever has an answer in flight answers with `answer`. */
  | { type: "hello" }
  /** This conversation has an answer in flight: its last message, with the route's id. */
  | { type: "answer"; conversation: StoredConversation };

export interface TabChannel {
  post(message: TabMessage): void;
  close(): void;
}

/** Opens the channel `name`; undefined where there is none (server rendering, old browsers). */
export type OpenTabChannel = (name: string, onMessage: (message: TabMessage) => void) => TabChannel | undefined;

const tabMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("hello") }),
  z.object({ type: z.literal("answer"), conversation: z.unknown() }),
]);

function parseTabMessage(data: unknown): TabMessage | undefined {
  const parsed = tabMessageSchema.safeParse(data);
  if (!parsed.success) return undefined;
  if (parsed.data.type === "hello") return { type: "hello" };
  const conversation = parseConversation(parsed.data.conversation);
  return conversation && { type: "answer", conversation };
}

export const openBroadcastChannel: OpenTabChannel = (name, onMessage) => {
  if (typeof BroadcastChannel !== "function") return undefined;
  let channel: BroadcastChannel;
  try {
    channel = new BroadcastChannel(name);
  } catch {
    return undefined;
  }
  channel.onmessage = (event: MessageEvent) => {
    const message = parseTabMessage(event.data);
    if (message) onMessage(message);
  };
  // Node's channel (tests) keeps the process alive while open; browsers have no such method.
  (channel as { unref?: () => void }).unref?.();
  return {
    post(message) {
      try {
        channel.postMessage(message);
      } catch {
        // Closed meanwhile, or a value the channel cannot clone: the other tabs just don't follow.
      }
    },
    close: () => channel.close(),
  };
};

/**
 * The answer in flight of `theirs` that a tab showing `mine` should follow, if any: theirs must
 * continue the same conversation (my questions, by id, are the first of theirs; none counts), and
 * that answer must not have ended here already.
 */
export function answerToFollow(mine: readonly ChatMessage[], theirs: readonly ChatMessage[]): AssistantMessage | undefined {
  const answer = theirs.at(-1);
  if (answer?.role !== "assistant" || answer.state !== "streaming" || answer.serverMessageId === undefined) return undefined;
  const myQuestions = mine.filter((message) => message.role === "user").map((message) => message.id);
  const theirQuestions = theirs.filter((message) => message.role === "user").map((message) => message.id);
  if (myQuestions.some((id, index) => theirQuestions[index] !== id)) return undefined;
  const seen = mine.some((message) => message.role === "assistant" && message.serverMessageId === answer.serverMessageId);
  return seen ? undefined : answer;
}
