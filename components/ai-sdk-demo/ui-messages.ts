/**
 * `useChat`'s state in the shape our chat view renders: a UIMessage becomes a plain message
 * whose content is its text parts, with an end state; a `useChat` error becomes the failure a
 * student reads. Pure: no I/O, no React.
 */
import type { UIMessage } from "ai";
import { studentFailure } from "@/lib/chat-client/student-messages";
import type { AnswerState, ChatFailure, ChatMessage, ChatStatus } from "@/lib/chat-client/types";
import type { IncompleteAnswers } from "./stored-chat";
import { SAFE_MESSAGE_BY_CODE } from "@/lib/chat-stream/errors";
import { CHAT_ERROR_CODES, type ChatErrorCode } from "@/lib/chat-stream/events";

/** The text an answer or question shows: its text parts, in order. */
export function textOf(message: UIMessage): string {
  let text = "";
  for (const part of message.parts) if (part.type === "text") text += part.text;
  return text;
}

/** How the view should show an assistant message, given the chat's status and how it ended, if not whole. */
export function answerState(isLast: boolean, status: ChatStatus, incomplete: IncompleteAnswers[string] | undefined): AnswerState {
  if (incomplete) return incomplete;
  if (!isLast) return "done";
  if (status === "submitted" || status === "streaming") return "streaming";
  if (status === "error") return "interrupted";
  return "done";
}

const cache = new WeakMap<UIMessage, { state: AnswerState | undefined; message: ChatMessage }>();

/**
 * The conversation for the view. `useChat` gives an unchanged message the same object each time,
 * so its converted copy is reused too and the memoized message components do not re-render.
 */
export function toChatMessages(messages: readonly UIMessage[], status: ChatStatus, incomplete: IncompleteAnswers): ChatMessage[] {
  const shown: ChatMessage[] = [];
  messages.forEach((message, index) => {
    if (message.role === "system") return;
    const state = message.role === "assistant" ? answerState(index === messages.length - 1, status, incomplete[message.id]) : undefined;
    const cached = cache.get(message);
    if (cached && cached.state === state) {
      shown.push(cached.message);
      return;
    }
    const converted: ChatMessage =
      message.role === "user" ? { id: message.id, role: "user", content: textOf(message) } : { id: message.id, role: "assistant", content: textOf(message), state: state ?? "done" };
    cache.set(message, { state, message: converted });
    shown.push(converted);
  });
  return shown;
}

function isChatErrorCode(value: unknown): value is ChatErrorCode {
  return typeof value === "string" && (CHAT_ERROR_CODES as readonly string[]).includes(value);
}

// The route's `error` chunk carries the safe message of its code and nothing else; read back exactly, never searched.
const CODE_BY_SAFE_MESSAGE: ReadonlyMap<string, ChatErrorCode> = new Map(
  Object.entries(SAFE_MESSAGE_BY_CODE).map(([code, message]) => [message, code as ChatErrorCode]),
);

/**
 * What went wrong, from `useChat`'s error, in the same sentences as the Study Coach chat. A refusal
 * before the answer carries the route's JSON error as its message; a failure mid-answer the
 * `errorText` of the route's `error` chunk; a fetch that never got through is a network failure.
 * Anything else is shown as an interrupted answer, its own words kept as `detail` only.
 */
export function failureOf(error: Error): ChatFailure {
  let body: unknown;
  try {
    body = JSON.parse(error.message);
  } catch {
    body = undefined;
  }
  const refusal = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (refusal && isChatErrorCode(refusal.code)) {
    return studentFailure(refusal.code, { detail: typeof refusal.message === "string" ? refusal.message : undefined });
  }
  const code = CODE_BY_SAFE_MESSAGE.get(error.message);
  if (code !== undefined) return studentFailure(code);
  if (error.name === "TypeError") return studentFailure("network", { detail: error.message });
  return studentFailure("interrupted", { detail: error.message });
}
