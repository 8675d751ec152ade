"use client";
/**
 * The Study Coach scope a page carries in its URL (`?courseId=…&studentId=…&preparationPageId=…`),
 * as the original Study Coach chat read it. Read without `useSearchParams`, which would force a
 * Suspense boundary on every page that renders the chat.
 */
import { useSyncExternalStore } from "react";

export interface PageScope {
  courseId?: string;
  studentId?: string;
  preparationPageId?: string;
}

const SCOPE_PARAMS = ["courseId", "studentId", "preparationPageId"] as const;

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  return () => window.removeEventListener("popstate", onChange);
}

const readSearch = () => window.location.search;
// The server has no URL of the page: nothing, then the real values right after hydration.
const serverSearch = () => "";

/** The scope from the page's query string; empty values count as absent. */
export function scopeFromSearch(search: string): PageScope {
  const params = new URLSearchParams(search);
  const scope: PageScope = {};
  for (const name of SCOPE_PARAMS) {
    const value = params.get(name)?.trim();
    if (value) scope[name] = value;
  }
  return scope;
}

export function usePageScope(): PageScope {
  const search = useSyncExternalStore(subscribe, readSearch, serverSearch);
  // Parsing is a few microseconds; a new object per render is fine for the option merge below.
  return scopeFromSearch(search);
}
