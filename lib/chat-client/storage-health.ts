/**
 * Whether this browser is keeping conversations: storage can be switched off (private modes,
 * policies) or full. The chat works either way; the page shows a quiet notice once a write
 * failed, so a student is not surprised by a reload that forgets. One flag per page, because
 * storage fails for the whole origin at once.
 */
export type StorageHealth = "ok" | "unavailable" | "full";

let health: StorageHealth = "ok";
const listeners = new Set<() => void>();

export function reportStorageHealth(next: StorageHealth): void {
  if (next === health) return;
  health = next;
  for (const listener of [...listeners]) listener();
}

/** Classifies what a failed `setItem` threw: a full quota, or storage refused altogether. */
export function storageFailure(error: unknown): StorageHealth {
  const name = error instanceof Error || error instanceof DOMException ? error.name : "";
  return name === "QuotaExceededError" || name === "NS_ERROR_DOM_QUOTA_REACHED" ? "full" : "unavailable";
}

export const storageHealthStore = {
  getSnapshot: (): StorageHealth => health,
  getServerSnapshot: (): StorageHealth => "ok",
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
