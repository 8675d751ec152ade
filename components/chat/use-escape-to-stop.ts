"use client";
/**
 * Escape stops the answer that is arriving, from anywhere on the page, as in the chat apps
 * students know; except where Escape already means something: inside a dialog (it closes it),
 * a menu, or a field that handled it (`preventDefault`).
 */
import { useEffect } from "react";

export function useEscapeToStop(active: boolean, stop: () => void): void {
  useEffect(() => {
    if (!active) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented || event.isComposing) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest("dialog, [role='menu'], [role='listbox']")) return;
      event.preventDefault();
      stop();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [active, stop]);
}
