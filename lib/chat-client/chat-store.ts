/**
 * The conversation's state outside React, in the shape `useSyncExternalStore` wants: a stable
 * snapshot that changes identity only when it is published. Updates land in a draft at once
 * and are published by urgency:
 * - `now`: at once (what the user just did: send, stop, retry, reset);
 * - `this-frame`: at once unless something was published in the current frame already, else
 *   with the next frame (what the stream says: it started, it ended), so the end of an answer
 *   never costs a second render in a frame;
 * - `next-frame`: with the next animation frame (the text as it grows).
 */
import { createFrameThrottle, type FrameScheduler } from "./frame-throttle";
import type { ChatSnapshot } from "./types";

export type Urgency = "next-frame" | "this-frame" | "now";

export interface ChatStore {
  getSnapshot(): ChatSnapshot;
  /** The latest state, including changes not yet published. */
  getDraft(): ChatSnapshot;
  subscribe(listener: () => void): () => void;
  update(recipe: (draft: ChatSnapshot) => ChatSnapshot, urgency: Urgency): void;
}

export function createChatStore(initial: ChatSnapshot, scheduler?: FrameScheduler): ChatStore {
  let published = initial;
  let draft = initial;
  let publishedThisFrame = false;
  const listeners = new Set<() => void>();
  const throttle = createFrameThrottle(publish, scheduler);
  const frameEnd = createFrameThrottle(() => (publishedThisFrame = false), scheduler);

  function publish(): void {
    if (published === draft) return;
    published = draft;
    publishedThisFrame = true;
    frameEnd.request();
    for (const listener of [...listeners]) listener();
  }

  return {
    getSnapshot: () => published,
    getDraft: () => draft,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    update(recipe, urgency) {
      draft = recipe(draft);
      if (urgency === "now" || (urgency === "this-frame" && !publishedThisFrame)) {
        throttle.cancel();
        publish();
      } else {
        throttle.request();
      }
    },
  };
}
