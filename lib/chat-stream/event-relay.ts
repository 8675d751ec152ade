/**
 * Holds a run's events until the response knows its shape. A failure before any text must
 * become an HTTP error status, so the response waits for the first text or the end; events
 * that arrived meanwhile are replayed to the stream, later ones are passed straight through.
 */
import type { ChatEvent } from "./events";

export interface EventRelay {
  /** Give this to the producer. */
  push(event: ChatEvent): void;
  /** Resolves with the first `delta`, `done` or `error`. */
  readonly firstOutput: Promise<ChatEvent>;
  /** Replays what is buffered to `listener`, then forwards every later event. Once only. */
  attach(listener: (event: ChatEvent) => void): void;
  /** Events so far when nobody is attached. */
  buffered(): readonly ChatEvent[];
}

export function createEventRelay(): EventRelay {
  const buffer: ChatEvent[] = [];
  let listener: ((event: ChatEvent) => void) | undefined;
  let announceFirstOutput!: (event: ChatEvent) => void;
  let announced = false;
  const firstOutput = new Promise<ChatEvent>((resolve) => {
    announceFirstOutput = resolve;
  });

  return {
    push(event) {
      if (listener) listener(event);
      else buffer.push(event);
      if (!announced && event.type !== "start" && event.type !== "metadata") {
        announced = true;
        announceFirstOutput(event);
      }
    },
    firstOutput,
    attach(next) {
      if (listener) throw new Error("EventRelay.attach called twice");
      listener = next;
      for (const event of buffer.splice(0)) next(event);
    },
    buffered: () => buffer,
  };
}
