"use client";
/**
 * Escape from anywhere on the page does `action` while `active`: it stops the answer that is
 * arriving, as in the chat apps students know, or cancels an edit. Not where Escape already
 * means something: inside a dialog (it closes it), a menu, or a field that handled it
 * (`preventDefault`).
 */
import { useEffect } from "react";

export function useEscapeKey(active: boolean, action: () => void): void {
  useEffect(() => {
    if (!active) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented || event.isComposing) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest("dialog, [role='menu'], [role='listbox']")) return;
      event.preventDefault();
      action();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [active, action]);
}
