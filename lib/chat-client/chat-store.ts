/**
 * The conversation's state outside React, in the shape `useSyncExternalStore` wants: a stable
 * snapshot that changes identity only when it is published. Updates land in a draft at once;
 * listeners hear about them at most once per frame, or at once when an update is urgent.
 */
import { createFrameThrottle, type FrameScheduler } from "./frame-throttle";
import type { ChatSnapshot } from "./types";

export type Urgency = "next-frame" | "now";

export interface ChatStore {
  getSnapshot(): ChatSnapshot;
  /** The latest state, including changes not yet published. */
  getDraft(): ChatSnapshot;
  subscribe(listener: () => void): () => void;
  update(recipe: (draft: ChatSnapshot) => ChatSnapshot, urgency: Urgency): void;
  /** Drops a pending publication (the owner goes away). */
  cancelPending(): void;
}

export function createChatStore(initial: ChatSnapshot, scheduler?: FrameScheduler): ChatStore {
  let published = initial;
  let draft = initial;
  const listeners = new Set<() => void>();
  const throttle = createFrameThrottle(publish, scheduler);

  function publish(): void {
    if (published === draft) return;
    published = draft;
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
      if (urgency === "now") {
        throttle.cancel();
        publish();
      } else {
        throttle.request();
      }
    },
    cancelPending: () => throttle.cancel(),
  };
}
