/**
 * Pure helpers over a conversation's messages: no state, no I/O.
 */
import { windowConversation } from "./conversation-window";
import { newId } from "./ids";
import type { AnswerFigures, AssistantMessage, ChatFailure, ChatMessage, ChatRequestOptions, InitialMessage } from "./types";
import type { ChatRequestBody } from "./open-chat-stream";

export function fromInitialMessages(initial: readonly InitialMessage[] | undefined): ChatMessage[] {
  return (initial ?? []).map((message): ChatMessage =>
    message.role === "user"
      ? { id: message.id ?? newId(), role: "user", content: message.content }
      : { id: message.id ?? newId(), role: "assistant", content: message.content, state: "done" },
  );
}

export function emptyFigures(): AnswerFigures {
  return { firstTextMs: null, streamingMs: 0, chunks: 0, chars: 0 };
}

/** Replaces the assistant message `id` with `recipe(message)`; other messages are kept as they are. */
export function updateAnswer(
  messages: readonly ChatMessage[],
  id: string,
  recipe: (answer: AssistantMessage) => AssistantMessage,
): ChatMessage[] {
  return messages.map((message) => (message.id === id && message.role === "assistant" ? recipe(message) : message));
}

/** Marks the answer `id` as ended in `state`, or drops it when no text ever arrived and `dropIfEmpty`. */
export function endAnswer(
  messages: readonly ChatMessage[],
  id: string,
  state: AssistantMessage["state"],
  dropIfEmpty: boolean,
): ChatMessage[] {
  const answer = messages.find((message) => message.id === id);
  if (dropIfEmpty && answer?.content === "") return messages.filter((message) => message.id !== id);
  return updateAnswer(messages, id, (message) => ({ ...message, state }));
}

/** The index of the last question, or -1. */
export function lastQuestionIndex(messages: readonly ChatMessage[]): number {
  for (let index = messages.length - 1; index >= 0; index -= 1) if (messages[index]?.role === "user") return index;
  return -1;
}

/**
 * The request body for `conversation`, whose last message is the question. Answers with no text
 * (stopped before anything arrived) are left out; of the rest, the newest exchanges within the
 * conversation window go (see `conversation-window.ts`); the route pairs them into history.
 * `clientMessageId` marks this send: the route refuses a repeat of it as a duplicate. Every
 * answer is resumable: it outlives the request, so a reload or a dropped connection can read it on.
 */
export function buildRequestBody(
  conversation: readonly ChatMessage[],
  clientMessageId: string,
  sessionId: string | undefined,
  options: ChatRequestOptions,
): ChatRequestBody {
  const body: ChatRequestBody = {
    messages: windowConversation(
      conversation
        .filter((message) => message.role === "user" || message.content !== "")
        .map((message) => ({ role: message.role, content: message.content })),
    ),
    clientMessageId,
    resumable: true,
  };
  // None on a new conversation: the route issues one with the first answer.
  if (sessionId !== undefined) body.sessionId = sessionId;
  if (options.systemPrompt?.trim()) body.systemPrompt = options.systemPrompt;
  if (typeof options.temperature === "number" && Number.isFinite(options.temperature)) body.temperature = options.temperature;
  if (options.model?.provider && options.model.name) body.model = { provider: options.model.provider, name: options.model.name };
  if (options.enableSearch === true) body.enableSearch = true;
  if (options.studentId) body.studentId = options.studentId;
  if (options.courseId) body.courseId = options.courseId;
  if (options.preparationPageId) body.preparationPageId = options.preparationPageId;
  return body;
}

/**
 * Tracks one answer's live figures from the moment its question went out, or, for an answer read
 * again after a reload or in another tab, on from the figures it had (`earlier`); the time to
 * first text is then the one measured where it was asked.
 */
export function createFigureTracker(now: () => number, earlier?: AnswerFigures): { onText(text: string): AnswerFigures } {
  const sentAt = now();
  let firstTextAt: number | undefined;
  let chunks = earlier?.chunks ?? 0;
  let chars = earlier?.chars ?? 0;
  const firstTextMs = earlier?.firstTextMs ?? null;
  const streamedBefore = earlier?.streamingMs ?? 0;
  return {
    onText(text) {
      const at = now();
      firstTextAt ??= at;
      chunks += 1;
      chars += text.length;
      const streamingMs = Math.round(streamedBefore + at - firstTextAt);
      return { firstTextMs: firstTextMs ?? Math.round(firstTextAt - sentAt), streamingMs, chunks, chars };
    },
  };
}

/** Drops the answer `answerId` and the question before it; the failure keeps the question's text. */
export function takeBackQuestion(
  messages: readonly ChatMessage[],
  answerId: string,
  error: ChatFailure,
): { messages: ChatMessage[]; error: ChatFailure } {
  const index = messages.findIndex((message) => message.id === answerId);
  const question = messages[index - 1];
  if (index < 0 || question?.role !== "user") return { messages: messages.filter((message) => message.id !== answerId), error };
  return { messages: [...messages.slice(0, index - 1), ...messages.slice(index + 1)], error: { ...error, question: question.content } };
}
