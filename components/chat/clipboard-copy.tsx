"use client";
/**
 * Copying to the clipboard, as every copy button of the chat does it: the outcome shown for a
 * moment (Copied, or Copy failed where the clipboard needs a secure context, https or
 * localhost, and there is none), and the icon that goes with it.
 */
import { useCallback, useEffect, useState } from "react";

const SHOW_RESULT_MS = 2000;

export interface CopyResult<Detail> {
  ok: boolean;
  /** What the caller said about this copy (which format, from where). */
  detail: Detail;
}

export function useClipboardCopy<Detail = undefined>(): {
  result: CopyResult<Detail> | undefined;
  copy(text: string, detail: Detail): Promise<void>;
} {
  const [result, setResult] = useState<CopyResult<Detail>>();

  useEffect(() => {
    if (result === undefined) return;
    const timer = setTimeout(() => setResult(undefined), SHOW_RESULT_MS);
    return () => clearTimeout(timer);
  }, [result]);

  const copy = useCallback(async (text: string, detail: Detail) => {
    try {
      await navigator.clipboard.writeText(text);
      setResult({ ok: true, detail });
    } catch {
      setResult({ ok: false, detail });
    }
  }, []);

  return { result, copy };
}

/** What a copy button says: Copy, then Copied or Copy failed for a moment. */
export function copyLabel(result: CopyResult<unknown> | undefined): string {
  return result === undefined ? "Copy" : result.ok ? "Copied" : "Copy failed";
}

/** Two sheets, or a tick once copied. */
export function CopyIcon({ copied }: { copied: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-3.5">
      {copied ? (
        <path fillRule="evenodd" d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.6l7.3-7.3a1 1 0 0 1 1.4 0Z" clipRule="evenodd" />
      ) : (
        <path d="M7 3.5A1.5 1.5 0 0 1 8.5 2h6A1.5 1.5 0 0 1 16 3.5v9a1.5 1.5 0 0 1-1.5 1.5h-6A1.5 1.5 0 0 1 7 12.5v-9ZM4 6.5A1.5 1.5 0 0 1 5.5 5H6v8a2 2 0 0 0 2 2h5v.5a1.5 1.5 0 0 1-1.5 1.5h-6A1.5 1.5 0 0 1 4 15.5v-9Z" />
      )}
    </svg>
  );
}
