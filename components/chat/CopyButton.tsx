"use client";
/** A one-click Copy of a text (a code block's code), saying for a moment whether it worked. */
import { ACTION_BUTTON } from "./action-button";
import { CopyIcon, copyLabel, useClipboardCopy } from "./clipboard-copy";

export function CopyButton({ text, label = "Copy answer" }: { text: string; label?: string }) {
  const { result, copy } = useClipboardCopy();
  return (
    <button type="button" onClick={() => void copy(text, undefined)} aria-label={result === undefined ? label : copyLabel(result)} className={ACTION_BUTTON}>
      <CopyIcon copied={result?.ok === true} />
      <span aria-hidden="true">{copyLabel(result)}</span>
    </button>
  );
}
