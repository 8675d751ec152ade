"use client";
/**
 * A commit counter for the rendering benchmark, which works in production builds where
 * `<Profiler>` reports nothing. It does nothing unless the page defines
 * `window.__chatRenderProbe` (the benchmark does, before the app loads).
 */
import { useEffect, useLayoutEffect } from "react";

declare global {
  interface Window {
    __chatRenderProbe?: { onCommit(): void };
  }
}

const useIsomorphicLayoutEffect = typeof window === "undefined" ? useEffect : useLayoutEffect;

/** Call in the component whose commits are counted; runs after every commit of it. */
export function useRenderProbe(): void {
  useIsomorphicLayoutEffect(() => {
    window.__chatRenderProbe?.onCommit();
  });
}
