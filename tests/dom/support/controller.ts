/** Helpers to drive a chat controller in tests without React. */
import { vi } from "vitest";
import { createChatController, type ChatController, type ChatControllerDeps } from "@/lib/chat-client/chat-controller";
import type { FrameScheduler } from "@/lib/chat-client/frame-throttle";
import type { ChatOptions, ChatSnapshot, ChatStatus } from "@/lib/chat-client/types";

/** A frame scheduler whose frames run only when the test says so. */
export function manualFrames(): FrameScheduler & { runFrame(): void; pending(): number; count(): number } {
  const queue = new Set<() => void>();
  let frames = 0;
  return {
    schedule(run) {
      queue.add(run);
      return () => queue.delete(run);
    },
    runFrame() {
      frames += 1;
      const runs = [...queue];
      queue.clear();
      for (const run of runs) run();
    },
    pending: () => queue.size,
    /** Frames run so far. */
    count: () => frames,
  };
}

export interface ControllerHarness {
  chat: ChatController;
  /** Every published snapshot, in order. */
  published: ChatSnapshot[];
  statuses(): ChatStatus[];
  /** Waits until the published state satisfies `check`. */
  until(check: (snapshot: ChatSnapshot) => boolean): Promise<ChatSnapshot>;
}

export function controllerHarness(options: ChatOptions = {}, deps: ChatControllerDeps = {}): ControllerHarness {
  const chat = createChatController({ storageKey: false, ...options }, deps);
  const published: ChatSnapshot[] = [];
  chat.subscribe(() => published.push(chat.getSnapshot()));
  return {
    chat,
    published,
    statuses: () => published.map((snapshot) => snapshot.status).filter((status, index, all) => status !== all[index - 1]),
    until: (check) => untilSnapshot(chat, check),
  };
}

/** Waits until the published state of `chat` satisfies `check`. */
export function untilSnapshot(chat: ChatController, check: (snapshot: ChatSnapshot) => boolean): Promise<ChatSnapshot> {
  return vi.waitFor(
    () => {
      const snapshot = chat.getSnapshot();
      if (!check(snapshot)) throw new Error(`not yet: ${JSON.stringify(snapshot)}`);
      return snapshot;
    },
    { timeout: 2_000, interval: 5 },
  );
}

/** Re-attach waits that take no time, recording what they would have waited. */
export function instantResume(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  };
}

export const lastAnswer = (snapshot: ChatSnapshot) => {
  const last = snapshot.messages.at(-1);
  return last?.role === "assistant" ? last : undefined;
};
