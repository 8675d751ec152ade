import { describe, expect, it, vi } from "vitest";
import { linkAbortSignals } from "@/lib/createai/abort-signals";

/** Counts the abort listeners a signal holds right now. */
function listenerCount(signal: AbortSignal): () => number {
  const live = new Set<unknown>();
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  vi.spyOn(signal, "addEventListener").mockImplementation((type, listener, options) => {
    live.add(listener);
    add(type, listener, options);
  });
  vi.spyOn(signal, "removeEventListener").mockImplementation((type, listener, options) => {
    live.delete(listener);
    remove(type, listener, options);
  });
  return () => live.size;
}

describe("linkAbortSignals", () => {
  it("aborts with the reason of the first signal that aborts", () => {
    const caller = new AbortController();
    const timeout = new AbortController();
    const { signal } = linkAbortSignals([caller.signal, timeout.signal]);
    expect(signal.aborted).toBe(false);
    timeout.abort("too slow");
    caller.abort("gone");
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe("too slow");
  });

  it("starts aborted when one of them already is", () => {
    const caller = new AbortController();
    caller.abort("gone");
    const { signal } = linkAbortSignals([new AbortController().signal, caller.signal]);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe("gone");
  });

  it("leaves no listener behind on a long-lived signal once unlinked", () => {
    const caller = new AbortController();
    const listeners = listenerCount(caller.signal);
    const { signal, unlink } = linkAbortSignals([caller.signal, new AbortController().signal]);
    expect(listeners()).toBe(1);
    unlink();
    expect(listeners()).toBe(0);
    caller.abort();
    expect(signal.aborted).toBe(false);
  });

  it("lets go of the others as soon as one aborts", () => {
    const caller = new AbortController();
    const timeout = new AbortController();
    const listeners = listenerCount(caller.signal);
    linkAbortSignals([caller.signal, timeout.signal]);
    timeout.abort();
    expect(listeners()).toBe(0);
  });
});
