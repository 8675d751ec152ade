/**
 * One conversation's transport and state: sends questions to the route, reads the SSE answer
 * into the store, and handles stop, retry and reset. React-free; `useCreateAIChat` wraps it.
 */
import type { ChatEvent } from "@/lib/chat-stream/events";
import { createChatStore, type Urgency } from "./chat-store";
import {
  buildRequestBody,
  createFigureTracker,
  emptyFigures,
  endAnswer,
  fromInitialMessages,
  lastQuestionIndex,
  updateAnswer,
} from "./conversation";
import type { FrameScheduler } from "./frame-throttle";
import { newId } from "./ids";
import { openChatStream, type ChatRequestBody } from "./open-chat-stream";
import { defaultStorageKey, loadConversation, saveConversation } from "./persistence";
import { readChatEvents } from "./sse-reader";
import { studentFailure } from "./student-messages";
import {
  DEFAULT_CHAT_API,
  type AssistantMessage,
  type ChatFailure,
  type ChatMessage,
  type ChatOptions,
  type ChatRequestOptions,
  type ChatSnapshot,
  type UserMessage,
} from "./types";

export interface ChatController {
  getSnapshot(): ChatSnapshot;
  /** The state before anything is restored: what the server renders and hydration expects. */
  getServerSnapshot(): ChatSnapshot;
  subscribe(listener: () => void): () => void;
  /** Sends a question; false when it is empty or an answer is still arriving. */
  send(text: string): boolean;
  /** Aborts the answer in flight (which closes the upstream socket) and keeps its text. */
  stop(): void;
  /** Asks the last question again, replacing its failed or partial answer. */
  retry(): boolean;
  /** Starts a new conversation with a new session. */
  reset(): void;
  /** New request options (model, prompt…), used from the next send on. */
  configure(options: ChatRequestOptions & Pick<ChatOptions, "fetch">): void;
  /** Loads the stored conversation, once, after hydration; saves changes from then on. */
  restore(): void;
  /** Saves the latest state now, even mid-answer (the page is going away). */
  persistNow(): void;
  /** Stops what is in flight; the owner is unmounting. */
  dispose(): void;
}

export interface ChatControllerDeps {
  scheduler?: FrameScheduler;
  now?: () => number;
}

