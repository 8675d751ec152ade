/**
 * The page's side of highlighting with a worker that gets stuck: the block it owed stays plain,
 * the worker is replaced, and the next block is coloured; very long blocks are never sent.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HighlightRequest, HighlightResponse } from "@/components/chat/highlight";

/** A worker that answers every request at once, except code containing "stuck", which it never answers. */
class FakeWorker {
  static started: FakeWorker[] = [];
  posted: HighlightRequest[] = [];
  terminated = false;
  private onMessage: ((event: { data: HighlightResponse }) => void) | undefined;
  constructor() {
    FakeWorker.started.push(this);
  }
  addEventListener(type: string, listener: (event: { data: HighlightResponse }) => void): void {
    if (type === "message") this.onMessage = listener;
  }
  postMessage(request: HighlightRequest): void {
    this.posted.push(request);
    if (!request.code.includes("stuck")) queueMicrotask(() => this.onMessage?.({ data: { id: request.id, lines: [[{ content: request.code, style: undefined }]] } }));
  }
  terminate(): void {
    this.terminated = true;
  }
}

async function loadHighlighter() {
  vi.resetModules();
  return import("@/components/chat/highlighter");
}

beforeEach(() => {
  FakeWorker.started = [];
  vi.stubGlobal("Worker", FakeWorker);
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("highlighting in a worker", () => {
  it("leaves a block the worker never answers plain, replaces the worker, and colours the next block", async () => {
    const { highlight } = await loadHighlighter();
    const stuck = highlight("stuck();", "typescript");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await stuck).toBeUndefined();
    expect(FakeWorker.started[0]?.terminated).toBe(true);

    const next = highlight("const x = 1;", "typescript");
    expect(await next).toEqual([[{ content: "const x = 1;", style: undefined }]]);
    expect(FakeWorker.started).toHaveLength(2);
  });

  it("never sends a block longer than the limit", async () => {
    const { highlight, MAX_HIGHLIGHT_CHARS } = await loadHighlighter();
    expect(await highlight("x".repeat(MAX_HIGHLIGHT_CHARS + 1), "typescript")).toBeUndefined();
    expect(FakeWorker.started.flatMap((worker) => worker.posted)).toEqual([]);
  });
});
