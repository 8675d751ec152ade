/**
 * Where a resumable answer lives while it streams and for a while after: its events in order,
 * who owns it, whether its producer is alive, and requests to stop it. One small interface, with
 * an in-memory implementation (one process, the default) and a Redis one (many instances), both
 * held to the same contract suite (tests/answers/answer-store-contract.ts).
 *
 * Outcomes are return values; a store that cannot be reached throws `StoreUnavailableError`, which
 * the route answers with 503 `store_unavailable`.
 */
import type { ChatEvent } from "@/lib/chat-stream/events";

/** One event of an answer and its sequence number (1, 2, 3…; the SSE `id`). */
export interface StoredEvent {
  seq: number;
  event: ChatEvent;
}

/** What is known of an answer besides its events. */
export interface AnswerInfo {
  id: string;
  /** The user it belongs to (`identify`), or undefined for an anonymous one. */
  owner: string | undefined;
  /** The AI SDK chat it answers, when it came from `useChat`, as {@link chatKeyOf} names it. */
  chatId: string | undefined;
  /** True once its `done` or `error` event is stored. */
  ended: boolean;
  /** Highest sequence number stored so far (0 when none). */
  lastSeq: number;
}

export interface NewAnswer {
  id: string;
  owner: string | undefined;
  chatId: string | undefined;
}

/**
 * The store's name for an AI SDK chat: its id within its user's own space, so the same chat id
 * used by two users (an app's fixed `useChat({ id })`, say) never reaches the other's answers.
 * Without `identify`, every caller is the same anonymous user and the chat id alone is the key.
 */
export function chatKeyOf(chatId: string, owner: string | undefined): string {
  // Length-prefixed so no (owner, chat) pair reads as another.
  return owner === undefined ? `anonymous/${chatId}` : `user:${owner.length}:${owner}/${chatId}`;
}

/** Why a `follow` ended without a terminal event of the answer's own. */
export type FollowEnd = "producer_lost" | "expired";

export interface AnswerStore {
  /** Registers a new answer with a producer lease of `leaseMs`. */
  create(answer: NewAnswer, leaseMs: number): Promise<void>;
  /**
   * Appends a batch of events in order (the route writes once per turn of the event loop) and
   * renews the producer lease. A batch ending with `done` or `error` ends the answer: from then on
   * it is kept `ttlSeconds` and then forgotten.
   */
  append(id: string, events: readonly StoredEvent[], leaseMs: number, ttlSeconds: number): Promise<void>;
  /** Renews the producer lease without events (a long silence upstream). */
  renewLease(id: string, leaseMs: number): Promise<void>;
  /** The answer, or undefined when unknown or expired. */
  info(id: string): Promise<AnswerInfo | undefined>;
  /** The active (not ended) answer of an AI SDK chat, if any. */
  activeAnswerOfChat(chatId: string): Promise<string | undefined>;
  /**
   * Every stored event after `afterSeq`, then live ones as they are appended, until the answer's
   * terminal event has been yielded, the producer's lease runs out (`producer_lost`), the answer
   * expires, or `signal` aborts. Any number of followers, on any instance.
   */
  follow(id: string, afterSeq: number, signal: AbortSignal): AsyncIterable<StoredEvent | { end: FollowEnd }>;
  /** Asks whoever produces the answer to stop it; false when the answer is unknown or ended. */
  requestStop(id: string): Promise<boolean>;
  /** The producer's side of `requestStop`: `listener` runs once when a stop is asked for. */
  onStopRequested(id: string, listener: () => void): () => void;
  /** Readers attached now, on every instance, for the detached rule. */
  attachReader(id: string): Promise<() => Promise<void>>;
  readerCount(id: string): Promise<number>;
  /** Releases connections and timers. */
  close(): Promise<void>;
}

/** The store cannot be reached: requests get 503 `store_unavailable` at once. */
export class StoreUnavailableError extends Error {
  constructor(cause?: unknown) {
    super("The answer store cannot be reached.", { cause });
    this.name = "StoreUnavailableError";
  }
}