export function createChatController(options: ChatOptions = {}, deps: ChatControllerDeps = {}): ChatController {
  const api = options.api ?? DEFAULT_CHAT_API;
  const storageKey = options.storageKey === false ? undefined : (options.storageKey ?? defaultStorageKey({ ...options, api }));
  const now = deps.now ?? (() => performance.now());
  const initial: ChatSnapshot = {
    status: "ready",
    messages: fromInitialMessages(options.initialMessages),
    error: undefined,
    sessionId: options.sessionId,
    upstream: undefined,
  };
  const store = createChatStore(initial, deps.scheduler);
  let requestOptions: ChatRequestOptions & Pick<ChatOptions, "fetch"> = options;
  let inFlight: AbortController | undefined;
  let restored = false;

  const update = (recipe: (draft: ChatSnapshot) => ChatSnapshot, urgency: Urgency = "now") => store.update(recipe, urgency);
  const isBusy = () => inFlight !== undefined;

  function persist(snapshot: ChatSnapshot): void {
    if (storageKey === undefined || !restored) return;
    saveConversation(storageKey, { sessionId: snapshot.sessionId, messages: [...snapshot.messages] });
  }

  function send(text: string): boolean {
    const content = text.trim();
    if (content === "" || isBusy()) return false;
    const question: UserMessage = { id: newId(), role: "user", content };
    startTurn([...store.getDraft().messages, question], question.id);
    return true;
  }

  function retry(): boolean {
    if (isBusy()) return false;
    // A refused question was taken out of the conversation: asking again is sending it again.
    const refused = store.getDraft().error?.question;
    if (refused !== undefined) return send(refused);
    const messages = store.getDraft().messages;
    const index = lastQuestionIndex(messages);
    if (index < 0) return false;
    // A retry is a new send of the same question: a new id, or the route would refuse it as a duplicate.
    startTurn(messages.slice(0, index + 1), newId());
    return true;
  }

  /** `conversation` ends with the question; anything after it in the store is replaced. */
  function startTurn(conversation: ChatMessage[], clientMessageId: string): void {
    const abort = new AbortController();
    inFlight = abort;
    const answer: AssistantMessage = { id: newId(), role: "assistant", content: "", state: "streaming", figures: emptyFigures() };
    const sessionId = store.getDraft().sessionId;
    update((draft) => ({ ...draft, status: "submitted", error: undefined, messages: [...conversation, answer] }));
    const body = buildRequestBody(conversation, clientMessageId, sessionId, requestOptions);
    void readAnswer(abort, answer.id, body);
  }

  async function readAnswer(abort: AbortController, answerId: string, body: ChatRequestBody): Promise<void> {
    const isCurrent = () => inFlight === abort;
    const figures = createFigureTracker(now);
    const opened = await openChatStream(api, body, abort.signal, requestOptions.fetch);
    if (!isCurrent() || opened.kind === "aborted") return; // stop() or reset() already settled the state
    if (opened.kind === "failed" && opened.error.staleSession && body.sessionId !== undefined) {
      // The route no longer knows this session (its secret changed, say): the messages carry the
      // conversation, so ask again at once in a new session rather than leave the chat stuck.
      update((draft) => ({ ...draft, sessionId: undefined }));
      const { sessionId: _stale, ...withoutSession } = body;
      return readAnswer(abort, answerId, { ...withoutSession, clientMessageId: newId() });
    }
    if (opened.kind === "failed") return fail(answerId, opened.error);

    update((draft) => ({ ...draft, status: "streaming" }), "this-frame");
    try {
      for await (const event of readChatEvents(opened.body)) {
        if (!isCurrent()) return;
        if (applyEvent(answerId, event, figures)) return;
      }
    } catch {
      if (isCurrent()) fail(answerId, studentFailure("network"));
      return;
    }
    // The body ended without `done` or `error`: a truncated answer must never look complete.
    if (isCurrent()) fail(answerId, studentFailure("interrupted"));
  }

  /** Applies one event; true once the answer has ended. */
  function applyEvent(answerId: string, event: ChatEvent, figures: ReturnType<typeof createFigureTracker>): boolean {
    switch (event.type) {
      case "start": {
        const { messageId, sessionId, model, upstream } = event.data;
        update((draft) => ({
          ...draft,
          upstream,
          // The route issues the session; later questions of this conversation send it back.
          sessionId,
          messages: updateAnswer(draft.messages, answerId, (answer) => ({ ...answer, serverMessageId: messageId, model, upstream })),
        }), "next-frame");
        return false;
      }
      case "delta": {
        const { text } = event.data;
        const latest = figures.onText(text);
        update((draft) => ({
          ...draft,
          messages: updateAnswer(draft.messages, answerId, (answer) => ({ ...answer, content: answer.content + text, figures: latest })),
        }), "next-frame");
        return false;
      }
      case "metadata": {
        const metadata = event.data;
        update((draft) => ({ ...draft, messages: updateAnswer(draft.messages, answerId, (answer) => ({ ...answer, metadata })) }), "next-frame");
        return false;
      }
      case "done": {
        const { text } = event.data;
        inFlight = undefined;
        update((draft) => ({
          ...draft,
          status: "ready",
          // `done.text` is the whole answer as the server saw it; it wins over our concatenation.
          messages: updateAnswer(draft.messages, answerId, (answer) => ({ ...answer, content: text, state: "done" })),
        }), "this-frame");
        return true;
      }
      case "error":
        fail(answerId, studentFailure(event.data.code, { detail: event.data.message }));
        return true;
    }
  }

  function fail(answerId: string, error: ChatFailure): void {
    inFlight = undefined;
    update((draft) => {
      // Refused before answering (an HTTP status): the question goes back to the student to edit.
      if (error.status !== undefined) return { ...draft, status: "error", ...takeBackQuestion(draft.messages, answerId, error) };
      return { ...draft, status: "error", error, messages: endAnswer(draft.messages, answerId, "interrupted", true) };
    }, "this-frame");
  }

  /** Aborts the request in flight without touching the state; false when there was none. */
  function abortInFlight(): boolean {
    const abort = inFlight;
    if (abort === undefined) return false;
    inFlight = undefined;
    abort.abort();
    return true;
  }

  function stop(): void {
    if (!abortInFlight()) return;
    update((draft) => ({
      ...draft,
      status: "ready",
      messages: draft.messages.map((message) =>
        message.role === "assistant" && message.state === "streaming" ? { ...message, state: "stopped" } : message,
      ),
    }));
  }

  function reset(): void {
    abortInFlight();
    update((draft) => ({
      ...draft,
      status: "ready",
      error: undefined,
      messages: fromInitialMessages(options.initialMessages),
      // A fresh id on the next send: the upstream must not remember the old conversation.
      sessionId: undefined,
    }));
  }

  function restore(): void {
    if (restored) return;
    restored = true;
    const stored = storageKey === undefined ? undefined : loadConversation(storageKey);
    const untouched = !isBusy() && !store.getDraft().messages.some((message) => message.role === "user");
    if (stored && untouched) {
      update((draft) => ({ ...draft, messages: stored.messages, sessionId: stored.sessionId ?? draft.sessionId }));
    }
  }

  // Saved whenever the state is published outside an answer: mid-answer saves would cost a
  // storage write per frame, and `persistNow` covers a page that goes away mid-answer.
  store.subscribe(() => {
    const snapshot = store.getSnapshot();
    if (snapshot.status !== "streaming") persist(snapshot);
  });

  return {
    getSnapshot: store.getSnapshot,
    getServerSnapshot: () => initial,
    subscribe: store.subscribe,
    send,
    stop,
    retry,
    reset,
    configure(next) {
      requestOptions = next;
    },
    restore,
    persistNow: () => persist(store.getDraft()),
    dispose: stop,
  };
}

/** Drops the answer `answerId` and the question before it; the failure keeps the question's text. */
function takeBackQuestion(
  messages: readonly ChatMessage[],
  answerId: string,
  error: ChatFailure,
): { messages: ChatMessage[]; error: ChatFailure } {
  const index = messages.findIndex((message) => message.id === answerId);
  const question = messages[index - 1];
  if (index < 0 || question?.role !== "user") return { messages: messages.filter((message) => message.id !== answerId), error };
  return { messages: [...messages.slice(0, index - 1), ...messages.slice(index + 1)], error: { ...error, question: question.content } };
}
