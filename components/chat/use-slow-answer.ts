"use client";
/**
 * Notices an answer that has gone quiet: CreateAI can stay silent for up to a minute before it
 * times out, and three dots alone do not tell a student whether to wait or to stop.
 */
import { useEffect, useState } from "react";

/** Silence, in milliseconds, after which the chat says an answer is taking longer than usual. */
export const SLOW_ANSWER_AFTER_MS = 8_000;

/**
 * True once `progress` (a value that changes whenever the answer moves on) has not changed for
 * `afterMs` while `waiting`; false again as soon as it changes or the wait is over.
 */
export function useSlowAnswer(waiting: boolean, progress: string | undefined, afterMs = SLOW_ANSWER_AFTER_MS): boolean {
  const [stalledAt, setStalledAt] = useState<string | undefined>(undefined);

  useEffect(() => {
    if (!waiting || progress === undefined) return;
    const timer = setTimeout(() => setStalledAt(progress), afterMs);
    return () => clearTimeout(timer);
  }, [waiting, progress, afterMs]);

  return waiting && progress !== undefined && stalledAt === progress;
}
