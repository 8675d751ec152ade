/**
 * The browser side's view of a conversation: what the hook exposes and components render.
 * Server events come from the shared model in `lib/chat-stream/events.ts`.
 */
import type { ChatErrorCode, UpstreamKind } from "@/lib/chat-stream/events";

/** `ready → submitted → streaming → ready | error`. */
export type ChatStatus = "ready" | "submitted" | "streaming" | "error";

/**
 * Failures the client itself detects, next to the route's closed set:
 * - `network`: the route could not be reached, or the connection broke mid-answer
 * - `interrupted`: the stream ended without `done` or `error`
 * - `bad_response`: the route answered with something that is not our stream
 */
export type ClientErrorCode = "network" | "interrupted" | "bad_response";

/** What went wrong, in words for a student (see `student-messages.ts`). */
export interface ChatFailure {
  code: ChatErrorCode | ClientErrorCode;
  /** A sentence for the student: what happened and what they can do. */
  message: string;
  /** Whether sending the same question again can succeed; the chat offers Retry only then. */
  retryable: boolean;
  /** The route's own message: precise, for developers and API callers, not for students. */
  detail?: string;
  /** The HTTP status when the route refused the question before answering. */
  status?: number;
  /** How long the route asked to wait (`Retry-After`), in seconds. */
  retryAfterSeconds?: number;
  /** A question the route refused, taken back out of the conversation so it can be edited and sent again. */
  question?: string;
  /** That question was an edit of the last question: sending it again replaces that one again. */
  editsLastQuestion?: boolean;
  /** The route did not recognise the conversation's session (issued before a restart, say). */
  staleSession?: boolean;
}

/** How an answer ended, or `streaming` while it is still arriving. */
export type AnswerState = "streaming" | "done" | "stopped" | "interrupted";

/** Live figures of one answer, measured in the browser from the moment the question went out. */
export interface AnswerFigures {
  /** Milliseconds from sending to the first text, null until text arrives. */
  firstTextMs: number | null;
  /** Milliseconds from the first text to the latest text. */
  streamingMs: number;
  /** `delta` events received. */
  chunks: number;
  /** Characters received. */
  chars: number;
}

export interface UserMessage {
  id: string;
  role: "user";
  content: string;
}

export interface AssistantMessage {
  id: string;
  role: "assistant";
  content: string;
  state: AnswerState;
  /** The id the route gave this answer (`X-Message-Id`, `start.messageId`): how it is read again or stopped. */
  serverMessageId?: string;
  /** The SSE id of the last event applied to this answer: a resume continues after it. */
  lastEventId?: number;
  model?: { provider: string; name: string };
  upstream?: UpstreamKind;
  figures?: AnswerFigures;
  /** Upstream metadata (sources, usage) when the route sent any. */
  metadata?: unknown;
}

export type ChatMessage = UserMessage | AssistantMessage;

/** A message handed in from outside (`initialMessages`); ids are added when missing. */
export interface InitialMessage {
  id?: string;
  role: "user" | "assistant";
  content: string;
}

/** Everything a component renders; a new object whenever anything in it changes. */
export interface ChatSnapshot {
  status: ChatStatus;
  messages: readonly ChatMessage[];
  error: ChatFailure | undefined;
  /** The conversation's session as the route issued it (`start.sessionId`), sent back with every later question. */
  sessionId: string | undefined;
  /** Which upstream answered last, from the latest `start` event. */
  upstream: UpstreamKind | undefined;
}

/** What the Study Coach pages and `/ws-demo` can set; read again at every send. */
export interface ChatRequestOptions {
  /** The route to post to; default `/api/ws-chat`. */
  api?: string;
  courseId?: string;
  studentId?: string;
  preparationPageId?: string;
  /**
   * A session id the route issued earlier (from `start.sessionId` or `X-Session-Id`) to continue;
   * by default the route issues one with the first answer and the chat sends it back after that.
   */
  sessionId?: string;
  systemPrompt?: string;
  temperature?: number;
  model?: { provider: string; name: string };
  /** Search the project's course materials and show the sources under the answer. */
  enableSearch?: boolean;
}

export interface ChatOptions extends ChatRequestOptions {
  /** Shown when nothing is stored for this conversation yet. */
  initialMessages?: readonly InitialMessage[];
  /**
   * Where the conversation is kept in `localStorage`; default: derived from `api`, the course,
   * student, preparation page and session ids. `false` keeps nothing. `WebSocketChat` keeps a
   * list of conversations under this key, each under `${storageKey}#${id}`.
   */
  storageKey?: string | false;
  /** For tests and special setups; default the global `fetch`. */
  fetch?: typeof fetch;
}

export const DEFAULT_CHAT_API = "/api/ws-chat";
