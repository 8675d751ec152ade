"use client";
/**
 * A commit counter for the rendering benchmark, which works in production builds where
 * `<Profiler>` reports nothing. It does nothing unless the page defines
 * `window.__chatRenderProbe` (the benchmark does, before the app loads).
 */
import { useIsomorphicLayoutEffect } from "@/lib/chat-client/use-isomorphic-layout-effect";

declare global {
  interface Window {
    __chatRenderProbe?: { onCommit(): void };
  }
}

/** Call in the component whose commits are counted; runs after every commit of it. */
export function useRenderProbe(): void {
  useIsomorphicLayoutEffect(() => {
    window.__chatRenderProbe?.onCommit();
  });
}
