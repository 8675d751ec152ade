/**
 * One conversation's transport and state: sends questions to the route, reads the SSE answer
 * into the store (re-attaching when the connection breaks), and handles stop, retry (also
 * Regenerate), edit of the last question, reset and discard.
 * Answers are resumable: a reload, a remount or a second tab reads the answer in flight again
 * with GET from after the last event applied. React-free; `useCreateAIChat` wraps it.
 */
import type { ChatEvent } from "@/lib/chat-stream/events";
import { applyAnswerEvent } from "./answer-events";
import { stopAnswer } from "./answer-streams";
import { createChatStore, type Urgency } from "./chat-store";
import {
  buildRequestBody,
  createFigureTracker,
  emptyFigures,
  endAnswer,
  fromInitialMessages,
  lastQuestionIndex,
  takeBackQuestion,
  updateAnswer,
} from "./conversation";
import { followAnswer, type ResumeDeps } from "./follow-answer";
import type { FrameScheduler } from "./frame-throttle";
import { newId } from "./ids";
import { openChatStream, type ChatRequestBody } from "./open-chat-stream";
import { defaultStorageKey, loadConversation, forgetConversation, saveConversation, type StoredConversation } from "./persistence";
import { studentFailure } from "./student-messages";
import { answerToFollow, openBroadcastChannel, type OpenTabChannel } from "./tab-channel";
import { createTabSync } from "./tab-sync";
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
  /** Stops the answer in flight, here and on the server (which closes the upstream socket), keeping its text. */
  stop(): void;
  /** Asks the last question again, replacing its answer, whether it failed, stopped or finished. */
  retry(): boolean;
  /** Replaces the last question with `text` and asks it, dropping the answer to the old one. */
  edit(text: string): boolean;
  /** Starts a new conversation with a new session. */
  reset(): void;
  /**
   * Forgets this conversation: stops its answer wherever it is read, removes what is stored and
   * saves nothing more (the student deleted it).
   */
  discard(): void;
  /** New request options (model, prompt…), used from the next send on. */
  configure(options: ChatRequestOptions & Pick<ChatOptions, "fetch">): void;
  /**
   * Loads the stored conversation, once, after hydration, and saves changes from then on; reads
   * on an answer that was still arriving; listens to other tabs of this conversation.
   */
  restore(): void;
  /** Saves the latest state now, even mid-answer (the page is going away). */
  persistNow(): void;
  /**
   * Stops reading and saves where the answer stands: the owner is unmounting, and a remount reads
   * on. With nothing kept (`storageKey: false`) the answer is stopped instead.
   */
  dispose(): void;
}

export interface ChatControllerDeps {
  scheduler?: FrameScheduler;
  now?: () => number;
  /** How re-attaching after a broken connection waits; tests make it instant. */
  resume?: ResumeDeps;
  /** The channel to other tabs of this conversation; default a `BroadcastChannel`. */
  openTabChannel?: OpenTabChannel;
}

/** One answer being read: from its POST, or with GET after a reload (`storage`) or for another tab (`tab`). */
interface Reading {
  abort: AbortController;
  answerId: string;
  from: "post" | "storage" | "tab";
  /**
   * What a Regenerate or an Edit replaced: put back if the route refuses the new question, so
   * a refusal (a rate limit, say) never costs the student the exchange they had.
   */
  replaced?: { messages: ChatMessage[]; question: string | undefined };
}

type FigureTracker = ReturnType<typeof createFigureTracker>;

