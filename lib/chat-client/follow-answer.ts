/**
 * Reads one answer to its end across broken connections: when the body errors or ends without
 * `done` or `error`, the answer is asked for again from after the last event applied
 * (`GET {api}/streams/{id}` with `Last-Event-ID`), a few times with a short backoff. No state of
 * its own: the caller applies the events and says where it stands.
 */
import type { ChatEvent } from "@/lib/chat-stream/events";
import { reopenAnswer } from "./answer-streams";
import { readIdentifiedChatEvents } from "./sse-reader";

/** The waits before each attempt to re-attach after a break; a break after new text starts over. */
export const RESUME_DELAYS_MS: readonly number[] = [250, 1_000, 2_000];

export interface ResumeDeps {
  /** Waits before each re-attach attempt; default {@link RESUME_DELAYS_MS}. Its length is the number of attempts. */
  delaysMs?: readonly number[];
  /** Resolves after `ms`, or early once `signal` aborts; default a timer. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface FollowAnswerOptions extends ResumeDeps {
  api: string;
  signal: AbortSignal;
  fetch?: typeof fetch;
  /** The route's id of the answer, read at each break: it may arrive with the first events. */
  messageId(): string | undefined;
  /** The id of the last event applied; a resume replays what comes after it. */
  lastEventId(): number | undefined;
  /** Applies one event; true once the answer has ended (`done` or `error`). */
  apply(event: ChatEvent, id: number | undefined): boolean;
}

/**
 * - `ended`: `apply` said so;
 * - `aborted`: the signal aborted (stop, reset, a newer answer);
 * - `lost`: the answer cannot be read to its end: `network` when the connection broke and the
 *   answer has no id to resume with, else `interrupted`.
 */
export type FollowOutcome = { kind: "ended" } | { kind: "aborted" } | { kind: "lost"; code: "network" | "interrupted" };

type BodyOutcome = { kind: "ended" } | { kind: "aborted" } | { kind: "broke"; threw: boolean; applied: number };

/**
 * Follows `body` (the POST's answer), or with `body` undefined attaches to the answer at once
 * (after a reload, or in a second tab), until it ends.
 */
export async function followAnswer(body: ReadableStream<Uint8Array> | undefined, options: FollowAnswerOptions): Promise<FollowOutcome> {
  const delays = options.delaysMs ?? RESUME_DELAYS_MS;
  const sleep = options.sleep ?? sleepFor;
  const { signal } = options;
  let current = body;
  let attempt = 0;
  let threw = false;
  // An attach (no body yet) asks at once; a re-attach after a break waits first.
  let waitFirst = body !== undefined;

  for (;;) {
    if (current !== undefined) {
      const resumed = current !== body;
      const read = await readBody(current, options);
      if (read.kind !== "broke") return read;
      // An empty resume: the server had nothing after our last event, yet we never saw the end.
      if (resumed && read.applied === 0 && !read.threw) return { kind: "lost", code: "interrupted" };
      if (read.applied > 0) attempt = 0;
      threw = read.threw;
      current = undefined;
      waitFirst = true;
    }
    const messageId = options.messageId();
    if (messageId === undefined) return { kind: "lost", code: threw ? "network" : "interrupted" };
    if (attempt >= delays.length) return { kind: "lost", code: "interrupted" };
    if (waitFirst) await sleep(delays[attempt] ?? 0, signal);
    attempt += 1;
    if (signal.aborted) return { kind: "aborted" };
    const reopened = await reopenAnswer(options.api, messageId, options.lastEventId(), signal, options.fetch);
    if (reopened.kind === "aborted" || signal.aborted) return { kind: "aborted" };
    // 404: the answer is gone (expired, or its server restarted without a shared store).
    if (reopened.kind === "gone") return { kind: "lost", code: "interrupted" };
    waitFirst = true;
    if (reopened.kind === "stream") current = reopened.body;
  }
}

async function readBody(body: ReadableStream<Uint8Array>, options: FollowAnswerOptions): Promise<BodyOutcome> {
  let applied = 0;
  // Asked once per body, then kept here: applying an event with an id moves it on.
  let last = options.lastEventId();
  try {
    for await (const { event, id } of readIdentifiedChatEvents(body)) {
      if (options.signal.aborted) return { kind: "aborted" };
      // Already applied (a replay that started earlier than asked): applying it again would repeat text.
      if (id !== undefined && last !== undefined && id <= last) continue;
      applied += 1;
      if (id !== undefined) last = id;
      if (options.apply(event, id)) return { kind: "ended" };
    }
  } catch {
    return options.signal.aborted ? { kind: "aborted" } : { kind: "broke", threw: true, applied };
  }
  return options.signal.aborted ? { kind: "aborted" } : { kind: "broke", threw: false, applied };
}

function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
