"use client";
/**
 * Whether an element is at least `minWidth` pixels wide, from a ResizeObserver: the chat decides
 * by its own width, not the window's, because a page may give it a narrow column. Undefined
 * until measured (on the server); measured before the first paint, so the sidebar never pops in.
 */
import { useState, type RefObject } from "react";
import { useIsomorphicLayoutEffect } from "@/lib/chat-client/use-isomorphic-layout-effect";


export function useWide(ref: RefObject<HTMLElement | null>, minWidth: number): boolean | undefined {
  const [wide, setWide] = useState<boolean | undefined>(undefined);
  useIsomorphicLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWide(element.getBoundingClientRect().width >= minWidth);
    measure();
    if (typeof ResizeObserver !== "function") return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, minWidth]);
  return wide;
}
