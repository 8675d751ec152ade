"use client";
/**
 * Keeps a scroll container at its bottom while content grows, until the reader scrolls up;
 * then it stays where the reader is and reports that newer content lies below.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { useIsomorphicLayoutEffect } from "@/lib/chat-client/use-isomorphic-layout-effect";

/** Closer than this to the bottom counts as "at the bottom" (a line or so of slack). */
const BOTTOM_SLACK_PX = 40;


export interface StickToBottom {
  /** False once the reader has scrolled up away from the newest content. */
  pinned: boolean;
  /** Scrolls to the newest content and follows it again. */
  jumpToLatest(): void;
}

/** `contentVersion` changes whenever the content may have grown (the messages snapshot will do). */
export function useStickToBottom(scrollRef: RefObject<HTMLElement | null>, contentVersion: unknown): StickToBottom {
  const [pinned, setPinned] = useState(true);
  const pinnedRef = useRef(true);
  const lastScrollTop = useRef(0);

  const setPinnedBoth = useCallback((next: boolean) => {
    pinnedRef.current = next;
    setPinned(next);
  }, []);

  const scrollToBottom = useCallback(() => {
    const element = scrollRef.current;
    if (!element) return;
    element.scrollTop = element.scrollHeight;
    lastScrollTop.current = element.scrollTop;
  }, [scrollRef]);

  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    function onScroll(): void {
      if (!element) return;
      const distance = element.scrollHeight - element.scrollTop - element.clientHeight;
      // Growth never moves scrollTop and our own scrolls only move it down, so a move up is the reader's.
      const movedUp = element.scrollTop < lastScrollTop.current - 1;
      lastScrollTop.current = element.scrollTop;
      if (distance <= BOTTOM_SLACK_PX) {
        if (!pinnedRef.current) setPinnedBoth(true);
      } else if (movedUp && pinnedRef.current) {
        setPinnedBoth(false);
      }
    }
    element.addEventListener("scroll", onScroll, { passive: true });
    // Follows growth from a ResizeObserver: it runs after the frame's own layout, so reading
    // scrollHeight there costs nothing, where a layout effect would force a second layout of
    // the whole conversation on every frame of a streaming answer.
    const observer = typeof ResizeObserver === "function" ? new ResizeObserver(() => pinnedRef.current && scrollToBottom()) : undefined;
    if (element.firstElementChild) observer?.observe(element.firstElementChild);
    return () => {
      element.removeEventListener("scroll", onScroll);
      observer?.disconnect();
    };
  }, [scrollRef, scrollToBottom, setPinnedBoth]);

  // Without ResizeObserver (old browsers, jsdom) each render scrolls, at the cost of a layout.
  useIsomorphicLayoutEffect(() => {
    if (pinnedRef.current && typeof ResizeObserver !== "function") scrollToBottom();
  }, [contentVersion, scrollToBottom]);

  const jumpToLatest = useCallback(() => {
    setPinnedBoth(true);
    scrollToBottom();
  }, [scrollToBottom, setPinnedBoth]);

  return { pinned, jumpToLatest };
}
