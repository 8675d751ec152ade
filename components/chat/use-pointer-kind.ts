"use client";
/**
 * Whether the person points with a finger or with a mouse or trackpad. The question box uses it
 * for what Enter does and for focusing itself on load: on a touch screen Enter adds a line (the
 * on-screen keyboard has no Shift+Enter worth the name) and a focus would pop the keyboard up.
 */
import { useSyncExternalStore } from "react";

/** The primary pointer: "coarse" is a finger (phones, tablets), "fine" a mouse, trackpad or pen. */
export type PointerKind = "fine" | "coarse";

const COARSE = "(pointer: coarse)";
const FINE = "(pointer: fine)";

function matches(query: string): boolean | undefined {
  // jsdom and very old browsers have no matchMedia.
  return typeof window === "undefined" || typeof window.matchMedia !== "function" ? undefined : window.matchMedia(query).matches;
}

/** Read at the moment of use: a tablet can gain or lose a trackpad or mouse at any time. */
export function primaryPointer(): PointerKind {
  return matches(COARSE) === true ? "coarse" : "fine";
}

/** True only where a fine pointer is known to be the primary one: unknown is not enough to steal focus. */
export function hasFinePointer(): boolean {
  return matches(FINE) === true;
}

function subscribe(onChange: () => void): () => void {
  if (typeof window.matchMedia !== "function") return () => {};
  const query = window.matchMedia(COARSE);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/** The primary pointer, kept current; "fine" on the server and while hydrating, since the server cannot know. */
export function usePointerKind(): PointerKind {
  return useSyncExternalStore(subscribe, primaryPointer, () => "fine");
}