export function createChatController(options: ChatOptions = {}, deps: ChatControllerDeps = {}): ChatController {
  const api = options.api ?? DEFAULT_CHAT_API;
  const storageKey = options.storageKey === false ? undefined : (options.storageKey ?? defaultStorageKey({ ...options, api }));
  const now = deps.now ?? (() => performance.now());
  const openTabChannel = deps.openTabChannel ?? openBroadcastChannel;
  const initial: ChatSnapshot = {
    status: "ready",
    messages: fromInitialMessages(options.initialMessages),
    error: undefined,
    sessionId: options.sessionId,
    upstream: undefined,
  };
  const store = createChatStore(initial, deps.scheduler);
  let requestOptions: ChatRequestOptions & Pick<ChatOptions, "fetch"> = options;
  let inFlight: Reading | undefined;
  let restored = false;

  const update = (recipe: (draft: ChatSnapshot) => ChatSnapshot, urgency: Urgency = "now") => store.update(recipe, urgency);
  const isBusy = () => inFlight !== undefined;
  const answerOf = (id: string): AssistantMessage | undefined => {
    const message = store.getDraft().messages.find((candidate) => candidate.id === id);
    return message?.role === "assistant" ? message : undefined;
  };
  const stored = (snapshot: ChatSnapshot): StoredConversation => ({ sessionId: snapshot.sessionId, messages: [...snapshot.messages] });

  function persist(snapshot: ChatSnapshot): void {
    if (storageKey === undefined || !restored) return;
    saveConversation(storageKey, stored(snapshot));
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
    const { question: refused, editsLastQuestion } = store.getDraft().error ?? {};
    if (refused !== undefined) return editsLastQuestion ? edit(refused) : send(refused);
    const messages = store.getDraft().messages;
    const index = lastQuestionIndex(messages);
    if (index < 0) return false;
    // A retry is a new send of the same question: a new id, or the route would refuse it as a duplicate.
    startTurn(messages.slice(0, index + 1), newId(), { messages: [...messages], question: undefined });
    return true;
  }

  function edit(text: string): boolean {
    const content = text.trim();
    if (content === "" || isBusy()) return false;
    const messages = store.getDraft().messages;
    const index = lastQuestionIndex(messages);
    if (index < 0) return send(content);
    const question: UserMessage = { id: newId(), role: "user", content };
    startTurn([...messages.slice(0, index), question], question.id, { messages: [...messages], question: content });
    return true;
  }

  /** `conversation` ends with the question; anything after it in the store is replaced. */
  function startTurn(conversation: ChatMessage[], clientMessageId: string, replaced?: Reading["replaced"]): void {
    const answer: AssistantMessage = { id: newId(), role: "assistant", content: "", state: "streaming", figures: emptyFigures() };
    const reading: Reading = { abort: new AbortController(), answerId: answer.id, from: "post", replaced };
    inFlight = reading;
    const sessionId = store.getDraft().sessionId;
    update((draft) => ({ ...draft, status: "submitted", error: undefined, messages: [...conversation, answer] }));
    const body = buildRequestBody(conversation, clientMessageId, sessionId, requestOptions);
    void readAnswer(reading, body);
  }

  async function readAnswer(reading: Reading, body: ChatRequestBody): Promise<void> {
    const { answerId } = reading;
    const figures = createFigureTracker(now);
    const opened = await openChatStream(api, body, reading.abort.signal, requestOptions.fetch);
    if (inFlight !== reading || opened.kind === "aborted") return; // stop() or reset() already settled the state
    if (opened.kind === "failed" && opened.error.staleSession && body.sessionId !== undefined) {
      // The route no longer knows this session (its secret changed, say): the messages carry the
      // conversation, so ask again at once in a new session rather than leave the chat stuck.
      update((draft) => ({ ...draft, sessionId: undefined }));
      const { sessionId: _stale, ...withoutSession } = body;
      return readAnswer(reading, { ...withoutSession, clientMessageId: newId() });
    }
    if (opened.kind === "failed" && opened.error.status !== undefined && reading.replaced !== undefined) {
      return refuseReplacement(reading.replaced, opened.error);
    }
    if (opened.kind === "failed") return fail(answerId, opened.error);

    // The id comes with the headers: a connection that breaks before `start` can still be resumed.
    const serverMessageId = opened.messageId;
    update((draft) => ({
      ...draft,
      status: "streaming",
      messages: serverMessageId === undefined ? draft.messages : updateAnswer(draft.messages, answerId, (answer) => ({ ...answer, serverMessageId })),
    }), "this-frame");
    await follow(reading, opened.body, figures);
  }

  /** Reads the answer to its end, re-attaching after breaks; `body` undefined attaches at once. */
  async function follow(reading: Reading, body: ReadableStream<Uint8Array> | undefined, figures: FigureTracker): Promise<void> {
    const outcome = await followAnswer(body, {
      api,
      signal: reading.abort.signal,
      fetch: requestOptions.fetch,
      ...deps.resume,
      messageId: () => answerOf(reading.answerId)?.serverMessageId,
      lastEventId: () => answerOf(reading.answerId)?.lastEventId,
      apply: (event, id) => inFlight !== reading || applyEvent(reading, event, id, figures),
    });
    // A truncated answer must never look complete.
    if (outcome.kind === "lost" && inFlight === reading) fail(reading.answerId, studentFailure(outcome.code));
  }

  /** Applies one event and its SSE id; true once the answer has ended. */
  function applyEvent(reading: Reading, event: ChatEvent, id: number | undefined, figures: FigureTracker): boolean {
    if (event.type === "error") {
      fail(reading.answerId, studentFailure(event.data.code, { detail: event.data.message }));
      return true;
    }
    const latest = event.type === "delta" ? figures.onText(event.data.text) : undefined;
    if (event.type === "done") inFlight = undefined;
    // The text as it grows is published once a frame; the end at once unless a frame already published.
    update((draft) => applyAnswerEvent(draft, reading.answerId, event, id, latest), event.type === "done" ? "this-frame" : "next-frame");
    // Saved and told to other tabs once, as the answer begins: a reload or a second tab reads it from here.
    if (event.type === "start" && reading.from === "post") announce();
    return event.type === "done";
  }

  function fail(answerId: string, error: ChatFailure): void {
    inFlight = undefined;
    update((draft) => {
      // Refused before answering (an HTTP status): the question goes back to the student to edit.
      if (error.status !== undefined) return { ...draft, status: "error", ...takeBackQuestion(draft.messages, answerId, error) };
      return { ...draft, status: "error", error, messages: endAnswer(draft.messages, answerId, "interrupted", true) };
    }, "this-frame");
  }

  /** The route refused a Regenerate or an Edit: the exchange is as it was, an edited question back in the box. */
  function refuseReplacement(replaced: NonNullable<Reading["replaced"]>, error: ChatFailure): void {
    inFlight = undefined;
    const question = replaced.question === undefined ? {} : { question: replaced.question, editsLastQuestion: true };
    update((draft) => ({ ...draft, status: "error", error: { ...error, ...question }, messages: replaced.messages }), "this-frame");
  }

  /** Aborts the reading in flight without touching the state; what it was reading, if anything. */
  function abortInFlight(): (Reading & { serverMessageId: string | undefined }) | undefined {
    const reading = inFlight;
    if (reading === undefined) return undefined;
    inFlight = undefined;
    reading.abort.abort();
    return { ...reading, serverMessageId: answerOf(reading.answerId)?.serverMessageId };
  }

  /** Stops the answer on the server: aborting our request alone would leave a resumable answer running, detached. */
  function stopOnServer(aborted: { serverMessageId: string | undefined } | undefined): void {
    if (aborted?.serverMessageId !== undefined) stopAnswer(api, aborted.serverMessageId, requestOptions.fetch);
  }

  function stop(): void {
    const aborted = abortInFlight();
    if (aborted === undefined) return;
    // Stop means stop, wherever it was asked: every tab reading the answer sees it end.
    stopOnServer(aborted);
    update((draft) => ({
      ...draft,
      status: "ready",
      messages: draft.messages.map((message) =>
        message.role === "assistant" && message.state === "streaming" ? { ...message, state: "stopped" } : message,
      ),
    }));
  }

  function reset(): void {
    const aborted = abortInFlight();
    // This tab leaves the conversation; an answer another tab asked for goes on there.
    if (aborted?.from !== "tab") stopOnServer(aborted);
    update((draft) => ({
      ...draft,
      status: "ready",
      error: undefined,
      messages: fromInitialMessages(options.initialMessages),
      // A fresh id on the next send: the upstream must not remember the old conversation.
      sessionId: undefined,
    }));
  }

  function discard(): void {
    // Gone for every tab: an answer still arriving is stopped whoever asked it.
    stopOnServer(abortInFlight());
    if (storageKey !== undefined) forgetConversation(storageKey);
    tabs.leave();
  }

  /** Reads the answer `answer` (the last message, with the route's id) from after its last event. */
  function attach(answer: AssistantMessage, from: Reading["from"]): void {
    const reading: Reading = { abort: new AbortController(), answerId: answer.id, from };
    inFlight = reading;
    update((draft) => ({ ...draft, status: "streaming", error: undefined }));
    void follow(reading, undefined, createFigureTracker(now, answer.figures));
  }

  /** An answer that was arriving when the page went away (or the component unmounted) goes on. */
  function resumeStoredAnswer(): void {
    const last = store.getDraft().messages.at(-1);
    if (!isBusy() && last?.role === "assistant" && last.state === "streaming" && last.serverMessageId !== undefined) attach(last, "storage");
  }

  function announce(): void {
    const draft = store.getDraft();
    persist(draft);
    tabs.announce(stored(draft));
  }

  /** Another tab announced an answer in flight: followed here if this tab shows the same conversation and is idle. */
  function followOtherTab(conversation: StoredConversation): void {
    if (isBusy()) return;
    const answer = answerToFollow(store.getDraft().messages, conversation.messages);
    if (answer === undefined) return;
    update((draft) => ({ ...draft, messages: conversation.messages, sessionId: conversation.sessionId ?? draft.sessionId }));
    attach(answer, "tab");
  }

  const tabs = createTabSync(storageKey, openTabChannel, {
    readsNamedAnswer: () => inFlight !== undefined && answerOf(inFlight.answerId)?.serverMessageId !== undefined,
    announceNow: announce,
    onAnswer: followOtherTab,
  });

  function restore(): void {
    if (!restored) {
      restored = true;
      const saved = storageKey === undefined ? undefined : loadConversation(storageKey);
      const untouched = !isBusy() && !store.getDraft().messages.some((message) => message.role === "user");
      if (saved && untouched) {
        update((draft) => ({ ...draft, messages: saved.messages, sessionId: saved.sessionId ?? draft.sessionId }));
      }
    }
    // Again after a dispose (React's development remount): the answer is read on from where it stood.
    resumeStoredAnswer();
    tabs.join();
  }

  function dispose(): void {
    // Not stop(): the answer goes on on the server, and whoever mounts this conversation next
    // reads on; unless nothing is kept, when nobody could.
    const aborted = abortInFlight();
    if (storageKey === undefined) stopOnServer(aborted);
    persist(store.getDraft());
    tabs.leave();
  }

  // Saved whenever the state is published outside an answer: mid-answer saves would cost a
  // storage write per frame; the start of an answer is saved by `announce`, and `persistNow`
  // covers a page that goes away mid-answer.
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
    edit,
    reset,
    discard,
    configure(next) {
      requestOptions = next;
    },
    restore,
    persistNow: () => persist(store.getDraft()),
    dispose,
  };
}
